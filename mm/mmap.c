/*
 * brk, munmap, mprotect, and do_mmap, which places a new mapping: what malloc
 * asks for, and what maps a file (mm/filemap.c).  Pages come on first touch.
 * The mmap system calls themselves are kernel/sys_mmap.c's.
 */
#include "mm/mm.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/swap.h"
#include "fs/file.h"
#include "fs/memfd.h"
#include "ipc/shm.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/resource.h"
#include "kernel/task.h"

int sysctl_max_map_count = DEFAULT_MAX_MAP_COUNT;
unsigned long mmap_min_addr = DEFAULT_MMAP_MIN_ADDR;
int sysctl_overcommit_ratio = 50, sysctl_overcommit_kbytes;
uint32_t stack_guard_gap = DEFAULT_STACK_GUARD_GAP << PAGE_SHIFT;

/*
 * stack_guard_gap=PAGES on the command line, as Linux's
 * cmdline_parse_stack_guard_gap: a decimal number of pages, else ignored.
 */
void cmdline_parse_stack_guard_gap(void)
{
	const char *s = cmdline_get("stack_guard_gap");
	uint32_t pages = 0;

	if (!s || !*s)
		return;
	for (; *s >= '0' && *s <= '9'; s++)
		pages = pages * 10 + (*s - '0');
	if (!*s)
		stack_guard_gap = pages << PAGE_SHIFT;
}

/*
 * Linux's cap_mmap_addr: only root (CAP_SYS_RAWIO) may map below
 * mmap_min_addr.  -EPERM, or 0.
 */
int security_mmap_addr(uint32_t addr)
{
	return addr < mmap_min_addr && current->euid != 0 ? -EPERM : 0;
}

/* A hint below mmap_min_addr moves up to it, as Linux's round_hint_to_min. */
static uint32_t round_hint_to_min(uint32_t hint)
{
	hint &= PAGE_MASK;
	if (hint && hint < mmap_min_addr)
		return PAGE_ALIGN(mmap_min_addr);
	return hint;
}

/* Pages of [addr, end) that VMAs cover: what a MAP_FIXED mapping replaces. */
uint32_t count_vma_pages_range(struct mm_struct *mm, uint32_t addr,
			       uint32_t end)
{
	uint32_t n = 0;

	for (struct vm_area_struct *v = find_vma(mm, addr);
	     v && v->vm_start < end; v = v->vm_next)
		n += ((v->vm_end < end ? v->vm_end : end) -
		      (v->vm_start > addr ? v->vm_start : addr)) >> PAGE_SHIFT;
	return n;
}

/* What RLIMIT_DATA counts: private writable memory but the stack. */
static int is_data_mapping(uint32_t flags)
{
	return (flags & (VM_WRITE | VM_SHARED | VM_GROWSDOWN)) == VM_WRITE;
}

/* Linux keeps this count up to date; shmos counts when a limit asks. */
static uint32_t data_vm(struct mm_struct *mm)
{
	uint32_t n = 0;

	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
		if (is_data_mapping(v->vm_flags))
			n += (v->vm_end - v->vm_start) >> PAGE_SHIFT;
	return n;
}

/*
 * Linux's may_expand_vm: may mm have npages more of memory with these
 * flags?  Not past RLIMIT_AS in all, nor past RLIMIT_DATA in data.  (An
 * RLIMIT_DATA of 0 means the hard limit: Linux's workaround for Valgrind.)
 */
int may_expand_vm(struct mm_struct *mm, uint32_t flags, uint32_t npages)
{
	uint32_t data = rlimit(RLIMIT_DATA), have;

	if (mm->total_vm + npages > rlimit(RLIMIT_AS) >> PAGE_SHIFT)
		return 0;
	if (!is_data_mapping(flags) || data == RLIM_INFINITY)
		return 1;
	have = data_vm(mm) + npages;
	if (have > data >> PAGE_SHIFT)
		return data == 0 && have <= rlimit_max(RLIMIT_DATA) >> PAGE_SHIFT;
	return 1;
}

/*
 * Linux's acct_stack_growth: may the stack v grow by grow pages, to size
 * bytes?  Not past RLIMIT_AS, nor past RLIMIT_STACK, nor, for a locked
 * stack (mlockall), past RLIMIT_MEMLOCK.
 */
int acct_stack_growth(struct vm_area_struct *v, uint32_t size, uint32_t grow)
{
	return may_expand_vm(v->vm_mm, v->vm_flags, grow) &&
	       size <= rlimit(RLIMIT_STACK) &&
	       (!(v->vm_flags & VM_LOCKED) ||
		mlock_within_limit(v->vm_mm, grow));
}

/*
 * Linux's calc_vm_prot_bits: each PROT_ bit its VM_ bit, nothing more, so
 * /proc/PID/maps shows what was asked for ("-w-p").  The i386 page tables
 * cannot make a page writable or executable but not readable: any of the
 * three lets a fault read the page (vma_is_accessible, mm/fault.c).
 */
static uint32_t prot_to_vm(uint32_t prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) |
	       ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

/*
 * The heap is one VMA [start_brk, brk) that grows and shrinks in place, as
 * Linux's, up to a page short of the next VMA (or of its guard gap, if a
 * stack).  After mlockall(MCL_FUTURE) what it gains is locked too.
 */
long sys_brk(uint32_t brk)
{
	struct mm_struct *mm = current->mm;
	uint32_t old_end = PAGE_ALIGN(mm->brk), new_end = PAGE_ALIGN(brk);
	uint32_t flags = VM_DATA_DEFAULT_FLAGS | mm->def_flags, npages;
	struct vm_area_struct *heap, *next;

	/* Past TASK_SIZE PAGE_ALIGN would wrap to 0 and shrink the heap away. */
	if (brk < mm->start_brk || brk > TASK_SIZE)
		return mm->brk;
	/*
	 * Linux's check_data_rlimit, which also counts the data segment's
	 * file size (a few KiB): shmos does not keep it.
	 */
	if (brk - mm->start_brk > rlimit(RLIMIT_DATA))
		return mm->brk;
	if (new_end < old_end) {
		do_munmap(mm, new_end, old_end - new_end);
	} else if (new_end > old_end) {
		npages = (new_end - old_end) >> PAGE_SHIFT;
		next = find_vma(mm, old_end);
		/* A page clear below the next VMA, and its guard gap if a stack. */
		if ((next && new_end + PAGE_SIZE > vm_start_gap(next)) ||
		    !may_expand_vm(mm, flags, npages) ||
		    mm->map_count > sysctl_max_map_count ||
		    ((flags & VM_LOCKED) && !mlock_within_limit(mm, npages)))
			return mm->brk;
		heap = find_vma(mm, old_end - 1);
		if (heap && heap->vm_end == old_end && !heap->vm_ops &&
		    !heap->vm_file && heap->vm_start >= mm->start_brk &&
		    heap->vm_flags == flags) {
			heap->vm_end = new_end;
			mm->total_vm += npages;
		} else {
			if (!(heap = vma_alloc(mm, old_end, new_end, flags)))
				return mm->brk;
			insert_vm_struct(mm, heap);
		}
		if (flags & VM_LOCKED)
			mm->locked_vm += npages;
	}
	mm->brk = brk;
	if (new_end > old_end && (flags & (VM_LOCKED | VM_LOCKONFAULT)) == VM_LOCKED)
		mm_populate(old_end, new_end - old_end);
	return brk;
}

/* Linux's calc_vm_flag_bits: what mmap's flags say about the VMA. */
static uint32_t calc_vm_flag_bits(uint32_t flags)
{
	return ((flags & MAP_GROWSDOWN) ? VM_GROWSDOWN : 0) |
	       ((flags & MAP_LOCKED) ? VM_LOCKED : 0);
}

/*
 * May a mapping [addr, addr + len) go where its hint says?  Only if the
 * range is free and out of the guard gap of a stack above it.
 */
static int hint_is_free(struct mm_struct *mm, uint32_t addr, uint32_t len)
{
	struct vm_area_struct *next = find_vma(mm, addr);

	return addr && range_is_free(mm, addr, addr + len) &&
	       (!next || addr + len <= vm_start_gap(next));
}

/*
 * Where a new mapping of len bytes goes, as Linux's mm_get_unmapped_area:
 * exactly at addr with MAP_FIXED (even into a stack's guard gap), else at
 * the hint addr if it is free, else in the lowest gap
 * (get_unmapped_area); then checked whatever chose it.  The address, or
 * -errno (IS_ERR_VALUE).
 */
long mm_get_unmapped_area(struct mm_struct *mm, uint32_t addr, uint32_t len,
			  uint32_t flags)
{
	int err;

	if (len > TASK_SIZE)
		return -ENOMEM;
	if (!(flags & MAP_FIXED) && !hint_is_free(mm, addr, len) &&
	    !(addr = get_unmapped_area(mm, len)))
		return -ENOMEM;
	if (addr > TASK_SIZE - len)
		return -ENOMEM;
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if ((err = security_mmap_addr(addr)))
		return err;
	return addr;
}

/*
 * The VM_* flags a mapping of file with this MAP_TYPE gets, or -errno, in
 * Linux's order.  A shared mapping of a file opened read-only has neither
 * VM_SHARED nor VM_MAYWRITE: mprotect can never make it writable.
 */
static long file_vm_flags(struct file *file, uint32_t flags, uint32_t prot,
			  uint32_t vm_flags)
{
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		flags &= LEGACY_MAP_MASK;
		/* fall through */
	case MAP_SHARED_VALIDATE:
		if (flags & ~LEGACY_MAP_MASK)
			return -EOPNOTSUPP;
		if ((prot & PROT_WRITE) && !(file->fmode & FMODE_WRITE))
			return -EACCES;
		vm_flags |= VM_SHARED | VM_MAYSHARE;
		if (!(file->fmode & FMODE_WRITE))
			vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
		/* fall through */
	case MAP_PRIVATE:
		if (!(file->fmode & FMODE_READ))
			return -EACCES;
		if (!file->f_op || !file->f_op->mmap)
			return -ENODEV;
		if (vm_flags & VM_GROWSDOWN)
			return -EINVAL;
		return memfd_check_mmap(file, vm_flags);
	default:
		return -EINVAL;
	}
}

/*
 * Makes the VMA [addr, addr + len) (Linux's mmap_region): what was there
 * goes first, then the object's part: file->f_op->mmap gives a file
 * mapping its vm_ops, shm_zero_setup makes shared anonymous memory a
 * segment without a key; private anonymous memory needs nothing.
 */
static long mmap_region(struct mm_struct *mm, struct file *file,
			uint32_t addr, uint32_t len, uint32_t vm_flags,
			uint32_t pgoff, int fixed)
{
	uint32_t npages = len >> PAGE_SHIFT;
	struct vm_area_struct *v;
	int err = 0;

	if (!may_expand_vm(mm, vm_flags, npages) &&
	    !may_expand_vm(mm, vm_flags, npages -
			   count_vma_pages_range(mm, addr, addr + len)))
		return -ENOMEM;
	if ((fixed && do_munmap(mm, addr, len)) ||
	    !(v = vma_alloc(mm, addr, addr + len, vm_flags)))
		return -ENOMEM;
	v->vm_pgoff = pgoff;
	if (file) {
		v->vm_file = file_get(file);
		err = file->f_op->mmap(file, v);
	} else if (vm_flags & VM_SHARED) {
		err = shm_zero_setup(v);
	}
	if (err) {
		if (v->vm_file)
			file_put(v->vm_file);
		kfree(v);
		return err;
	}
	insert_vm_struct(mm, v);
	if (vm_flags & VM_LOCKED)
		mm->locked_vm += npages;
	return addr;
}

/*
 * A new mapping of file (or anonymous memory if NULL) from its page pgoff,
 * len bytes, at addr as mm_get_unmapped_area places it: Linux's do_mmap, its checks
 * in its order.  mmap2 calls it, and the ELF loader maps its segments with
 * it (MAP_PRIVATE | MAP_FIXED).  Anonymous memory may become anything
 * later: the VM_MAY* bits are all set; a file's open mode clears some.
 * With MAP_POPULATE or MAP_LOCKED the pages are faulted in now.  Returns
 * the address or -errno.
 */
long do_mmap(struct file *file, uint32_t addr, uint32_t len, uint32_t prot,
	     uint32_t flags, uint32_t pgoff)
{
	struct mm_struct *mm = current->mm;
	long vm_flags, r;

	if (!len)
		return -EINVAL;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	if (!(flags & MAP_FIXED))
		addr = round_hint_to_min(addr);
	if (!(len = PAGE_ALIGN(len)))
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (mm->map_count > sysctl_max_map_count)
		return -ENOMEM;
	if (IS_ERR_VALUE(r = mm_get_unmapped_area(mm, addr, len, flags)))
		return r;
	addr = r;
	if ((flags & MAP_FIXED_NOREPLACE) && !range_is_free(mm, addr, addr + len))
		return -EEXIST;
	vm_flags = prot_to_vm(prot) | calc_vm_flag_bits(flags) | mm->def_flags |
		   VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if ((flags & MAP_LOCKED) && !can_do_mlock())
		return -EPERM;
	if ((vm_flags & VM_LOCKED) && !mlock_within_limit(mm, len >> PAGE_SHIFT))
		return -EAGAIN;
	if (file) {
		if ((vm_flags = file_vm_flags(file, flags, prot, vm_flags)) < 0)
			return vm_flags;
	} else {
		switch (flags & MAP_TYPE) {
		case MAP_SHARED:
			if (vm_flags & VM_GROWSDOWN)
				return -EINVAL;
			vm_flags |= VM_SHARED | VM_MAYSHARE;
			break;
		case MAP_DROPPABLE:
			/*
			 * Pages that may vanish cannot be locked, nor be a
			 * stack; they are not worth a fork's copy either.
			 */
			if (flags & (MAP_LOCKED | MAP_HUGETLB))
				return -EINVAL;
			if (vm_flags & VM_GROWSDOWN)
				return -EINVAL;
			vm_flags |= VM_DROPPABLE | VM_WIPEONFORK;
			break;
		case MAP_PRIVATE:
			break;
		default:
			return -EINVAL;
		}
		pgoff = 0;
	}
	r = mmap_region(mm, file, addr, len, vm_flags, pgoff, flags & MAP_FIXED);
	if (IS_ERR_VALUE(r))
		return r;
	if ((flags & MAP_POPULATE) ||
	    (vm_flags & (VM_LOCKED | VM_LOCKONFAULT)) == VM_LOCKED)
		mm_populate(addr, len);
	return addr;
}

long sys_munmap(uint32_t addr, uint32_t len)
{
	if (!len)
		return -EINVAL;
	return do_munmap(current->mm, addr, len);
}

/*
 * Gives [start, end) of *vp the flags newflags, splitting it at either edge
 * first (split_vma_range), as Linux's mprotect_fixup does (shmos never
 * merges VMAs back); *vp becomes the VMA that is exactly [start, end).
 * Present pages lose their W bit (a write fault puts it back if allowed),
 * and their U bit follows vma_is_accessible both ways: PROT_NONE takes it
 * away, and a later PROT_READ must give it back, as no fault would (the page
 * is present and the VMA readable).  Between two page tables (4 MiB) the task may give
 * the CPU away: the VMA list is whole again by then.
 */
static int mprotect_fixup(struct mm_struct *mm, struct vm_area_struct **vp,
			  uint32_t start, uint32_t end, uint32_t newflags)
{
	struct vm_area_struct *v = *vp;
	uint32_t npages = (end - start) >> PAGE_SHIFT;

	/* Memory that becomes data must fit in RLIMIT_DATA, as on Linux. */
	if ((newflags & VM_WRITE) && !may_expand_vm(mm, newflags, npages) &&
	    may_expand_vm(mm, v->vm_flags, npages))
		return -ENOMEM;
	if (split_vma_range(vp, start, end))
		return -ENOMEM;
	v = *vp;
	v->vm_flags = newflags;
	if (v->vm_ops && v->vm_ops->page_mkwrite && (newflags & VM_WRITE)) {
		/* the next touch takes the pages' disk blocks (fs/ext2) */
		zap_page_range(mm->pgd, v->vm_start, v->vm_end);
		return 0;
	}
	for (uint32_t va = v->vm_start; va < v->vm_end; va += PAGE_SIZE) {
		pte_t *pte;

		if (PTX(va) == 0)
			cond_resched();	/* 4 MiB at a time */
		pte = pte_walk(mm->pgd, va, 0);
		if (pte && (*pte & PTE_P)) {
			*pte &= ~(PTE_W | PTE_U);
			if (newflags & VM_ACCESS_FLAGS)
				*pte |= PTE_U;
			flush_tlb_page(mm->pgd, va);
		}
	}
	return 0;
}

/*
 * mprotect, in Linux's order: the arguments, then VMA after VMA from the
 * one holding start, each checked (EACCES if it asks for what a VM_MAY*
 * bit forbids) and changed before the next is looked at.  So, as on Linux,
 * an error part way (a hole: ENOMEM) leaves the VMAs before it changed.
 * PROT_GROWSDOWN extends the range down to the start of the stack VMA.
 */
long sys_mprotect(uint32_t start, uint32_t len, uint32_t prot)
{
	struct mm_struct *mm = current->mm;
	uint32_t grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP), end, nstart, tmp;
	struct vm_area_struct *v;
	int err;

	prot &= ~grows;
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP) || (start & ~PAGE_MASK))
		return -EINVAL;
	if (!len)
		return 0;
	end = start + PAGE_ALIGN(len);
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;
	v = find_vma(mm, start);
	if (!v)
		return -ENOMEM;
	if (grows & PROT_GROWSDOWN) {
		if (v->vm_start >= end)
			return -ENOMEM;
		if (!(v->vm_flags & VM_GROWSDOWN))
			return -EINVAL;
		start = v->vm_start;
	} else if (v->vm_start > start) {
		return -ENOMEM;
	} else if (grows & PROT_GROWSUP) {
		return -EINVAL;		/* no VMA grows up on i386 */
	}
	for (nstart = start; ; v = v->vm_next) {
		/* VM_MAY* sit four bits above the VM_* they allow. */
		uint32_t newflags = (v->vm_flags & ~VM_ACCESS_FLAGS) |
				    prot_to_vm(prot);

		if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS)
			return -EACCES;
		tmp = v->vm_end < end ? v->vm_end : end;
		if ((err = mprotect_fixup(mm, &v, nstart, tmp, newflags)))
			return err;
		nstart = tmp;
		if (nstart >= end)
			return 0;
		if (!v->vm_next || v->vm_next->vm_start != nstart)
			return -ENOMEM;		/* a hole in the range */
	}
}

uint32_t vm_commit_limit(void)
{
	uint64_t allowed = sysctl_overcommit_kbytes ?
		(uint32_t)sysctl_overcommit_kbytes / (PAGE_SIZE / 1024) :
		(uint64_t)nr_total_pages() * sysctl_overcommit_ratio / 100;

	return allowed + total_swap_pages;
}
