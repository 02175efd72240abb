/*
 * Mappings of files, as Linux 2.4's mm/filemap.c makes them.  The file's
 * data pages (ramfs's, fs/ramfs.c) are its page cache: a mapping maps
 * those very frames, so
 *
 *   MAP_SHARED   every mapper, read() and write() share one copy: a store
 *                through one mapping is in the file at once;
 *   MAP_PRIVATE  the same frames, read-only, until a process writes one:
 *                then do_no_page or do_wp_page (mm/fault.c) give it a copy
 *                of its own, and the file never sees the write.
 *
 * A VMA that maps a file has these vm_ops and holds the open file in
 * vm_file; it is on the inode's i_mmap list, so that truncate can find
 * every mapping and unmap the pages past the new end.  A page wholly past
 * the end of the file has no frame: touching it is SIGBUS.
 * docs/file-mappings.md follows a page through it all.
 */
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/ext2/ext2.h"
#include "kernel/errno.h"

/* A new VMA maps ip: fork, a split, mremap, or the mmap itself. */
static void filemap_open(struct vm_area_struct *vma)
{
	struct inode *ip = vma->vm_file->inode;

	vma->vm_next_share = ip->i_mmap;
	if (ip->i_mmap)
		ip->i_mmap->vm_pprev_share = &vma->vm_next_share;
	ip->i_mmap = vma;
	vma->vm_pprev_share = &ip->i_mmap;
}

/* munmap, exit or exec: off the list (vm_file is put after this). */
static void filemap_close(struct vm_area_struct *vma)
{
	if (vma->vm_next_share)
		vma->vm_next_share->vm_pprev_share = vma->vm_pprev_share;
	*vma->vm_pprev_share = vma->vm_next_share;
}

/*
 * A page of the mapping was touched: the file's own frame for it, which a
 * hole gets now (a read of a hole allocates too, as tmpfs's shmem_fault
 * does), with a reference for the new PTE.  Past the end of the file, or
 * no room left in the file system: SIGBUS.  do_no_page copies it if the
 * mapping is private and the touch a write.
 */
static struct page *filemap_nopage(struct vm_area_struct *vma,
				   uint32_t address, int write_access)
{
	struct inode *ip = vma->vm_file->inode;
	uint32_t idx = linear_page_index(vma, address);
	struct page *pg;
	int err;

	if ((uint64_t)idx * PAGE_SIZE >= ip->size)
		return NOPAGE_SIGBUS;
	if ((err = ramfs_getpage(ip, idx, &pg)))	/* it may come back from swap */
		return err == -EAGAIN ? NOPAGE_RETRY :
		       err == -ENOMEM ? NOPAGE_OOM : NOPAGE_SIGBUS;
	get_page(pg);
	return pg;
}

static const struct vm_operations_struct generic_file_vm_ops = {
	.open = filemap_open,
	.close = filemap_close,
	.nopage = filemap_nopage,
	.name = "file",
};

/*
 * An ext2 file's page in a writable shared mapping: do_no_page maps it
 * writable, so its blocks are taken now, at any first touch, a read too
 * (where Linux maps it read-only until a store); no room is SIGBUS.
 */
static struct page *ext2_filemap_nopage(struct vm_area_struct *vma,
					uint32_t address, int write_access)
{
	struct page *pg = filemap_nopage(vma, address, write_access);

	if (pg != NOPAGE_SIGBUS && pg != NOPAGE_OOM && pg != NOPAGE_RETRY &&
	    (vma->vm_flags & (VM_SHARED | VM_WRITE)) == (VM_SHARED | VM_WRITE) &&
	    vma->vm_ops->page_mkwrite(vma, address)) {
		put_page(pg);
		return NOPAGE_SIGBUS;
	}
	return pg;
}

/* An ext2 file's: the same, and its pages take their disk blocks before a store. */
static const struct vm_operations_struct ext2_file_vm_ops = {
	.open = filemap_open,
	.close = filemap_close,
	.nopage = ext2_filemap_nopage,
	.page_mkwrite = ext2_page_mkwrite,
	.name = "file",
};

/* A ramfs file's f_op->mmap: the VMA maps the file's pages. */
int generic_file_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = f->inode->i_ext2 ? &ext2_file_vm_ops : &generic_file_vm_ops;
	filemap_open(vma);
	return 0;
}

/*
 * A private mapping's PTEs in [start, stop) that map ip's own pages go; its
 * copies (written pages, present or out on swap) stay.
 */
static void zap_file_pages(struct vm_area_struct *v, struct inode *ip, uint32_t start,
			   uint32_t stop)
{
	for (uint32_t va = start; va < stop; va += PAGE_SIZE) {
		pte_t *pte = pte_walk(v->vm_mm->pgd, va, 0);

		if (pte && (*pte & PTE_P) &&
		    pte_page(*pte) == ramfs_findpage(ip, linear_page_index(v, va)))
			zap_page_range(v->vm_mm->pgd, va, va + PAGE_SIZE);
	}
}

/*
 * Unmaps the nr pages of ip from pgoff on from every mapping of it: truncate
 * or a punched hole is about to free them, and a touch there must fault,
 * and find the end of the file or a hole.  even_cows (truncate): private
 * copies of them go too, as past the end nothing may be mapped; a punched
 * hole leaves a private mapping's copies, which are no longer the file's
 * (Linux's unmap_mapping_range and its even_cows).  Nothing here lets
 * another task run.
 */
void unmap_mapping_range(struct inode *ip, uint32_t pgoff, uint32_t nr, int even_cows)
{
	uint64_t end = (uint64_t)pgoff + nr;

	for (struct vm_area_struct *v = ip->i_mmap; v; v = v->vm_next_share) {
		uint32_t pages = (v->vm_end - v->vm_start) >> PAGE_SHIFT;
		uint64_t vend = (uint64_t)v->vm_pgoff + pages;
		uint32_t start = v->vm_start, stop = v->vm_end;

		if (vend <= pgoff || v->vm_pgoff >= end)
			continue;
		if (pgoff > v->vm_pgoff)
			start += (pgoff - v->vm_pgoff) << PAGE_SHIFT;
		if (end < vend)
			stop -= (uint32_t)(vend - end) << PAGE_SHIFT;
		if (even_cows || (v->vm_flags & VM_SHARED))
			zap_page_range(v->vm_mm->pgd, start, stop);
		else
			zap_file_pages(v, ip, start, stop);
	}
}
