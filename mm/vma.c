/*
 * Address spaces and their VMAs: create, copy for fork (copy-on-write for
 * private memory; VM_SHARED mappings such as shm keep the same frames), and
 * release for exit and exec.  Every VMA that comes or goes calls its
 * vm_ops->open or ->close, which is how shm counts its attaches.
 */
#include "mm/mm.h"
#include "mm/kmalloc.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/x86.h"

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm));

	if (mm && !(mm->pgd = pgd_alloc())) {
		kfree(mm);
		return NULL;
	}
	return mm;
}

/*
 * The first VMA that ends above addr (it may start above addr too).  As in
 * Linux 2.2 the last VMA that held addr is cached: faults come in runs on one
 * VMA.  vma_free clears the cache, so it never points at a freed VMA.
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, uint32_t addr)
{
	struct vm_area_struct *v = mm->mmap_cache;

	if (v && v->vm_start <= addr && addr < v->vm_end)
		return v;
	for (v = mm->mmap; v; v = v->vm_next)
		if (v->vm_end > addr) {
			if (v->vm_start <= addr)
				mm->mmap_cache = v;
			return v;
		}
	return NULL;
}

struct vm_area_struct *vma_alloc(struct mm_struct *mm, uint32_t start,
				 uint32_t end, uint32_t flags)
{
	struct vm_area_struct *v = kzalloc(sizeof(*v));

	if (v) {
		v->vm_mm = mm;
		v->vm_start = start;
		v->vm_end = end;
		v->vm_flags = flags;
	}
	return v;
}

void insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct **pp = &mm->mmap;

	while (*pp && (*pp)->vm_start < vma->vm_start)
		pp = &(*pp)->vm_next;
	vma->vm_next = *pp;
	*pp = vma;
	mm->total_vm += (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

int range_is_free(struct mm_struct *mm, uint32_t start, uint32_t end)
{
	struct vm_area_struct *v = find_vma(mm, start);

	return start < end && end <= TASK_SIZE && (!v || v->vm_start >= end);
}

/* Lowest free gap of len bytes at or above TASK_UNMAPPED_BASE, or 0. */
uint32_t get_unmapped_area(struct mm_struct *mm, uint32_t len)
{
	uint32_t addr = TASK_UNMAPPED_BASE;
	struct vm_area_struct *v;

	len = PAGE_ALIGN(len);
	for (v = find_vma(mm, addr); ; v = v->vm_next) {
		if (addr + len < addr || addr + len > TASK_SIZE)
			return 0;
		if (!v || addr + len <= v->vm_start) {
			/* Keep below the stack's room to grow. */
			if (addr + len > USER_STACK_TOP - USER_STACK_MAX)
				return 0;
			return addr;
		}
		if (v->vm_end > addr)
			addr = v->vm_end;
	}
}

/*
 * Fork's copy of one VMA's page table entries.  A VMA may span most of the
 * address space: the parent may give the CPU away before each page table
 * (the child is not runnable yet, and only the parent changes its mm).
 */
static int copy_ptes(struct mm_struct *dst, struct mm_struct *src,
		     struct vm_area_struct *v)
{
	for (uint32_t va = v->vm_start; va < v->vm_end; va += PAGE_SIZE) {
		pte_t *s, *d;

		if (PTX(va) == 0)
			cond_resched();
		s = pte_walk(src->pgd, va, 0);

		if (!s) {
			/* No page table: skip its 4 MiB. */
			va = (va & ~0x3FFFFFu) + (4u << 20) - PAGE_SIZE;
			continue;
		}
		if (!(*s & PTE_P))
			continue;
		if (!(d = pte_walk(dst->pgd, va, 1)))
			return -ENOMEM;
		/* Private writable memory becomes read-only in both: copy on write. */
		if (!(v->vm_flags & VM_SHARED))
			*s &= ~PTE_W;
		get_page(pte_page(*s));
		*d = *s;
	}
	return 0;
}

static void vma_free(struct vm_area_struct *v)
{
	if (v->vm_mm->mmap_cache == v)
		v->vm_mm->mmap_cache = NULL;
	if (v->vm_ops && v->vm_ops->close)
		v->vm_ops->close(v);
	kfree(v);
}

struct mm_struct *mm_dup(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *v, *n;

	if (!mm)
		return NULL;
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->start_stack = old->start_stack;
	for (v = old->mmap; v; v = v->vm_next) {
		cond_resched();
		if (!(n = kmalloc(sizeof(*n))))
			goto fail;
		*n = *v;
		n->vm_mm = mm;
		n->vm_next = NULL;
		n->vm_next_share = NULL;
		n->vm_pprev_share = NULL;
		insert_vm_struct(mm, n);
		if (n->vm_ops && n->vm_ops->open)
			n->vm_ops->open(n);
		if (copy_ptes(mm, old, v))
			goto fail;
	}
	write_cr3(read_cr3());		/* the parent's PTEs lost their W bits */
	return mm;
fail:
	write_cr3(read_cr3());
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
		unmap_range(mm->pgd, v->vm_start, v->vm_end);
		vma_free(v);
	}
	pgd_free(mm->pgd);
	kfree(mm);
}

/* Splits v at addr; the upper part becomes a new VMA after v. */
int split_vma(struct vm_area_struct *v, uint32_t addr)
{
	struct vm_area_struct *n = kmalloc(sizeof(*n));

	if (!n)
		return -ENOMEM;
	*n = *v;
	n->vm_start = addr;
	n->vm_pgoff += (addr - v->vm_start) >> PAGE_SHIFT;
	n->vm_next_share = NULL;
	n->vm_pprev_share = NULL;
	v->vm_end = addr;
	v->vm_next = n;
	if (n->vm_ops && n->vm_ops->open)
		n->vm_ops->open(n);
	return 0;
}

/*
 * Gives back the page tables of [start, end) that no VMA uses any more, so
 * that a process which attaches and detaches holds no more memory after
 * than before (the leak tests compare free pages).
 */
static void free_pgtables(struct mm_struct *mm, uint32_t start, uint32_t end)
{
	for (uint32_t pdx = PDX(start); pdx <= PDX(end - 1); pdx++) {
		uint32_t lo = pdx << 22, hi = lo + (4u << 20);
		struct vm_area_struct *v = find_vma(mm, lo);

		if ((mm->pgd[pdx] & PTE_P) && (!v || v->vm_start >= hi)) {
			free_kpage(P2V(mm->pgd[pdx] & PAGE_MASK));
			mm->pgd[pdx] = 0;
		}
	}
	write_cr3(read_cr3());
}

/* Removes [addr, addr+len) from the address space, splitting VMAs at the edges. */
int do_munmap(struct mm_struct *mm, uint32_t addr, uint32_t len)
{
	uint32_t end = addr + PAGE_ALIGN(len);
	struct vm_area_struct **pp, *v;

	if ((addr & ~PAGE_MASK) || addr >= TASK_SIZE || end > TASK_SIZE ||
	    end <= addr)
		return -EINVAL;
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
		unmap_range(mm->pgd, v->vm_start, v->vm_end);
		vma_free(v);
		cond_resched();		/* the list is whole again */
	}
	free_pgtables(mm, addr, end);
	return 0;
}
