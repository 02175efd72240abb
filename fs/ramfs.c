/*
 * ramfs: the in-memory file system that holds the whole tree.
 *
 * A regular file's data is a set of pages found through index pages (each
 * lists PTRS_PER_INDEX data pages); a page that was never written is a hole
 * and reads as zeros, and a page out on swap has its swap entry in the
 * index instead (fs/ramfs_swap.c, as Linux's tmpfs).  A directory is a list of dentries in creation order;
 * each has a getdents position that is never reused, so a program can
 * unlink entries while it reads the directory and still see each remaining
 * entry exactly once.
 */
#include "fs/fs.h"
#include "fs/ext2/ext2.h"
#include "fs/memfd.h"
#include "fs/devpts.h"
#include "fs/falloc.h"
#include "fs/inotify.h"
#include "fs/ioctl.h"
#include "fs/mount.h"
#include "ipc/mqueue.h"
#include "kernel/oops.h"
#include "kernel/cgroup.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/kmalloc.h"
#include "mm/memcontrol.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/swap.h"
#include "mm/uaccess.h"

struct inode *root_inode;
static uint32_t next_ino = 1;	/* root is 1; then in creation order */

/* Linux's tmpfs reports this many bytes per directory entry. */
#define BOGO_DIRENT_SIZE	20

/*
 * The root directory, the initramfs's contents (at physical [initrd.start,
 * initrd.end)), /dev, and the mounts every boot has: proc on /proc, a
 * tmpfs on /dev/shm.
 */
void fs_init(void)
{
	if (!(root_inode = new_inode(S_IFDIR | 0755, 0, 0)))
		panic("fs: no memory for the root directory");
	root_inode->nlink = 2;
	root_inode->sb = &ramfs_sb;
	if (initrd.end > initrd.start)
		initramfs_unpack(P2V(initrd.start), initrd.end - initrd.start);
	else if (initrd.lost)
		printk("fs: the initramfs (%u KiB) is larger than the memory: left out; "
		       "give QEMU more (-m)\n", initrd.lost / 1024);
	else
		printk("fs: no initramfs\n");
	dev_init();
	ramfs_sb_init(&ramfs_sb);	/* the initramfs is in: now the limits */
	inotify_user_setup();
	mq_init();
	mount_init();			/* rootfs, /proc, /dev/shm, /dev/mqueue */
}

struct inode *new_inode(uint32_t mode, uint32_t uid, uint32_t gid)
{
	struct inode *ip = kzalloc(sizeof(*ip));

	if (ip == NULL)
		return NULL;
	ip->ino = next_ino++;
	ip->mode = mode;
	ip->uid = uid;
	ip->gid = gid;
	ip->dev = ROOT_DEV;
	ip->count = 1;
	ip->atime = ip->mtime = ip->ctime = current_time();
	if (S_ISDIR(mode)) {
		ip->i_op = &ramfs_dir_iops;
		ip->f_op = &dir_fops;
		ip->u.dir.next_off = 2;		/* 0 and 1 are "." and ".." */
		ip->size = 2 * BOGO_DIRENT_SIZE;
	} else if (S_ISREG(mode)) {
		ip->f_op = &ramfs_file_fops;
		ip->seals = F_SEAL_SEAL;	/* memfd_create may take it off */
		shmem_add_inode(ip);	/* its pages may go to swap */
	} else if (S_ISFIFO(mode)) {
		ip->f_op = &fifo_fops;
	}
	return ip;
}

/* A new inode counted in the ramfs sb: ENOSPC when it has no more. */
int ramfs_new_inode(struct ramfs_sb_info *sb, uint32_t mode, uint32_t uid,
		    uint32_t gid, struct inode **ipp)
{
	int err = ramfs_reserve_inode(sb);

	if (err)
		return err;
	if (!(*ipp = new_inode(mode, uid, gid))) {
		ramfs_release_inode(sb);
		return -ENOMEM;
	}
	(*ipp)->sb = sb;
	if (sb)
		(*ipp)->dev = sb->dev;
	if (sb && sb->s_ext2 && (err = ext2_new_inode(sb->s_ext2, *ipp))) {
		inode_put(*ipp);	/* no name: it goes */
		return err;
	}
	return 0;
}

/* Longer targets than this take a block, as in tmpfs. */
#define SHORT_SYMLINK_LEN	128

/* Gives the symbolic link ip its target, len bytes. */
int ramfs_set_link(struct inode *ip, const char *target, uint32_t len)
{
	int err = 0;

	if (len >= SHORT_SYMLINK_LEN && (err = ramfs_reserve_blocks(ip->sb, 1)))
		return err;
	if (ip->i_ext2 && (err = ext2_set_link(ip, len)))
		return err;	/* no block for it on the disk */
	if (!(ip->u.symlink = kmalloc(len + 1))) {
		if (len >= SHORT_SYMLINK_LEN)
			ramfs_release_blocks(ip->sb, 1);
		return -ENOMEM;
	}
	memcpy(ip->u.symlink, target, len);
	ip->u.symlink[len] = 0;
	ip->size = len;
	return 0;
}

struct inode *inode_get(struct inode *ip)
{
	ip->count++;
	return ip;
}

uint32_t inode_size(struct inode *ip)
{
	return ip->size;
}

int inode_mode(struct inode *ip)
{
	return ip->mode;
}

void inode_touch(struct inode *ip, int what)
{
	struct inode_time now = current_time();

	if (what & TOUCH_M)
		ip->mtime = now;
	ip->ctime = now;
}

/* Regular file data. */

/*
 * A zeroed page for ip's data or index, counted in its ramfs's blocks; NULL
 * with *err ENOSPC (the ramfs is full) or ENOMEM (the machine is, even
 * after reclaim and the out-of-memory killer: these are user pages,
 * GFP_USER).  It may sleep while pages go out to swap: the caller looks
 * again at what it was to fill.
 */
static void *alloc_file_page(struct inode *ip, int *err)
{
	void *page;

	if ((*err = ramfs_reserve_blocks(ip->sb, 1)) != 0)
		return NULL;
	page = get_zeroed_page(GFP_USER | __GFP_DIRECT_RECLAIM);
	if (page && mem_cgroup_charge_reclaim(virt_to_page(page), MEMCG_SHMEM)) {
		free_kpage(page);	/* the writer's memory cgroup is full */
		page = NULL;
	}
	if (page == NULL) {
		ramfs_release_blocks(ip->sb, 1);
		*err = -ENOMEM;
	}
	return page;
}

static void free_file_page(struct inode *ip, void *page)
{
	free_kpage(page);
	ramfs_release_blocks(ip->sb, 1);
}

/* A data page of the file goes, *slot: its frame, or its slot on swap. */
static void free_file_data(struct inode *ip, void **slot)
{
	if (slot_swapped(*slot)) {
		shmem_free_swap(ip, *slot);
		ramfs_release_blocks(ip->sb, 1);
	} else {
		free_file_page(ip, *slot);
		shmem_rss--;
	}
	*slot = NULL;
}

/*
 * The page holding byte pgno * PAGE_SIZE of the file.  A page out on swap
 * comes back first (fs/ramfs_swap.c); a hole stays one (NULL, *err 0), or
 * with fill gets a page (and the index pages above it if need be).  NULL
 * with *err says why not: ENOSPC, ENOMEM, EIO, or EAGAIN: the task slept
 * while the page was read from swap, and the caller looks again from the
 * start (the file's size, a fault's VMA may have changed).  An allocation
 * may sleep too, during which another task may fill the hole (a write, a
 * fault of a mapping) or truncate the file: after each, the index is read
 * again, and a page that came too late goes back.
 */
static char *data_page(struct inode *ip, uint32_t pgno, int fill, int *err)
{
	uint32_t i = pgno / PTRS_PER_INDEX;
	void **slot, *page;

	*err = 0;
	if (pgno >= RAMFS_MAX_PAGES)
		return NULL;
again:
	if ((slot = ramfs_slot(ip, pgno)) == NULL) {	/* an index page first */
		if (!fill || (page = alloc_file_page(ip, err)) == NULL)
			return NULL;
		if (i == 0 && !ip->u.index.first)
			ip->u.index.first = page;
		else if (i > 0 && !ip->u.index.top)
			ip->u.index.top = page;
		else if (i > 0 && !ip->u.index.top[i])
			ip->u.index.top[i] = page;
		else
			free_file_page(ip, page);	/* another task's came first */
		goto again;
	}
	if (slot_swapped(*slot)) {	/* out on swap: back first */
		swp_entry_t entry = slot_entry(*slot);

		if (!lookup_swap_cache(entry))
			*err = read_swap_cache(entry);	/* -EAGAIN once read */
		else
			*err = shmem_swap_in(ip, slot);
		if (*err == -EFAULT)
			*err = -EIO;	/* the disk failed */
		if (*err)
			return NULL;
	}
	if (*slot == NULL && fill) {
		if ((page = alloc_file_page(ip, err)) == NULL)
			return NULL;
		if (ramfs_slot(ip, pgno) != slot || *slot) {
			free_file_page(ip, page);
			goto again;
		}
		*slot = page;
		shmem_rss++;
	}
	return *slot;
}

/* data_page for the kernel's own copies: a page read back from swap is
 * looked up again, until it is in (or is a hole, or an error). */
static char *data_page_wait(struct inode *ip, uint32_t pgno, int fill, int *err)
{
	char *page;

	while (!(page = data_page(ip, pgno, fill, err)) && *err == -EAGAIN)
		;
	return page;
}

/*
 * The page holding byte pgno * PAGE_SIZE, a hole filled first: the page a
 * mapping of the file maps (mm/filemap.c's filemap_nopage), the very page
 * read and write copy to and from, so that every mapper and every reader
 * see one copy of the data.  -ENOSPC, -ENOMEM, -EIO, -EFBIG past the
 * largest file, or -EAGAIN: the page came back from swap, the task slept,
 * and the fault starts again.  The file keeps its reference: a mapper
 * takes its own.
 */
int ramfs_getpage(struct inode *ip, uint32_t pgno, struct page **pgp)
{
	int err;
	char *page = data_page(ip, pgno, 1, &err);

	if (!page)
		return err ? err : -EFBIG;
	*pgp = virt_to_page(page);
	return 0;
}

/* The page holding byte pgno * PAGE_SIZE, or NULL for a hole or a page out
 * on swap: nothing is filled, nothing sleeps (/proc/PID/pagemap asks
 * whether a mapping maps the file's page). */
struct page *ramfs_findpage(struct inode *ip, uint32_t pgno)
{
	void **slot = pgno < ramfs_npages(ip) ? ramfs_slot(ip, pgno) : NULL;

	return slot && *slot && !slot_swapped(*slot) ? virt_to_page(*slot) : NULL;
}

/* Whether the first n entries of an index page (or of the top one) list nothing. */
static int index_empty(void **index, uint32_t n)
{
	for (uint32_t j = 0; j < n && j < PTRS_PER_INDEX; j++)
		if (index[j])
			return 0;
	return 1;
}

/*
 * The file's pages [from, to) go back (to at most RAMFS_MAX_PAGES), and
 * the index pages that then list none, and the top one if it lists none.
 * No entry lies at or past end (fs/fs.h's ramfs_npages; a failed write's
 * page may lie below to): an emptiness check looks below it only, so
 * that a small file's unlink does not read a thousand empty entries.
 */
static void truncate_pages(struct inode *ip, uint32_t from, uint32_t to)
{
	uint32_t end = to > ramfs_npages(ip) ? to : ramfs_npages(ip);

	for (uint32_t i = from / PTRS_PER_INDEX; i * PTRS_PER_INDEX < to; i++) {
		void **index = ramfs_index(ip, i);
		uint32_t first = i * PTRS_PER_INDEX;
		uint32_t j = from > first ? from - first : 0;

		if (index == NULL)
			continue;
		for (; j < PTRS_PER_INDEX && first + j < to; j++) {
			if (index[j])
				free_file_data(ip, &index[j]);
		}
		if (index_empty(index, end - first)) {
			free_file_page(ip, index);
			if (i == 0)
				ip->u.index.first = NULL;
			else
				ip->u.index.top[i] = NULL;
		}
	}
	if (ip->u.index.top && index_empty((void **)ip->u.index.top,
					   (end + PTRS_PER_INDEX - 1) / PTRS_PER_INDEX)) {
		free_file_page(ip, ip->u.index.top);
		ip->u.index.top = NULL;
	}
}

/*
 * A write of page pgno failed: if the page lies past the end, the page it
 * may have given that hole (part copied) goes, so that growing the file
 * shows zeros there, and so do the index pages made for it; a page that
 * fallocate gave there is zeros again.  (Nothing slept since the copy:
 * the page is in.)
 */
static void drop_page_past_end(struct inode *ip, uint32_t pgno)
{
	char *page;
	int err;

	if (pgno >= ramfs_npages(ip))
		truncate_pages(ip, ramfs_npages(ip), pgno + 1);
	else if ((uint64_t)pgno * PAGE_SIZE >= ip->size &&
		 (page = data_page(ip, pgno, 0, &err)))
		memset(page, 0, PAGE_SIZE);
}

/*
 * Bytes past the end of the file read as zeros once the file grows over
 * them.  Only the last page's tail can hold anything else (a store through
 * a shared mapping may write there; a page wholly past the end cannot be
 * mapped): the part of it that [from, to) makes part of the file is
 * cleared, as Linux 6.13's pagecache_isize_extended does.  The page may
 * have to come back from swap first: 0, or the error that kept it out.
 */
static int zero_gap(struct inode *ip, uint32_t from, uint32_t to)
{
	uint32_t end = (from | (PAGE_SIZE - 1)) + 1;
	char *page;
	int err = 0;

	if (from % PAGE_SIZE == 0 || to <= from ||
	    !(page = data_page_wait(ip, from / PAGE_SIZE, 0, &err)))
		return err;
	memset(page + from % PAGE_SIZE, 0, (to < end ? to : end) - from);
	return 0;
}

/*
 * Copies between a page of the file and buf; the page is held meanwhile,
 * so that reclaim passes over it while a fault of the copy sleeps (else
 * it could go out to swap, and its frame to another use, under the copy).
 * 0 or -EFAULT.
 */
static inline __attribute__((always_inline)) int
copy_page_part(char *page, char *buf, uint32_t n, int user,
	       int to_file)
{
	int err = 0;

	get_page(virt_to_page(page));
	if (!user && to_file)
		memcpy(page, buf, n);
	else if (!user)
		memcpy(buf, page, n);
	else if (to_file)
		err = copy_from_user(page, buf, n) ? -EFAULT : 0;
	else
		err = copy_to_user(buf, page, n) ? -EFAULT : 0;
	put_page(virt_to_page(page));
	return err;
}

/*
 * A page at a time; between two the task may give the CPU away (a read or
 * write may be 2 GiB), and so may bringing a page back from swap: a
 * truncate meanwhile ends the read early.
 */
long ramfs_read(struct inode *ip, void *buf, uint32_t off, uint32_t n,
		int to_user)
{
	uint32_t done = 0;

	if (off >= ip->size)
		return 0;
	if (n > ip->size - off)
		n = ip->size - off;
	while (done < n) {
		uint32_t in = off % PAGE_SIZE;
		uint32_t chunk = PAGE_SIZE - in < n - done ?
				 PAGE_SIZE - in : n - done;
		char *page, *dst = (char *)buf + done;
		int err;

		if (done)
			cond_resched();
		if (off >= ip->size)
			break;
		if (chunk > ip->size - off)
			chunk = ip->size - off;
		page = data_page(ip, off / PAGE_SIZE, 0, &err);
		if (err == -EAGAIN)
			continue;	/* slept: the size again */
		if (page)
			err = copy_page_part(page + in, dst, chunk, to_user, 0);
		else if (!err && !to_user)
			memset(dst, 0, chunk);
		else if (!err)
			err = clear_user(dst, chunk) ? -EFAULT : 0;
		if (err)
			return done ? (long)done : err;
		done += chunk;
		off += chunk;
	}
	return done;
}

/* The write itself: into the file's pages, which it makes where it must. */
long ramfs_write_data(struct inode *ip, const void *buf, uint32_t off, uint32_t n,
		      int from_user)
{
	uint32_t done = 0;
	int err;

	if (n == 0)
		return 0;
	if (off >= RAMFS_MAX_SIZE)
		return -EFBIG;
	if (n > RAMFS_MAX_SIZE - off)
		n = RAMFS_MAX_SIZE - off;
	if ((err = zero_gap(ip, ip->size, off)))
		return err;
	while (done < n) {
		uint32_t in = off % PAGE_SIZE;
		uint32_t chunk = PAGE_SIZE - in < n - done ?
				 PAGE_SIZE - in : n - done;
		char *src = (char *)buf + done;
		char *page;

		if (done)
			cond_resched();
		page = data_page_wait(ip, off / PAGE_SIZE, 1, &err);
		if (page)
			err = copy_page_part(page + in, src, chunk, from_user, 1);
		if (err) {
			drop_page_past_end(ip, off / PAGE_SIZE);
			if (done == 0)
				return err;
			break;
		}
		done += chunk;
		off += chunk;
		if (off > ip->size)
			ip->size = off;
	}
	inode_touch(ip, TOUCH_M);
	return done;
}

/* An ext2 file's data takes its disk blocks first (fs/ext2/inode.c). */
long ramfs_write(struct inode *ip, const void *buf, uint32_t off, uint32_t n,
		 int from_user)
{
	if (ip->i_ext2)
		return ext2_file_write(ip, buf, off, n, from_user);
	return ramfs_write_data(ip, buf, off, n, from_user);
}

/*
 * Whether the caller may make ip size bytes long: growing it past
 * RLIMIT_FSIZE gives SIGXFSZ and EFBIG (Linux's inode_newsize_ok).
 */
static int newsize_ok(struct inode *ip, uint64_t size)
{
	uint32_t limit = rlimit(RLIMIT_FSIZE);

	if (size <= ip->size || limit == RLIM_INFINITY || size <= limit)
		return 0;
	send_signal(current, SIGXFSZ);
	return -EFBIG;
}

/*
 * Set the size; pages past the end go back (their frames, or their slots
 * on swap), the tail of the last is zeroed (it may come back from swap
 * for that first).  A page past the new end leaves every mapping of the
 * file first (unmap_mapping_range), so that the next touch there is
 * SIGBUS, as on Linux; the file then drops its own reference, and the
 * page is free once nothing else holds it.
 */
int ramfs_truncate(struct inode *ip, uint32_t size)
{
	uint32_t keep = PAGE_ALIGN((uint64_t)size) / PAGE_SIZE, old_size = ip->size;
	char *page;
	int err;

	if (size > RAMFS_MAX_SIZE)
		return -EFBIG;
	if ((err = memfd_check_size(ip, size)) || (err = newsize_ok(ip, size)) ||
	    (err = zero_gap(ip, ip->size, size)))
		return err;
	if (size < ip->size && size % PAGE_SIZE) {	/* the new last page's tail */
		if (!(page = data_page_wait(ip, size / PAGE_SIZE, 0, &err)) && err)
			return err;
		if (page)
			memset(page + size % PAGE_SIZE, 0,
			       PAGE_SIZE - size % PAGE_SIZE);
	}
	/* From here nothing sleeps. */
	if (size < ip->size) {	/* and the pages fallocate gave past the end */
		unmap_mapping_range(ip, keep, RAMFS_MAX_PAGES - keep, 1);
		truncate_pages(ip, keep, ramfs_npages(ip));
		ip->falloc_npages = 0;
	}
	ip->size = size;
	if (ip->i_ext2)
		ext2_truncate(ip, old_size);
	inode_touch(ip, TOUCH_M);
	return 0;
}

/* Frees ip and what it holds, but for its reference to its parent. */
static void inode_free(struct inode *ip)
{
	fsnotify_inoderemove(ip);	/* IN_DELETE_SELF, IN_IGNORED */
	simple_xattrs_free(ip);
	if (ip->i_ext2)
		ext2_free_inode(ip);	/* its blocks and number on the disk */
	if (is_ramfs_file(ip)) {
		truncate_pages(ip, 0, ramfs_npages(ip));	/* nothing maps it */
		shmem_del_inode(ip);
		kfree(ip->memfd_name);
	} else if (is_cgroup_inode(ip)) {
		cgroup_inode_free(ip);
	} else if (is_mqueue_inode(ip)) {
		mqueue_evict_inode(ip);
	} else if (is_nsfs_inode(ip)) {
		nsfs_evict(ip);
	} else if (S_ISLNK(ip->mode) && ip->u.symlink) {
		kfree(ip->u.symlink);
		if (ip->size >= SHORT_SYMLINK_LEN)
			ramfs_release_blocks(ip->sb, 1);
	}
	ramfs_release_inode(ip->sb);
	/* A directory is empty by now: rmdir checked. */
	kfree(ip);
}

/*
 * Drops a reference.  A directory holds one on its parent (its ".."), so
 * the last put of a removed directory may free a whole chain of removed
 * ancestors, as deep as a user cared to make it: this climbs the chain in
 * a loop, never a recursion as deep as the chain.
 */
void inode_put(struct inode *ip)
{
	while (ip && --ip->count == 0 && (ip->nlink == 0 || ip->transient)) {
		struct inode *parent = ip->parent;

		inode_free(ip);
		ip = parent;
	}
}

/* st_blocks: 512-byte blocks of data pages. */
uint32_t ramfs_blocks(struct inode *ip)
{
	uint32_t pages = 0;

	if (ip->i_ext2)
		return ext2_blocks(ip);
	if (!is_ramfs_file(ip))
		return 0;
	for (uint32_t i = 0; i * PTRS_PER_INDEX < ramfs_npages(ip); i++) {
		void **index = ramfs_index(ip, i);

		for (uint32_t j = 0; index && j < PTRS_PER_INDEX; j++)
			pages += index[j] != NULL;
	}
	return pages * (PAGE_SIZE / 512);
}

/* For execve: the ELF loader reads through here. */
long inode_read(struct inode *ip, void *dst, uint32_t off, uint32_t n,
		int to_user)
{
	if (!is_ramfs_file(ip))
		return -EINVAL;
	return ramfs_read(ip, dst, off, n, to_user);
}

static long file_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	long r;

	if (*pos >= f->inode->size)
		return 0;
	r = ramfs_read(f->inode, ubuf, *pos, n, 1);
	if (r > 0)
		*pos += r;
	return r;
}

/*
 * A write stops at the largest file size (EFBIG at it), which is 2 GiB - 1
 * for a file opened without O_LARGEFILE, and before that at RLIMIT_FSIZE
 * (SIGXFSZ and EFBIG at it): Linux's generic_write_check_limits.
 */
static long file_write(struct file *f, const char *ubuf, uint32_t n,
		       uint64_t *pos)
{
	uint32_t limit = rlimit(RLIMIT_FSIZE);
	uint32_t max = f->flags & O_LARGEFILE ? RAMFS_MAX_SIZE : MAX_NON_LFS;
	long r;

	if (f->flags & O_APPEND)
		*pos = f->inode->size;
	if (n == 0)
		return 0;
	if (limit != RLIM_INFINITY && *pos >= limit) {
		send_signal(current, SIGXFSZ);
		return -EFBIG;
	}
	if (limit != RLIM_INFINITY && n > limit - *pos)
		n = limit - *pos;
	if (*pos >= max)
		return -EFBIG;
	if (n > max - *pos)
		n = max - *pos;
	if ((r = memfd_check_write(f->inode, *pos, n)) != 0)
		return r;
	r = ramfs_write(f->inode, ubuf, *pos, n, 1);
	if (r > 0)
		*pos += r;
	return r;
}

/*
 * A file past 2 GiB opens only with O_LARGEFILE (Linux's
 * generic_file_open): a program whose off_t has 32 bits could not say
 * where in it it is.
 */
static int file_open_check(struct file *f)
{
	return !(f->flags & O_LARGEFILE) && f->inode->size > MAX_NON_LFS ?
	       -EOVERFLOW : 0;
}

static long file_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	int avail;

	if (cmd != FIONREAD)
		return -ENOTTY;
	avail = f->pos < f->inode->size ? f->inode->size - f->pos : 0;
	return copy_to_user((void *)arg, &avail, sizeof(avail)) ? -EFAULT : 0;
}

/*
 * The pages a fill of pages [first, end) takes: its holes, and the index
 * pages above them that are not there.
 */
static uint32_t pages_to_fill(struct inode *ip, uint32_t first, uint32_t end)
{
	uint32_t n = !ip->u.index.top && end > PTRS_PER_INDEX, pgno = first;

	while (pgno < end) {
		uint32_t next = (pgno / PTRS_PER_INDEX + 1) * PTRS_PER_INDEX;
		void **slot = ramfs_slot(ip, pgno);

		if (next > end)
			next = end;
		if (slot == NULL) {	/* a whole index page to come */
			n += 1 + next - pgno;
			pgno = next;
		} else {
			n += *slot == NULL;
			pgno++;
		}
	}
	return n;
}

/*
 * Every hole of bytes [off, end) gets its page; past the end of the file
 * too, where falloc_npages keeps them.  Whether the file system has room
 * for them all is known first: ENOSPC then allocates nothing (Linux's
 * shmem_fallocate takes back what it allocated).  Another task may fill
 * it meanwhile, the memory may run out (ENOMEM) or a signal come (EINTR,
 * as Linux's): then the pages allocated so far stay, zeros.
 */
static long allocate_range(struct inode *ip, uint32_t off, uint32_t end,
			   int keep_size)
{
	uint32_t first = off / PAGE_SIZE, last = (end - 1) / PAGE_SIZE;
	uint32_t need = pages_to_fill(ip, first, last + 1);
	int err;

	if ((err = newsize_ok(ip, end)) || (err = ramfs_reserve_blocks(ip->sb, need)))
		return err;
	ramfs_release_blocks(ip->sb, need);	/* each page takes its own */
	for (uint32_t pgno = first; pgno <= last; pgno++) {
		if (pgno > first && signal_pending(current))
			return -EINTR;
		cond_resched();
		if (!data_page_wait(ip, pgno, 1, &err)) {
			drop_page_past_end(ip, pgno);
			return err;
		}
		if (pgno >= ramfs_npages(ip))
			ip->falloc_npages = pgno + 1;
	}
	if (!keep_size && end > ip->size)
		ip->size = end;
	return 0;
}

/*
 * Bytes [from, to) of one page read as zeros: a page that is there is
 * cleared (it may come back from swap for that first), a hole is one.
 */
static int zero_page_part(struct inode *ip, uint32_t from, uint32_t to)
{
	char *page;
	int err;

	if (!(page = data_page_wait(ip, from / PAGE_SIZE, 0, &err)))
		return err;
	memset(page + from % PAGE_SIZE, 0, to - from);
	return 0;
}

/*
 * Bytes [off, end) read as zeros and hold no memory: the pages wholly
 * inside go back (first unmapped from every mapping), the parts of the
 * pages at either end are cleared.  The size stays.
 */
static long punch_hole(struct inode *ip, uint32_t off, uint32_t end)
{
	uint32_t first = off / PAGE_SIZE + (off % PAGE_SIZE != 0);
	uint32_t last = end / PAGE_SIZE;	/* pages [first, last) go */
	int err = 0;

	if (first > last)			/* inside one page */
		return zero_page_part(ip, off, end);
	if (off % PAGE_SIZE)
		err = zero_page_part(ip, off, first * PAGE_SIZE);
	if (!err && end % PAGE_SIZE)
		err = zero_page_part(ip, last * PAGE_SIZE, end);
	if (err)
		return err;
	/* From here nothing sleeps. */
	if (last > ramfs_npages(ip))
		last = ramfs_npages(ip);
	if (first < last) {
		unmap_mapping_range(ip, first, last - first, 0);
		truncate_pages(ip, first, last);
	}
	return 0;
}

/*
 * fallocate on a tmpfs file, as Linux's shmem_fallocate: mode 0 allocates
 * and makes the file at least that long, FALLOC_FL_KEEP_SIZE allocates
 * only, FALLOC_FL_PUNCH_HOLE (with KEEP_SIZE) frees; tmpfs has no other.
 * fs/falloc.c checked that off + len is a size the file may have.
 */
static long file_fallocate(struct file *f, int mode, uint64_t off, uint64_t len)
{
	struct inode *ip = f->inode;
	long err;

	if ((mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE)) || ip->i_ext2)
		return -EOPNOTSUPP;	/* ext2 has none: glibc writes zeros */
	if (mode & FALLOC_FL_PUNCH_HOLE)
		err = ip->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE) ? -EPERM :
		      punch_hole(ip, off, off + len);
	else if ((ip->seals & F_SEAL_GROW) && off + len > ip->size)
		err = -EPERM;
	else
		err = allocate_range(ip, off, off + len, mode & FALLOC_FL_KEEP_SIZE);
	if (!err)
		inode_touch(ip, TOUCH_M);
	return err;
}

/*
 * lseek, as Linux's shmem_file_llseek: SEEK_DATA and SEEK_HOLE see the
 * file's holes, a page at a time (mm/filemap.c's mapping_seek_hole_data):
 * a page never written, or punched out, is a hole, one out on swap is
 * data, and the end of the file is a hole.  From the end on, or from a
 * negative offset, there is neither: ENXIO.  Nothing sleeps.
 */
static int64_t file_llseek(struct file *f, int64_t off, int whence)
{
	struct inode *ip = f->inode;
	uint64_t pos = off;

	if (whence != SEEK_DATA && whence != SEEK_HOLE)
		return generic_file_llseek_size(f, off, whence, INT64_MAX, ip->size);
	if (off < 0 || pos >= ip->size)
		return -ENXIO;
	while (pos < ip->size) {
		void **slot = ramfs_slot(ip, pos / PAGE_SIZE);

		if ((slot && *slot) == (whence == SEEK_DATA))
			break;
		pos = (pos / PAGE_SIZE + 1) * PAGE_SIZE;
	}
	if (pos >= ip->size) {
		if (whence == SEEK_DATA)
			return -ENXIO;
		pos = ip->size;
	}
	f->pos = pos;
	return pos;
}

const struct file_operations ramfs_file_fops = {
	.open = file_open_check,
	.read = file_read,
	.write = file_write,
	.llseek = file_llseek,
	.ioctl = file_ioctl,
	.mmap = generic_file_mmap,
	.fallocate = file_fallocate,
};

/* Directories. */

int dir_lookup(struct inode *dir, const char *name, int len,
	       struct inode **ipp)
{
	for (struct dentry *e = dir->u.dir.entries; e; e = e->next) {
		if (e->len == len && memcmp(e->name, name, len) == 0) {
			*ipp = inode_get(e->inode);
			return 0;
		}
	}
	return -ENOENT;
}

/* Enter ip under name (which must be new); it gains a link. */
int dir_add(struct inode *dir, const char *name, int len, struct inode *ip)
{
	struct dentry *e;
	int err;

	if (dir->i_ext2 && (err = ext2_dir_reserve(dir, len)))
		return err;		/* no room in its blocks, nor for one more */
	if ((e = kmalloc(sizeof(*e) + len + 1)) == NULL)
		return -ENOMEM;
	e->next = NULL;
	e->inode = ip;
	e->off = dir->u.dir.next_off++;
	e->len = len;
	memcpy(e->name, name, len);
	e->name[len] = 0;
	if (dir->u.dir.last)
		dir->u.dir.last->next = e;
	else
		dir->u.dir.entries = e;
	dir->u.dir.last = e;
	dir->u.dir.nentries++;
	dir->size += BOGO_DIRENT_SIZE;
	ip->nlink++;
	if (S_ISDIR(ip->mode)) {
		dir->nlink++;		/* the child's ".." */
		if (ip->parent != dir) {
			inode_put(ip->parent);
			ip->parent = inode_get(dir);
		}
	}
	inode_touch(dir, TOUCH_M);
	inode_touch(ip, TOUCH_C);
	return 0;
}

/*
 * Remove the entry name; its inode loses a link.  The caller holds a
 * reference to that inode, so dropping it frees an inode nothing names.
 */
void dir_remove(struct inode *dir, const char *name, int len)
{
	struct dentry **pp, *e, *prev = NULL;

	for (pp = &dir->u.dir.entries; (e = *pp) != NULL; pp = &e->next) {
		if (e->len == len && memcmp(e->name, name, len) == 0)
			break;
		prev = e;
	}
	if (e == NULL)
		return;
	*pp = e->next;
	if (dir->u.dir.last == e)
		dir->u.dir.last = prev;
	dir->u.dir.nentries--;
	dir->size -= BOGO_DIRENT_SIZE;
	e->inode->nlink--;
	if (S_ISDIR(e->inode->mode))
		dir->nlink--;
	inode_touch(dir, TOUCH_M);
	inode_touch(e->inode, TOUCH_C);
	kfree(e);
}

int dir_is_empty(struct inode *dir)
{
	return dir->u.dir.nentries == 0;
}

/* The name under which dir lists child (for getcwd). */
int dir_name_of(struct inode *dir, struct inode *child, char *buf, int size)
{
	if (dir->i_op == &devpts_dir_iops)
		return devpts_dir_name(child, buf, size);
	if (dir->i_op != &ramfs_dir_iops)
		return proc_dir_name(child, buf, size);
	for (struct dentry *e = dir->u.dir.entries; e; e = e->next) {
		if (e->inode == child && e->len < size) {
			memcpy(buf, e->name, e->len + 1);
			return e->len;
		}
	}
	return -ENOENT;
}

int ramfs_iterate(struct inode *dir, struct dir_context *ctx)
{
	struct inode *up = dir->parent ? dir->parent : dir;

	if (ctx->pos == 0) {
		if (ctx->actor(ctx, ".", 1, dir->ino, S_IFDIR >> 12, 1))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (ctx->actor(ctx, "..", 2, up->ino, S_IFDIR >> 12, 2))
			return 0;
		ctx->pos = 2;
	}
	for (struct dentry *e = dir->u.dir.entries; e; e = e->next) {
		if (e->off < ctx->pos)
			continue;
		if (ctx->actor(ctx, e->name, e->len, e->inode->ino,
			       (e->inode->mode & S_IFMT) >> 12, e->off + 1))
			return 0;
		ctx->pos = e->off + 1;
	}
	return 0;
}

const struct inode_operations ramfs_dir_iops = {
	.lookup = dir_lookup,
	.iterate = ramfs_iterate,
};

/* read() of any directory. */
long generic_read_dir(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	return -EISDIR;
}

/*
 * lseek in a ramfs directory, as in Linux's tmpfs (dcache_dir_lseek): from
 * the start or from here, to any position that is not negative; past the
 * last entry getdents finds nothing.
 */
static int64_t dir_llseek(struct file *f, int64_t off, int whence)
{
	int64_t pos;

	switch (whence) {
	case SEEK_SET:
		pos = off;
		break;
	case SEEK_CUR:
		pos = (int64_t)(f->pos + (uint64_t)off);	/* wraps negative */
		break;
	default:
		return -EINVAL;
	}
	if (pos < 0)
		return -EINVAL;
	f->pos = pos;
	return pos;
}

const struct file_operations dir_fops = {
	.read = generic_read_dir,
	.llseek = dir_llseek,
};
