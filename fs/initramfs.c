/*
 * The initramfs: the boot loader hands the kernel a "newc" cpio archive
 * (or several, one after another), and every directory, file, symlink and
 * device node in it becomes part of the ramfs, with its mode, owner and
 * modification time.  The data is copied, so the archive's frames can be
 * freed afterwards.  A file whose copy would leave less than
 * INITRAMFS_RESERVE free is left out whole (never half a program), and the
 * count of those is reported: the system still boots with what fit.
 *
 * Each member is a 110-byte header of ASCII hex fields, the name (with its
 * NUL), padding to 4 bytes, the data, padding to 4 bytes.  A member named
 * TRAILER!!! ends an archive.
 */
#include "fs/fs.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/kmalloc.h"
#include "mm/page.h"

#define HDR_SIZE	110
#define ALIGN4(x)	(((x) + 3) & ~3u)
#define INITRAMFS_RESERVE	256	/* free pages kept for init and a shell */

enum {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK
};

struct member {
	const char *name;
	uint32_t mode, uid, gid, mtime, rdev;
	const char *data;
	uint32_t size;
};

/* The files left out for lack of memory: how many, their bytes, the first. */
static struct {
	uint32_t files, bytes;
	const char *first;
} left_out;

/* Would copying size bytes leave at least INITRAMFS_RESERVE pages free?
 * (A page of the file's index comes with every PTRS_PER_INDEX pages, and
 * the top index page with the second of them.) */
static int room_for(uint32_t size)
{
	uint32_t pages = (size + PAGE_SIZE - 1) / PAGE_SIZE;

	pages += pages / PTRS_PER_INDEX + 2;
	return nr_free_pages() >= pages + INITRAMFS_RESERVE;
}

static void leave_out(const char *name, uint32_t size)
{
	if (left_out.files++ == 0)
		left_out.first = name;
	left_out.bytes += size;
}

static uint32_t field(const char *hdr, int i)
{
	const char *p = hdr + 6 + 8 * i;
	uint32_t v = 0;

	for (int k = 0; k < 8; k++) {
		char c = p[k];

		v = v << 4 | (c >= 'a' ? c - 'a' + 10 :
			      c >= 'A' ? c - 'A' + 10 : c - '0');
	}
	return v;
}

/* The directory that will hold path's last component (set in *last). */
static struct inode *parent_dir(const char *path, const char **last)
{
	struct inode *dir = inode_get(root_inode), *next;
	const char *slash;

	while ((slash = strchr(path, '/')) != NULL) {
		if (slash > path) {
			if (dir_lookup(dir, path, slash - path, &next) != 0) {
				inode_put(dir);
				return NULL;
			}
			inode_put(dir);
			dir = next;
			if (!S_ISDIR(dir->mode)) {
				inode_put(dir);
				return NULL;
			}
		}
		path = slash + 1;
	}
	*last = path;
	return dir;
}

static void set_attrs(struct inode *ip, const struct member *m)
{
	ip->mode = m->mode;
	ip->uid = m->uid;
	ip->gid = m->gid;
	ip->atime = ip->mtime = ip->ctime = (struct inode_time){ m->mtime, 0 };
}

/* A new inode of dir's ramfs with m's contents, or NULL. */
static struct inode *make_inode(struct inode *dir, const struct member *m)
{
	struct inode *ip;

	if (ramfs_new_inode(dir->sb, m->mode, m->uid, m->gid, &ip))
		return NULL;
	if (S_ISDIR(m->mode)) {
		ip->nlink = 1;
	} else if (S_ISREG(m->mode)) {
		if (!room_for(m->size) ||
		    ramfs_write(ip, m->data, 0, m->size, 0) != (long)m->size) {
			inode_put(ip);	/* frees what was written */
			return NULL;
		}
	} else if (S_ISLNK(m->mode) && m->size < 2048 &&
		   ramfs_set_link(ip, m->data, m->size) == 0) {
		/* the target is in */
	} else if (S_ISCHR(m->mode)) {
		/* rdev was set from the header */
	} else {
		inode_put(ip);
		return NULL;
	}
	ip->rdev = m->rdev;
	set_attrs(ip, m);
	return ip;
}

static void add_member(const struct member *m)
{
	const char *name = m->name, *last;
	struct inode *dir, *old, *ip;
	int len;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	while (*name == '/')
		name++;
	if (*name == 0 || strcmp(name, ".") == 0) {
		if (S_ISDIR(m->mode))
			set_attrs(root_inode, m);
		return;
	}
	if ((dir = parent_dir(name, &last)) == NULL) {
		printk("initramfs: %s: no parent directory\n", name);
		return;
	}
	len = strlen(last);
	if (len == 0 || len > NAME_MAX) {
		inode_put(dir);
		return;
	}
	if (dir_lookup(dir, last, len, &old) == 0) {
		/* A later archive may change a directory or replace a file. */
		int keep = S_ISDIR(old->mode) &&
			   (S_ISDIR(m->mode) || !dir_is_empty(old));

		if (keep && S_ISDIR(m->mode))
			set_attrs(old, m);
		else if (!keep)
			dir_remove(dir, last, len);
		inode_put(old);
		if (keep) {
			inode_put(dir);
			return;
		}
	}
	if ((ip = make_inode(dir, m)) != NULL) {
		if (dir_add(dir, last, len, ip) != 0)
			ip->nlink = 0;
		ip->mtime = ip->ctime = (struct inode_time){ m->mtime, 0 };	/* dir_add touched them */
		inode_put(ip);
	} else if (S_ISREG(m->mode)) {
		leave_out(name, m->size);
	} else {
		printk("initramfs: %s: skipped\n", name);
	}
	inode_put(dir);
}

void initramfs_unpack(const char *buf, uint32_t len)
{
	uint32_t off = 0, files = 0, bytes = 0;

	while (off + HDR_SIZE <= len) {
		const char *h = buf + off;
		struct member m;
		uint32_t namesize, data, next;

		if (memcmp(h, "070701", 6) != 0 && memcmp(h, "070702", 6) != 0) {
			if (h[0] == 0) {	/* padding between archives */
				off += 4;
				continue;
			}
			printk("initramfs: bad header at offset %u\n", off);
			break;
		}
		namesize = field(h, F_NAMESIZE);
		m.size = field(h, F_FILESIZE);
		data = ALIGN4(off + HDR_SIZE + namesize);
		next = ALIGN4(data + m.size);
		if (namesize == 0 || namesize > len - off - HDR_SIZE ||
		    data > len || m.size > len - data ||
		    h[HDR_SIZE + namesize - 1] != 0) {
			printk("initramfs: truncated at offset %u\n", off);
			break;
		}
		m.name = h + HDR_SIZE;
		m.mode = field(h, F_MODE);
		m.uid = field(h, F_UID);
		m.gid = field(h, F_GID);
		m.mtime = field(h, F_MTIME);
		m.rdev = MKDEV(field(h, F_RDEVMAJOR), field(h, F_RDEVMINOR));
		m.data = buf + data;
		if (strcmp(m.name, "TRAILER!!!") != 0) {
			add_member(&m);
			files++;
			bytes += m.size;
		}
		off = next;
	}
	printk("initramfs: %u entries, %u KiB\n", files - left_out.files,
	       (bytes - left_out.bytes) / 1024);
	if (left_out.files)
		printk("initramfs: no memory for %u files (%u KiB): /%s and %u more left "
		       "out; give QEMU more (-m)\n", left_out.files, left_out.bytes / 1024,
		       left_out.first, left_out.files - 1);
}
