/*
 * /proc/PID/pagemap: a binary file, one 64-bit entry per virtual page of
 * the process, the entry for the page at address A at offset A / 4096 * 8
 * (Linux's fs/proc/task_mmu.c, Documentation/admin-guide/mm/pagemap.rst).
 * A program seeks to the pages it asks about and reads their entries:
 *
 *   bit 63     the page is present (a frame is mapped there)
 *   bit 61     the frame is a file's, or shared (shm, MAP_SHARED), not a
 *              private anonymous copy
 *   bits 0-54  the frame number, for root only (others read 0 there, as
 *              Linux shows no frame numbers without CAP_SYS_ADMIN)
 *
 * An address in no VMA, or not yet touched, reads 0.  Of Linux's other
 * bits, shmos has no swap (62), no soft-dirty tracking (55), and keeps no
 * count of a frame's mappings, which bit 56, "mapped only here", needs:
 * they stay 0.  LTP's mmap12 checks that MAP_POPULATE made every page
 * present this way.
 */
#include "fs/proc.h"
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/uaccess.h"

#define PM_ENTRY_BYTES	8
#define PM_PFRAME_MASK	((1ULL << 55) - 1)
#define PM_FILE		(1ULL << 61)
#define PM_PRESENT	(1ULL << 63)
#define PM_CHUNK	32	/* entries made, then copied out, at a time */

/*
 * Is the frame at pte (in v, at address) a file's or shared?  A shared
 * mapping's frames are the object's; a private mapping of a file maps the
 * file's own frame until the process writes the page (mm/filemap.c), and a
 * private copy after.
 */
static int pte_is_file(struct vm_area_struct *v, uint32_t address, pte_t pte)
{
	struct page *pg;

	if (v->vm_flags & VM_MAYSHARE)
		return 1;
	if (!v->vm_file)
		return 0;
	pg = ramfs_findpage(v->vm_file->inode, linear_page_index(v, address));
	return pg && pg == pte_page(pte);
}

/* The entry for the page at address. */
static uint64_t pagemap_entry(struct mm_struct *mm, uint32_t address, int show_pfn)
{
	struct vm_area_struct *v = find_vma(mm, address);
	pte_t *pte;
	uint64_t e;

	if (!v || address < v->vm_start)
		return 0;
	pte = pte_walk(mm->pgd, address, 0);
	if (!pte || !(*pte & PTE_P))
		return 0;
	e = PM_PRESENT;
	if (show_pfn)
		e |= (*pte >> PAGE_SHIFT) & PM_PFRAME_MASK;
	if (pte_is_file(v, address, *pte))
		e |= PM_FILE;
	return e;
}

/*
 * A read: the entries from *pos on, n bytes' worth, both multiples of 8
 * (EINVAL otherwise, as Linux), up to the end of user space.  mm is NULL
 * for a zombie: nothing to read.  The copy out may sleep (a fault on the
 * reader's buffer) and so may cond_resched, while the process whose pages
 * these are exits: a reference keeps its mm until the read is done.  Each
 * chunk's entries are made without sleeping, from the VMAs as they are then.
 */
long pagemap_read(struct mm_struct *mm, char *ubuf, uint32_t n, uint64_t *pos)
{
	uint64_t buf[PM_CHUNK];
	uint64_t vpn = *pos / PM_ENTRY_BYTES;
	uint32_t done = 0;
	int show_pfn = current->euid == 0;
	long ret = 0;

	if (!mm)
		return 0;
	if (*pos % PM_ENTRY_BYTES || n % PM_ENTRY_BYTES)
		return -EINVAL;
	mmget(mm);
	while (done < n && vpn < TASK_SIZE >> PAGE_SHIFT) {
		uint32_t k = 0, bytes;

		while (k < PM_CHUNK && done + k * PM_ENTRY_BYTES < n &&
		       vpn < TASK_SIZE >> PAGE_SHIFT)
			buf[k++] = pagemap_entry(mm, (uint32_t)vpn++ << PAGE_SHIFT, show_pfn);
		bytes = k * PM_ENTRY_BYTES;
		if (copy_to_user(ubuf + done, buf, bytes)) {
			ret = -EFAULT;
			break;
		}
		done += bytes;
		*pos += bytes;
		cond_resched();
	}
	mmput(mm);
	return done ? (long)done : ret;
}
