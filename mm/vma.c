/*
 * Address spaces and their VMAs: create, copy for fork (copy-on-write for
 * private memory; VM_SHARED mappings such as shm keep the same frames), and
 * release for exit and exec.  Every VMA that comes or goes calls its
 * vm_ops->open or ->close, which is how shm counts its attaches and a file
 * lists its mappings; and each holds its own reference to the file it maps
 * (vm_file), as Linux's VMAs do.
 */
#include "mm/mm.h"
#include "fs/file.h"
#include "mm/kmalloc.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/x86.h"
#include "mm/swap.h"

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm));

	if (mm && !(mm->pgd = pgd_alloc())) {
		kfree(mm);
		return NULL;
	}
	if (mm)
		mm->mm_users = 1;
	return mm;
}

/*
 * The first VMA that ends above addr (it may start above addr too).  As in
 * Linux 2.2 the last VMA that held addr is cached: faults come in runs on one
 * VMA.  The list is sorted, so when the cached VMA lies wholly below addr
 * the walk starts there instead of at the head: a program that maps page
 * after page (each lands just above the last, which insert_vm_struct
 * caches) finds its place in a step, not in a walk over all its VMAs.
 * vma_free clears the cache, so it never points at a freed VMA.
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, uint32_t addr)
{
	struct vm_area_struct *v = mm->mmap_cache;

	if (v && v->vm_start <= addr && addr < v->vm_end)
		return v;
	if (!v || v->vm_start > addr)
		v = mm->mmap;
	for (; v; v = v->vm_next)
		if (v->vm_end > addr) {
			if (v->vm_start <= addr)
				mm->mmap_cache = v;
			return v;
		}
	return NULL;
}

/*
 * VMAs are the user's to make, 65530 a process: their slabs stay out of the
 * kernel's reserve (GFP_USER), and the OOM killer counts them.
 */
struct vm_area_struct *vma_alloc(struct mm_struct *mm, uint32_t start,
				 uint32_t end, uint32_t flags)
{
	struct vm_area_struct *v = kmalloc_gfp(sizeof(*v), GFP_USER);

	if (v) {
		memset(v, 0, sizeof(*v));
		v->vm_mm = mm;
		v->vm_start = start;
		v->vm_end = end;
		v->vm_flags = flags;
	}
	return v;
}

/* The new VMA becomes the cached one: it is the next to be touched. */
void insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *below = mm->mmap_cache, **pp = &mm->mmap;

	if (below && below->vm_start < vma->vm_start)
		pp = &below->vm_next;	/* sorted: a shorter way in */
	while (*pp && (*pp)->vm_start < vma->vm_start)
		pp = &(*pp)->vm_next;
	vma->vm_next = *pp;
	*pp = vma;
	mm->mmap_cache = vma;
	mm->total_vm += (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	mm->map_count++;
}

int range_is_free(struct mm_struct *mm, uint32_t start, uint32_t end)
{
	struct vm_area_struct *v = find_vma(mm, start);

	return start < end && end <= TASK_SIZE && (!v || v->vm_start >= end);
}

/*
 * The lowest free gap of len bytes at or above TASK_UNMAPPED_BASE, below
 * the stack's room to grow and out of any stack's guard gap
 * (vm_start_gap), or 0.  As Linux 2.6's bottom-up search, it
 * starts where the last one ended (free_area_cache) unless a hole below
 * might be large enough (cached_hole_size: the largest passed over); munmap
 * moves free_area_cache down to a new hole.  So mapping after mapping costs
 * a step each, not a walk over all that came before.
 */
uint32_t get_unmapped_area(struct mm_struct *mm, uint32_t len)
{
	uint32_t limit = USER_STACK_TOP - USER_STACK_MAX;
	uint32_t start = TASK_UNMAPPED_BASE, addr;
	struct vm_area_struct *v;

	len = PAGE_ALIGN(len);
	if (len > mm->cached_hole_size && mm->free_area_cache)
		start = mm->free_area_cache;
	else
		mm->cached_hole_size = 0;
	for (;;) {
		addr = start;
		for (v = find_vma(mm, addr); addr + len >= addr && addr + len <= limit;
		     v = v->vm_next) {
			uint32_t room = v ? vm_start_gap(v) : limit;

			if (addr + len <= room) {
				mm->free_area_cache = addr + len;
				return addr;
			}
			if (room > addr && room - addr > mm->cached_hole_size)
				mm->cached_hole_size = room - addr;
			if (v->vm_end > addr)
				addr = v->vm_end;
		}
		if (start == TASK_UNMAPPED_BASE)
			return 0;
		/* Nothing above the cache: once more, from the bottom. */
		start = TASK_UNMAPPED_BASE;
		mm->cached_hole_size = 0;
	}
}

/*
 * Fork's copy of one VMA's page table entries.  A VMA may span most of the
 * address space: the parent may give the CPU away before each page table
 * (the child is not runnable yet, and no other task changes the parent's
 * mm: cond_resched does not switch while one shares it), and may sleep
 * while a page table is allocated (reclaim), unless a thread shares the
 * mm.  Reclaim may put the parent's pages out meanwhile (each PTE is read
 * after), and the OOM killer may take its private pages; copy_process
 * then makes no child.
 */
static int copy_ptes(struct mm_struct *dst, struct mm_struct *src,
		     struct vm_area_struct *v)
{
	uint32_t cow = is_cow_mapping(v->vm_flags) ? PTE_W : 0;
	/* The child's page tables may wait for reclaim, which changes only
	 * PTEs (each is read after), unless a thread could change the VMAs. */
	int gfp = src->mm_users == 1 ? GFP_USER | __GFP_DIRECT_RECLAIM : GFP_USER;

	/* A page table (4 MiB) at a time: its entries are consecutive. */
	for (uint32_t va = v->vm_start, next; va < v->vm_end; va = next) {
		pte_t *s, *d, *dpt = NULL;	/* dpt: the child's page table */

		next = (va & ~0x3FFFFFu) + (4u << 20);
		if (next > v->vm_end || next == 0)
			next = v->vm_end;
		cond_resched();
		if (!(s = pte_walk(src->pgd, va, 0)))
			continue;	/* no page table: nothing mapped in its 4 MiB */
		for (; va < next; va += PAGE_SIZE, s++) {
			if (!*s)
				continue;
			if (!dpt) {
				if (!(d = pte_alloc(dst->pgd, va, gfp)))
					return -ENOMEM;
				dpt = d - PTX(va);
				if (!*s)	/* reclaim took it meanwhile (a shm page) */
					continue;
			}
			if (is_swap_pte(*s)) {	/* out on swap: the slot has one more user */
				swap_duplicate(pte_to_swp_entry(*s));
				dpt[PTX(va)] = *s;
				continue;
			}
			/* Private writable memory becomes read-only in both: copy on write. */
			*s &= ~cow;
			get_page(pte_page(*s));
			dpt[PTX(va)] = *s;
		}
	}
	return 0;
}

/* The mappings of v's pages go: by v's object if it knows them, else all. */
static void unmap_vma(struct vm_area_struct *v)
{
	if (v->vm_ops && v->vm_ops->zap)
		v->vm_ops->zap(v);
	else
		unmap_range(v->vm_mm->pgd, v->vm_start, v->vm_end);
}

static void vma_free(struct vm_area_struct *v)
{
	if (v->vm_mm->mmap_cache == v)
		v->vm_mm->mmap_cache = NULL;
	if (v->vm_ops && v->vm_ops->close)
		v->vm_ops->close(v);
	if (v->vm_file)
		file_put(v->vm_file);
	kfree(v);
}

/* A new VMA n, a copy of another, refers to the same object. */
static void vma_open(struct vm_area_struct *n)
{
	n->vm_next_share = NULL;
	n->vm_pprev_share = NULL;
	if (n->vm_file)
		file_get(n->vm_file);
	if (n->vm_ops && n->vm_ops->open)
		n->vm_ops->open(n);
}

struct mm_struct *mm_dup(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *v, *n;

	if (!mm)
		return NULL;
	/* A thread may change the VMAs while reclaim sleeps: copy_ptes does
	 * not reclaim then, so the page tables it will take are freed first. */
	if (old->mm_users > 1)
		reclaim_for(nr_page_tables(old->pgd) + 1);
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->start_stack = old->start_stack;
	mm->arg_start = old->arg_start;
	mm->arg_end = old->arg_end;
	mm->env_end = old->env_end;
	memcpy(mm->saved_auxv, old->saved_auxv, sizeof(mm->saved_auxv));
	for (v = old->mmap; v; v = v->vm_next) {
		cond_resched();
		if (v->vm_flags & VM_DONTCOPY)
			continue;
		if (!(n = kmalloc_gfp(sizeof(*n), GFP_USER)))
			goto fail;
		*n = *v;
		n->vm_mm = mm;
		n->vm_next = NULL;
		n->vm_flags &= ~(VM_LOCKED | VM_LOCKONFAULT);	/* not inherited */
		insert_vm_struct(mm, n);
		vma_open(n);
		/* MAP_DROPPABLE memory: the child starts with none (zeroed pages). */
		if (!(v->vm_flags & VM_WIPEONFORK) && copy_ptes(mm, old, v))
			goto fail;
	}
	flush_tlb_mm(old->pgd);		/* the parent's PTEs lost their W bits */
	return mm;
fail:
	flush_tlb_mm(old->pgd);
	mm_release(mm);
	return NULL;
}

void mm_release(struct mm_struct *mm)
{
	struct vm_area_struct *v;

	if (!mm)
		return;
	while ((v = mm->mmap)) {
		cond_resched();
		mm->mmap = v->vm_next;
		unmap_vma(v);
		vma_free(v);
	}
	pgd_free(mm->pgd);
	kfree(mm);
}

/* A task stops using mm (exit, exec); the last one frees it. */
void mmput(struct mm_struct *mm)
{
	if (mm && --mm->mm_users == 0)
		mm_release(mm);
}

/*
 * Splits v at addr; the upper part becomes a new VMA after v.  The caller
 * has checked sysctl_max_map_count, each as Linux does.
 */
int split_vma(struct vm_area_struct *v, uint32_t addr)
{
	struct vm_area_struct *n = kmalloc_gfp(sizeof(*n), GFP_USER);

	if (!n)
		return -ENOMEM;
	v->vm_mm->map_count++;
	*n = *v;
	n->vm_start = addr;
	n->vm_pgoff += (addr - v->vm_start) >> PAGE_SHIFT;
	v->vm_end = addr;
	v->vm_next = n;
	vma_open(n);
	return 0;
}

/*
 * Splits *vp at start and end, those of them inside it, so that *vp becomes
 * the VMA that is exactly [start, end): what mprotect, mlock and mremap
 * change.  Each split must keep the count of VMAs within
 * sysctl_max_map_count (-ENOMEM), as Linux's split_vma does; after a
 * failure of the second, *vp is [start, its end).
 */
int split_vma_range(struct vm_area_struct **vp, uint32_t start, uint32_t end)
{
	struct vm_area_struct *v = *vp;
	struct mm_struct *mm = v->vm_mm;

	if (start > v->vm_start) {
		if (mm->map_count >= sysctl_max_map_count || split_vma(v, start))
			return -ENOMEM;
		v = v->vm_next;
	}
	*vp = v;
	if (end < v->vm_end && (mm->map_count >= sysctl_max_map_count ||
				split_vma(v, end)))
		return -ENOMEM;
	return 0;
}

/*
 * A new VMA [addr, addr + len) of v's mm over the same object as v, from
 * its page pgoff, with v's flags, inserted; its pages come on first touch
 * (or move_page_tables moves them).  mremap moves a mapping with it and
 * remap_file_pages puts another part of the file in its place, as Linux's
 * copy_vma.  NULL when out of memory; the caller has checked
 * sysctl_max_map_count.
 */
struct vm_area_struct *copy_vma(struct vm_area_struct *v, uint32_t addr,
				uint32_t len, uint32_t pgoff)
{
	struct vm_area_struct *n = vma_alloc(v->vm_mm, addr, addr + len,
					     v->vm_flags);

	if (!n)
		return NULL;
	n->vm_ops = v->vm_ops;
	n->vm_private_data = v->vm_private_data;
	n->vm_file = v->vm_file;
	n->vm_pgoff = pgoff;
	insert_vm_struct(v->vm_mm, n);
	vma_open(n);
	return n;
}

/*
 * Gives back the page tables of [start, end) that no VMA uses any more, so
 * that a process which attaches and detaches holds no more memory after
 * than before (the leak tests compare free pages).  Their frames go after
 * the shootdown: a first touch without the big kernel lock (mm/fault.c)
 * may take a free frame at once, while another CPU could still walk it.
 */
static void free_pgtables(struct mm_struct *mm, uint32_t start, uint32_t end)
{
	/* The first VMA that ends above each table's start: one look, then along the list. */
	struct vm_area_struct *v = find_vma(mm, start & ~(PTRS_PER_PTE * PAGE_SIZE - 1));
	int unhooked = 0;

	for (uint32_t pdx = PDX(start); pdx <= PDX(end - 1); pdx++) {
		uint32_t lo = pdx << 22, hi = lo + (4u << 20);

		while (v && v->vm_end <= lo)
			v = v->vm_next;
		if ((mm->pgd[pdx] & PTE_P) && (!v || v->vm_start >= hi)) {
			mm->pgd[pdx] &= ~PTE_P;	/* unhooked; its frame still to free */
			unhooked = 1;
		}
	}
	if (!unhooked)
		return;
	flush_tlb_mm(mm->pgd);
	for (uint32_t pdx = PDX(start); pdx <= PDX(end - 1); pdx++)
		if (mm->pgd[pdx] && !(mm->pgd[pdx] & PTE_P)) {
			free_kpage(P2V(mm->pgd[pdx] & PAGE_MASK));
			mm->pgd[pdx] = 0;
		}
}

/*
 * Removes [addr, addr+len) from the address space, splitting VMAs at the
 * edges.  As on Linux, a split may take the count of VMAs one past
 * sysctl_max_map_count, so that unmapping can always free memory, except
 * for a hole in the middle of one VMA: that makes two where there was one.
 */
int do_munmap(struct mm_struct *mm, uint32_t addr, uint32_t len)
{
	uint32_t end = addr + PAGE_ALIGN(len);
	struct vm_area_struct **pp, *v;

	if ((addr & ~PAGE_MASK) || addr >= TASK_SIZE || end > TASK_SIZE ||
	    end <= addr)
		return -EINVAL;
	v = find_vma(mm, addr);
	if (v && v->vm_start < addr && end < v->vm_end &&
	    mm->map_count >= sysctl_max_map_count)
		return -ENOMEM;
	/* A new hole: get_unmapped_area must look there again. */
	if (end > TASK_UNMAPPED_BASE && addr < mm->free_area_cache)
		mm->free_area_cache = addr > TASK_UNMAPPED_BASE ? addr : TASK_UNMAPPED_BASE;
	for (pp = &mm->mmap; (v = *pp); ) {
		if (v->vm_end <= addr) {
			pp = &v->vm_next;
			continue;
		}
		if (v->vm_start >= end)
			break;
		if (v->vm_start < addr) {
			if (split_vma(v, addr))
				return -ENOMEM;
			pp = &v->vm_next;
			continue;
		}
		if (v->vm_end > end && split_vma(v, end))
			return -ENOMEM;
		*pp = v->vm_next;
		mm->total_vm -= (v->vm_end - v->vm_start) >> PAGE_SHIFT;
		if (v->vm_flags & VM_LOCKED)
			mm->locked_vm -= (v->vm_end - v->vm_start) >> PAGE_SHIFT;
		mm->map_count--;
		unmap_vma(v);
		vma_free(v);
		cond_resched();		/* the list is whole again */
	}
	free_pgtables(mm, addr, end);
	return 0;
}
