/*
 * mremap and remap_file_pages: a mapping made again, of another size or at
 * another place, or from another part of its file.  Linux's mm/mremap.c
 * (and mm/mmap.c's remap_file_pages), in its order of checks.
 *
 * mremap shrinks a mapping by unmapping its tail; grows it in place when
 * the pages after it are free; else, with MREMAP_MAYMOVE, moves it: a new
 * VMA over the same object (copy_vma), the page table entries moved to it
 * one by one (the frames themselves are never copied, so a moved page
 * keeps its data, its sharing and its copy-on-write state), and the old
 * range unmapped, unless MREMAP_DONTUNMAP leaves it there, empty.
 */
#include <stddef.h>
#include "mm/mm.h"
#include "ipc/shm.h"
#include "kernel/errno.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "mm/swap.h"

#define MREMAP_MAYMOVE		1
#define MREMAP_FIXED		2
#define MREMAP_DONTUNMAP	4

/*
 * Moves the PTEs of [old_addr, old_addr + len) to new_addr: the frames
 * change address, not holders; a swap entry moves as it is (mm/swap.h).  Returns how many bytes were moved: fewer
 * than len if a page table could not be had.  Nothing here lets another
 * task run.
 */
static uint32_t move_page_tables(struct mm_struct *mm, uint32_t old_addr,
				 uint32_t new_addr, uint32_t len)
{
	uint32_t done;

	for (done = 0; done < len; done += PAGE_SIZE) {
		pte_t *src = pte_walk(mm->pgd, old_addr + done, 0), *dst;

		if (!src || !*src)
			continue;
		if (!(dst = pte_walk(mm->pgd, new_addr + done, 1)))
			break;
		*dst = *src;
		*src = 0;
		if (*dst & PTE_P)	/* the TLB never holds a swap entry */
			flush_tlb_page(mm->pgd, old_addr + done);
	}
	return done;
}

/*
 * The VMA at addr may become new_len long: the checks of Linux's
 * vma_to_resize.  The VMA, or NULL with *err set.
 */
static struct vm_area_struct *vma_to_resize(uint32_t addr, uint32_t old_len,
					    uint32_t new_len, int *err)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *v = find_vma(mm, addr);
	uint32_t pgoff, grow = (new_len - old_len) >> PAGE_SHIFT;

	*err = -EFAULT;
	if (!v || v->vm_start > addr)
		return NULL;
	/* A length of 0 duplicates a shared mapping; a private one cannot be. */
	*err = -EINVAL;
	if (!old_len && !(v->vm_flags & (VM_SHARED | VM_MAYSHARE)))
		return NULL;
	*err = -EFAULT;
	if (old_len > v->vm_end - addr)
		return NULL;		/* not across VMAs */
	if (new_len == old_len)
		return v;
	pgoff = linear_page_index(v, addr);
	*err = -EINVAL;
	if (pgoff + (new_len >> PAGE_SHIFT) < pgoff)
		return NULL;
	*err = -EAGAIN;
	if ((v->vm_flags & VM_LOCKED) && !mlock_within_limit(mm, grow))
		return NULL;
	*err = -ENOMEM;
	if (!may_expand_vm(mm, v->vm_flags, grow))
		return NULL;
	return v;
}

/* May v grow by delta bytes where it is?  (Linux's vma_expandable.) */
static int vma_expandable(struct vm_area_struct *v, uint32_t delta)
{
	uint32_t end = v->vm_end + delta;

	if (end < v->vm_end || (v->vm_next && v->vm_next->vm_start < end))
		return 0;
	return !IS_ERR_VALUE(mm_get_unmapped_area(v->vm_mm, v->vm_start,
						  end - v->vm_start, MAP_FIXED));
}

/*
 * Moves [old_addr, old_addr + old_len) of v to a new VMA of new_len bytes
 * at new_addr, as Linux's move_vma.  Should a page table be missing part
 * way, the pages moved go back and the new VMA goes instead.
 */
static long move_vma(struct vm_area_struct *v, uint32_t old_addr,
		     uint32_t old_len, uint32_t new_len, uint32_t new_addr,
		     uint32_t flags)
{
	struct mm_struct *mm = v->vm_mm;
	struct vm_area_struct *n;
	uint32_t moved;

	if (mm->map_count >= sysctl_max_map_count - 3)
		return -ENOMEM;
	n = copy_vma(v, new_addr, new_len, linear_page_index(v, old_addr));
	if (!n)
		return -ENOMEM;
	moved = move_page_tables(mm, old_addr, new_addr, old_len);
	if (moved < old_len) {
		move_page_tables(mm, new_addr, old_addr, moved);
		do_munmap(mm, new_addr, new_len);
		return -ENOMEM;
	}
	if (n->vm_flags & VM_LOCKED)
		mm->locked_vm += new_len >> PAGE_SHIFT;
	if (flags & MREMAP_DONTUNMAP) {
		/* The old range stays, empty and never locked. */
		if ((v->vm_flags & VM_LOCKED) &&
		    !split_vma_range(&v, old_addr, old_addr + old_len)) {
			v->vm_flags &= ~(VM_LOCKED | VM_LOCKONFAULT);
			mm->locked_vm -= old_len >> PAGE_SHIFT;
		}
		return new_addr;
	}
	do_munmap(mm, old_addr, old_len);	/* len 0 (a duplicate): nothing */
	return new_addr;
}

/* MREMAP_FIXED, or MREMAP_DONTUNMAP: Linux's mremap_to. */
static long mremap_to(uint32_t addr, uint32_t old_len, uint32_t new_addr,
		      uint32_t new_len, uint32_t flags)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *v;
	long r;
	int err;

	if ((new_addr & ~PAGE_MASK) || new_len > TASK_SIZE ||
	    new_addr > TASK_SIZE - new_len)
		return -EINVAL;
	if (addr + old_len > new_addr && new_addr + new_len > addr)
		return -EINVAL;		/* the two overlap */
	if (mm->map_count + 2 >= sysctl_max_map_count - 3)
		return -ENOMEM;
	if ((flags & MREMAP_FIXED) && (err = do_munmap(mm, new_addr, new_len)))
		return err;
	if (old_len > new_len) {
		if ((err = do_munmap(mm, addr + new_len, old_len - new_len)))
			return err;
		old_len = new_len;
	}
	if (!(v = vma_to_resize(addr, old_len, new_len, &err)))
		return err;
	if ((flags & MREMAP_DONTUNMAP) &&
	    !may_expand_vm(mm, v->vm_flags, old_len >> PAGE_SHIFT))
		return -ENOMEM;
	r = mm_get_unmapped_area(mm, new_addr, new_len,
				 (flags & MREMAP_FIXED) ? MAP_FIXED : 0);
	if (IS_ERR_VALUE(r))
		return r;
	return move_vma(v, addr, old_len, new_len, r, flags);
}

long sys_mremap(uint32_t addr, uint32_t old_len, uint32_t new_len,
		uint32_t flags, uint32_t new_addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *v;
	uint32_t grow;
	long r;
	int err;

	if (flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) &&
	    (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	/*
	 * A length that rounds up past 4 GiB would wrap to a small one here:
	 * it fails as it does with Linux's 64-bit lengths, which no range
	 * of user space can hold.
	 */
	if (!new_len || PAGE_ALIGN(old_len) < old_len)
		return -EINVAL;
	if (!(v = find_vma(mm, addr)) || v->vm_start > addr)
		return -EFAULT;
	if (PAGE_ALIGN(new_len) < new_len)
		return -ENOMEM;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	/* The page tables a move may need (move_page_tables cannot sleep for
	 * them); what follows looks the VMA up again after this sleep. */
	reclaim_for((old_len >> 22) + 2);
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
		return mremap_to(addr, old_len, new_addr, new_len, flags);
	if (old_len >= new_len) {
		err = do_munmap(mm, addr + new_len, old_len - new_len);
		return err && old_len != new_len ? err : (long)addr;
	}
	if (!(v = vma_to_resize(addr, old_len, new_len, &err)))
		return err;
	grow = new_len - old_len;
	if (old_len == v->vm_end - addr && vma_expandable(v, grow)) {
		v->vm_end += grow;
		mm->total_vm += grow >> PAGE_SHIFT;
		if (v->vm_flags & VM_LOCKED) {
			mm->locked_vm += grow >> PAGE_SHIFT;
			if (!(v->vm_flags & VM_LOCKONFAULT))
				mm_populate(addr + old_len, grow);
		}
		return addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	if (!(new_addr = get_unmapped_area(mm, new_len)))
		return -ENOMEM;
	r = move_vma(v, addr, old_len, new_len, new_addr, flags);
	if (!IS_ERR_VALUE(r) && (v = find_vma(mm, r)) &&
	    (v->vm_flags & (VM_LOCKED | VM_LOCKONFAULT)) == VM_LOCKED)
		mm_populate(r + old_len, new_len - old_len);
	return r;
}

/*
 * remap_file_pages, deprecated since Linux 3.16 and emulated since: the
 * range of a shared mapping of a file (or a segment) becomes a mapping of
 * the object from page pgoff, as a new mmap(MAP_SHARED | MAP_FIXED |
 * MAP_POPULATE) there would make it.  Here the VMAs are made over in
 * place: split at both ends, their pages unmapped, their page offsets set
 * (so the object need not be looked up again).  But where Linux's munmap
 * would kill a segment removed by IPC_RMID (its last attaches are in the
 * range), its new mmap finds no segment: the range is unmapped and the
 * answer EINVAL, as there (shm_remap_kills; LTP's shmctl05 waits for it).
 * prot must be 0; of the flags only MAP_NONBLOCK counts (no populating).
 * The range may span VMAs only if they touch and map the same object with
 * the same flags.
 */
long sys_remap_file_pages(uint32_t start, uint32_t size, uint32_t prot,
			  uint32_t pgoff, uint32_t flags)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *v, *next, *prev;
	uint32_t end;

	if (prot)
		return -EINVAL;
	start &= PAGE_MASK;
	size &= PAGE_MASK;
	end = start + size;
	if (end <= start || pgoff + (size >> PAGE_SHIFT) < pgoff)
		return -EINVAL;
	if (!(v = find_vma(mm, start)) || v->vm_start > start ||
	    !(v->vm_flags & VM_SHARED) || !v->vm_ops)
		return -EINVAL;
	for (prev = v, next = v; end > next->vm_end; prev = next) {
		next = next->vm_next;
		if (!next || next->vm_start != prev->vm_end ||
		    next->vm_ops != v->vm_ops || next->vm_file != v->vm_file ||
		    next->vm_private_data != v->vm_private_data ||
		    next->vm_flags != v->vm_flags)
			return -EINVAL;
	}
	if (mm->map_count > sysctl_max_map_count)
		return -ENOMEM;
	if (shm_remap_kills(v, start, end)) {
		do_munmap(mm, start, size);
		return -EINVAL;
	}
	for (; v && v->vm_start < end; v = v->vm_next) {
		uint32_t lo = v->vm_start > start ? v->vm_start : start;

		if (split_vma_range(&v, lo, v->vm_end < end ? v->vm_end : end))
			return -ENOMEM;
		zap_page_range(mm->pgd, v->vm_start, v->vm_end);
		v->vm_pgoff = pgoff + ((v->vm_start - start) >> PAGE_SHIFT);
	}
	if (!(flags & MAP_NONBLOCK))
		mm_populate(start, size);
	return 0;
}
