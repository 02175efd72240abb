/*
 * msync, as Linux's mm/msync.c.  A shared mapping of a file maps the
 * file's own pages (mm/filemap.c), and a ramfs has no disk behind it: a
 * store through the mapping is in the file the moment it is made, so
 * there is nothing to write back, and MS_SYNC, MS_ASYNC and MS_INVALIDATE
 * have nothing to do.  What is left is what a program can see: the checks
 * and their errors, in Linux's order.  EINVAL for bad flags or an
 * unaligned start; ENOMEM if the range has a hole (after looking at all
 * of it, unless it is MS_ASYNC alone); EBUSY to invalidate a locked range.
 */
#include "mm/mm.h"
#include "kernel/errno.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"

#define MS_ASYNC	1
#define MS_INVALIDATE	2
#define MS_SYNC		4

long sys_msync(uint32_t start, uint32_t len, int flags)
{
	struct vm_area_struct *v;
	uint32_t end;
	int unmapped_error = 0;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	end = start + PAGE_ALIGN(len);
	if (end < start || PAGE_ALIGN(len) < len)
		return -ENOMEM;
	if (end == start)
		return 0;
	for (v = find_vma(current->mm, start); ; v = v->vm_next) {
		if (!v)
			return -ENOMEM;
		if (start < v->vm_start) {
			if (flags == MS_ASYNC)
				return -ENOMEM;
			start = v->vm_start;
			if (start >= end)
				return -ENOMEM;
			unmapped_error = -ENOMEM;
		}
		if ((flags & MS_INVALIDATE) && (v->vm_flags & VM_LOCKED))
			return -EBUSY;
		start = v->vm_end;
		if (start >= end)
			return unmapped_error;
	}
}
