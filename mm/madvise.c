/*
 * madvise(2): what a process tells the kernel of how it will use a range
 * of its memory (Linux's mm/madvise.c).  Most advice is a hint Linux may
 * act on or not (MADV_NORMAL, SEQUENTIAL, RANDOM, WILLNEED, COLD, PAGEOUT,
 * DONTDUMP, DODUMP): shmos checks it as Linux does and has nothing to do.
 * The rest changes what the process sees:
 *
 *   MADV_DONTNEED, MADV_DONTNEED_LOCKED: the pages go.  The next touch of
 *	private anonymous memory finds a zeroed page, of a private file
 *	mapping the file's page, of shared memory its object's page (glibc's
 *	free gives memory back so, and its calloc then counts on the zeroes).
 *	MADV_FREE (anonymous memory only) lets Linux take the pages when
 *	memory is short, until they are written again; shmos's reclaim does
 *	not look for them, so they stay, as on a Linux never short of memory.
 *   MADV_REMOVE: a shared writable file mapping's range is punched out of
 *	the file (fallocate's FALLOC_FL_PUNCH_HOLE).
 *   MADV_DONTFORK, MADV_DOFORK: fork's child does not get the VMA at all.
 *   MADV_WIPEONFORK, MADV_KEEPONFORK: it gets the VMA, not its pages
 *	(private anonymous memory only: VM_WIPEONFORK, as MAP_DROPPABLE's).
 *   MADV_POPULATE_READ, MADV_POPULATE_WRITE: the pages are faulted in now.
 *
 * There is no KSM, no transparent huge page and no memory failure
 * handling: their advice is EINVAL, as on a Linux built without them.
 */
#include "fs/falloc.h"
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "mm/pgtable.h"

#define MADV_NORMAL		0
#define MADV_RANDOM		1
#define MADV_SEQUENTIAL		2
#define MADV_WILLNEED		3
#define MADV_DONTNEED		4
#define MADV_FREE		8
#define MADV_REMOVE		9
#define MADV_DONTFORK		10
#define MADV_DOFORK		11
#define MADV_DONTDUMP		16
#define MADV_DODUMP		17
#define MADV_WIPEONFORK		18
#define MADV_KEEPONFORK		19
#define MADV_COLD		20
#define MADV_PAGEOUT		21
#define MADV_POPULATE_READ	22
#define MADV_POPULATE_WRITE	23
#define MADV_DONTNEED_LOCKED	24

/* Linux's madvise_behavior_valid, for a kernel without KSM, THP or memory failure. */
static int madvise_behavior_valid(int behavior)
{
	switch (behavior) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL:
	case MADV_WILLNEED: case MADV_DONTNEED: case MADV_FREE:
	case MADV_REMOVE: case MADV_DONTFORK: case MADV_DOFORK:
	case MADV_DONTDUMP: case MADV_DODUMP: case MADV_WIPEONFORK:
	case MADV_KEEPONFORK: case MADV_COLD: case MADV_PAGEOUT:
	case MADV_POPULATE_READ: case MADV_POPULATE_WRITE:
	case MADV_DONTNEED_LOCKED:
		return 1;
	}
	return 0;
}

static int vma_is_anonymous(struct vm_area_struct *v)
{
	return !v->vm_ops && !v->vm_file;
}

/* [start, end) of *vp gets the flags newflags, split off first if they change. */
static int madvise_update_vma(struct vm_area_struct **vp, uint32_t start, uint32_t end,
			      uint32_t newflags)
{
	if (newflags == (*vp)->vm_flags)
		return 0;
	if (split_vma_range(vp, start, end))
		return -ENOMEM;
	(*vp)->vm_flags = newflags;
	return 0;
}

/* MADV_REMOVE (Linux's madvise_remove): a hole punched in a shared file mapping. */
static int madvise_remove(struct vm_area_struct *v, uint32_t start, uint32_t end)
{
	struct file *f = v->vm_file;

	if (v->vm_flags & VM_LOCKED)
		return -EINVAL;
	if (!f)
		return -EINVAL;
	if ((v->vm_flags & (VM_SHARED | VM_WRITE)) != (VM_SHARED | VM_WRITE))
		return -EACCES;
	if (!f->f_op->fallocate)
		return -EOPNOTSUPP;
	return f->f_op->fallocate(f, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				  ((uint64_t)v->vm_pgoff << PAGE_SHIFT) + (start - v->vm_start),
				  end - start);
}

/* MADV_DONTNEED, MADV_DONTNEED_LOCKED: the pages of [start, end) go; MADV_FREE's are kept. */
static int madvise_dontneed_free(struct vm_area_struct *v, uint32_t start, uint32_t end,
				 int behavior)
{
	if ((v->vm_flags & VM_LOCKED) && behavior != MADV_DONTNEED_LOCKED)
		return -EINVAL;		/* Linux's can_madv_lru_vma */
	if (behavior == MADV_FREE)
		return vma_is_anonymous(v) ? 0 : -EINVAL;
	zap_page_range(v->vm_mm->pgd, start, end);
	return 0;
}

/* MADV_POPULATE_*: Linux's faultin_vma_page_range refuses what the access may not do. */
static int madvise_populate(struct vm_area_struct *v, uint32_t start, uint32_t end,
			    int behavior)
{
	uint32_t need = behavior == MADV_POPULATE_WRITE ? VM_WRITE : VM_READ;

	if (!(v->vm_flags & need))
		return -EINVAL;
	mm_populate(start, end - start);
	return 0;
}

/* The advice for [start, end), all in v (Linux's madvise_vma_behavior). */
static int madvise_vma(struct vm_area_struct **vp, uint32_t start, uint32_t end,
		       int behavior)
{
	struct vm_area_struct *v = *vp;
	uint32_t flags = v->vm_flags;

	switch (behavior) {
	case MADV_REMOVE:
		return madvise_remove(v, start, end);
	case MADV_DONTNEED:
	case MADV_DONTNEED_LOCKED:
	case MADV_FREE:
		return madvise_dontneed_free(v, start, end, behavior);
	case MADV_COLD:
	case MADV_PAGEOUT:
		return (flags & VM_LOCKED) ? -EINVAL : 0;
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		return madvise_populate(v, start, end, behavior);
	case MADV_DONTFORK:
		return madvise_update_vma(vp, start, end, flags | VM_DONTCOPY);
	case MADV_DOFORK:
		return madvise_update_vma(vp, start, end, flags & ~VM_DONTCOPY);
	case MADV_WIPEONFORK:
		if (v->vm_file || (flags & VM_SHARED))
			return -EINVAL;
		return madvise_update_vma(vp, start, end, flags | VM_WIPEONFORK);
	case MADV_KEEPONFORK:
		if (flags & VM_DROPPABLE)
			return -EINVAL;	/* its pages may vanish: never worth a copy */
		return madvise_update_vma(vp, start, end, flags & ~VM_WIPEONFORK);
	}
	return 0;	/* a hint */
}

/*
 * Linux's do_madvise and madvise_walk_vmas: the advice, start's alignment
 * and the length checked first (EINVAL), then each VMA of the range in
 * turn; a hole in the range is skipped, and said at the end (ENOMEM),
 * after the advice was given to every VMA in it.
 */
long sys_madvise(uint32_t start, uint32_t len_in, int behavior)
{
	uint32_t len = (len_in + PAGE_SIZE - 1) & PAGE_MASK, end = start + len;
	int err, unmapped = 0;

	if (!madvise_behavior_valid(behavior))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if ((len_in && !len) || end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	for (;;) {
		/* looked up each time: MADV_POPULATE's faults may sleep */
		struct vm_area_struct *v = find_vma(current->mm, start);
		uint32_t tmp;

		if (!v)
			return -ENOMEM;
		if (start < v->vm_start) {
			unmapped = -ENOMEM;
			start = v->vm_start;
			if (start >= end)
				break;
		}
		tmp = v->vm_end < end ? v->vm_end : end;
		if ((err = madvise_vma(&v, start, tmp, behavior)) != 0)
			return err;
		start = tmp;
		if (start >= end)
			break;
	}
	return unmapped;
}
