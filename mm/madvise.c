/*
 * madvise, as Linux's mm/madvise.c, for the advice a program can see the
 * effect of: MADV_DONTNEED drops the range's pages, so that the next touch
 * finds what a fresh mapping would (zeroes in private anonymous memory, the
 * file's contents in a private mapping of a file, the object's pages, which
 * stay, in a shared one).  MADV_FREE lets reclaim take private anonymous
 * pages instead of writing them to swap, until they are written again; here
 * they stay, as on a Linux with memory to spare: only its checks.  Allocators
 * give memory back with them: jemalloc (redis) checks at start that
 * MADV_DONTNEED zeroes a page, and fills pages with memset if it does not.
 * The other advice is taken as a hint with nothing to see, as most of it
 * is; not done yet are MADV_REMOVE (a shared file mapping's hole punch),
 * MADV_DONTFORK and MADV_WIPEONFORK (what fork copies).
 * The checks and their errors are Linux's, in its order: EINVAL for advice
 * Linux does not know (or knows only with a CONFIG shmos lacks: KSM, huge
 * pages, memory failure), an unaligned start or a length that wraps;
 * EINVAL to drop the pages of a locked VMA, or to MADV_FREE memory that is
 * not private anonymous; ENOMEM if the range has a hole, after the advice
 * is taken on the VMAs that are there.
 */
#include "mm/mm.h"
#include "mm/pgtable.h"
#include "kernel/errno.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"

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

/* Linux's madvise_behavior_valid, less what needs CONFIG_KSM and the like. */
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

/*
 * The advice for [start, end) of v.  Dropping the PTEs is all MADV_DONTNEED
 * needs (zap_page_range, as Linux's): an anonymous page whose last
 * reference goes is freed, a file's or a segment's page stays with its
 * object, a swapped-out page gives up its slot, and the next touch faults
 * as in a fresh mapping.
 */
static int madvise_vma(struct vm_area_struct *v, uint32_t start, uint32_t end,
		       int behavior)
{
	if (behavior != MADV_DONTNEED && behavior != MADV_FREE &&
	    behavior != MADV_DONTNEED_LOCKED)
		return 0;
	if ((v->vm_flags & VM_LOCKED) && behavior != MADV_DONTNEED_LOCKED)
		return -EINVAL;
	if (behavior == MADV_FREE)	/* private anonymous memory only */
		return v->vm_file || v->vm_ops ? -EINVAL : 0;
	zap_page_range(v->vm_mm->pgd, start, end);
	return 0;
}

long sys_madvise(uint32_t start, uint32_t len_in, int behavior)
{
	struct vm_area_struct *v;
	uint32_t len = PAGE_ALIGN(len_in), end = start + len;
	int unmapped_error = 0, err;

	if (!madvise_behavior_valid(behavior))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if ((len_in && !len) || end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	/* Each VMA that meets [start, end), in order; start: where the last ended. */
	for (v = find_vma(current->mm, start); v && v->vm_start < end; v = v->vm_next) {
		if (v->vm_start > start)
			unmapped_error = -ENOMEM;	/* a hole before v */
		err = madvise_vma(v, v->vm_start > start ? v->vm_start : start,
				  v->vm_end < end ? v->vm_end : end, behavior);
		if (err)
			return err;
		start = v->vm_end;
	}
	return start < end ? -ENOMEM : unmapped_error;
}
