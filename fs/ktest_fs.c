/*
 * In-kernel tests of the file system (run with `ktest` or `ktest=fs`): file
 * data with holes and truncation, path lookup and the name operations,
 * getdents positions, and the initramfs unpacker.  Each checks that every
 * page it used came back.  User-space behaviour is tested by
 * tests/progs/file_*.c against Linux.
 */
#include "kernel/ktest.h"
#include "fs/fs.h"
#include "fs/namei.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/page.h"

#define CHECK(cond, why)	do { if (!(cond)) return why; } while (0)

static char buf[3 * PAGE_SIZE];

static const char *test_file_data(void)
{
	uint32_t before = nr_free_pages();
	struct inode *ip = new_inode(S_IFREG | 0644, 0, 0);
	uint32_t end = 3 * PAGE_SIZE + 3;

	CHECK(ip, "out of memory");
	CHECK(ramfs_write(ip, "hello", 0, 5, 0) == 5, "write at 0");
	CHECK(ramfs_write(ip, "world", end - 5, 5, 0) == 5, "write across pages");
	CHECK(ip->size == end, "size after writes");
	CHECK(ramfs_blocks(ip) == 3 * 8, "a hole took a page");
	CHECK(ramfs_read(ip, buf, 0, sizeof(buf), 0) == 3 * PAGE_SIZE,
	      "read to a full buffer");
	CHECK(memcmp(buf, "hello", 5) == 0, "data at 0");
	for (uint32_t i = 5; i < 3 * PAGE_SIZE - 2; i++)
		CHECK(buf[i] == 0, "the hole is not zeros");
	CHECK(ramfs_read(ip, buf, end - 5, 100, 0) == 5 &&
	      memcmp(buf, "world", 5) == 0, "data across pages");
	CHECK(ramfs_read(ip, buf, end, 10, 0) == 0, "read at the end");
	CHECK(ramfs_truncate(ip, 4) == 0 && ip->size == 4, "truncate down");
	CHECK(ramfs_blocks(ip) == 8, "truncate kept pages");
	CHECK(ramfs_truncate(ip, 2 * PAGE_SIZE) == 0, "truncate up");
	CHECK(ramfs_read(ip, buf, 0, 2 * PAGE_SIZE, 0) == 2 * PAGE_SIZE,
	      "read after truncate up");
	CHECK(memcmp(buf, "hell", 4) == 0 && buf[4] == 0 && buf[PAGE_SIZE] == 0,
	      "old data showed through after truncate");
	CHECK(ramfs_write(ip, "x", RAMFS_MAX_SIZE, 1, 0) == -EFBIG,
	      "write past the largest size");
	CHECK(ramfs_write(ip, "xy", RAMFS_MAX_SIZE - 1, 2, 0) == 1 &&
	      ip->size == RAMFS_MAX_SIZE, "write up to the largest size");
	CHECK(ramfs_blocks(ip) == 2 * 8, "the last page of a 4 GiB file");
	CHECK(ramfs_read(ip, buf, RAMFS_MAX_SIZE - 2, 10, 0) == 2 &&
	      buf[0] == 0 && buf[1] == 'x',
	      "read at the end of a 4 GiB file");
	CHECK(ramfs_truncate(ip, 0) == 0 && !ip->u.index.first && !ip->u.index.top,
	      "truncate to 0 kept an index");
	inode_put(ip);
	CHECK(nr_free_pages() == before, "pages not freed with the inode");
	return NULL;
}

/* Path operations take writable kernel strings: copy each one first. */
static char p1[64], p2[64];
static char *P(const char *s)
{
	strlcpy(p1, s, sizeof(p1));
	return p1;
}
static char *Q(const char *s)
{
	strlcpy(p2, s, sizeof(p2));
	return p2;
}

static int lookup(const char *path, int follow, struct inode **ipp)
{
	return path_lookup(root_inode, P(path), follow, ipp);
}

static const char *test_names(void)
{
	uint32_t before = nr_free_pages();
	struct inode *f, *ip;
	struct file *file;

	CHECK(vfs_mkdir(root_inode, P("/ktest"), 0755) == 0, "mkdir");
	CHECK(vfs_mkdir(root_inode, P("/ktest/"), 0755) == -EEXIST,
	      "mkdir of an existing name");
	CHECK(vfs_mkdir(root_inode, P("/ktest/d"), 0755) == 0, "mkdir d");
	CHECK(vfs_open(root_inode, P("/ktest/d/f"), O_CREAT | O_RDWR, 0644,
		       &file) == 0, "open O_CREAT");
	f = inode_get(file->inode);
	file_put(file);
	CHECK(lookup("/ktest/d/../d/./f", LOOKUP_FOLLOW, &ip) == 0 && ip == f,
	      ". and .. in a path");
	inode_put(ip);
	CHECK(lookup("//ktest///d/f", 0, &ip) == 0 && ip == f, "extra slashes");
	inode_put(ip);
	CHECK(lookup("/ktest/d/f/", 0, &ip) == -ENOTDIR, "file/ is ENOTDIR");
	CHECK(lookup("/ktest/no/f", 0, &ip) == -ENOENT, "missing directory");
	CHECK(lookup("/..", 0, &ip) == 0 && ip == root_inode, "/.. is /");
	inode_put(ip);

	CHECK(vfs_symlink("d/f", root_inode, P("/ktest/l")) == 0, "symlink");
	CHECK(lookup("/ktest/l", LOOKUP_FOLLOW, &ip) == 0 && ip == f,
	      "symlink followed");
	inode_put(ip);
	CHECK(lookup("/ktest/l", 0, &ip) == 0 && S_ISLNK(ip->mode),
	      "symlink not followed");
	inode_put(ip);
	CHECK(vfs_symlink("loop", root_inode, P("/ktest/loop")) == 0,
	      "symlink loop");
	CHECK(lookup("/ktest/loop", LOOKUP_FOLLOW, &ip) == -ELOOP, "ELOOP");

	CHECK(vfs_link(root_inode, P("/ktest/d/f"), root_inode, Q("/ktest/h"),
		       0) == 0 && f->nlink == 2, "link");
	CHECK(vfs_rename(root_inode, P("/ktest/h"), root_inode,
			 Q("/ktest/d/g")) == 0, "rename");
	CHECK(lookup("/ktest/h", 0, &ip) == -ENOENT, "old name still there");
	CHECK(lookup("/ktest/d/g", 0, &ip) == 0 && ip == f, "new name");
	inode_put(ip);
	CHECK(vfs_rename(root_inode, P("/ktest/d"), root_inode,
			 Q("/ktest/d/x")) == -EINVAL, "rename into itself");
	CHECK(vfs_rmdir(root_inode, P("/ktest/d")) == -ENOTEMPTY, "ENOTEMPTY");
	CHECK(vfs_rmdir(root_inode, P("/ktest/d/.")) == -EINVAL, "rmdir .");
	CHECK(vfs_unlink(root_inode, P("/ktest/d")) == -EISDIR,
	      "unlink of a directory");

	/* Unlinked but referenced: the data stays until the last put. */
	CHECK(vfs_unlink(root_inode, P("/ktest/d/f")) == 0 &&
	      vfs_unlink(root_inode, P("/ktest/d/g")) == 0, "unlink");
	CHECK(f->nlink == 0 && ramfs_write(f, "data", 0, 4, 0) == 4,
	      "an unlinked file is still usable");
	inode_put(f);
	CHECK(vfs_unlink(root_inode, P("/ktest/l")) == 0 &&
	      vfs_unlink(root_inode, P("/ktest/loop")) == 0, "unlink symlinks");
	CHECK(vfs_rmdir(root_inode, P("/ktest/d")) == 0 &&
	      vfs_rmdir(root_inode, P("/ktest")) == 0, "rmdir");
	CHECK(nr_free_pages() == before, "pages not freed");
	return NULL;
}

/* Collects names from an iterate; can remove one on its way. */
struct collect {
	struct dir_context ctx;
	struct inode *dir;
	char seen[8];
	int n;
};

static int collect_one(struct dir_context *ctx, const char *name, int len,
		       uint32_t ino, unsigned type, uint64_t next_off)
{
	struct collect *c = (struct collect *)ctx;

	if (name[0] == '.')
		return 0;
	if (c->n == 1)		/* stop after the first, as a full buffer does */
		return 1;
	c->seen[c->n++] = name[0];
	return 0;
}

static const char *test_getdents(void)
{
	uint32_t before = nr_free_pages();
	struct collect c = { .ctx = { .actor = collect_one } };
	struct inode *dir, *ip;
	char name[2] = "a";

	CHECK(vfs_mkdir(root_inode, P("/ktest"), 0755) == 0, "mkdir");
	CHECK(lookup("/ktest", 0, &dir) == 0, "lookup");
	for (name[0] = 'a'; name[0] <= 'c'; name[0]++) {
		ip = new_inode(S_IFREG | 0644, 0, 0);
		CHECK(ip && dir_add(dir, name, 1, ip) == 0, "dir_add");
		inode_put(ip);
	}
	dir->i_op->iterate(dir, &c.ctx);	/* sees "a", stops at "b" */
	CHECK(c.n == 1 && c.seen[0] == 'a', "first entry");
	CHECK(vfs_unlink(root_inode, P("/ktest/a")) == 0, "unlink a");
	c.n = 2;
	dir->i_op->iterate(dir, &c.ctx);
	CHECK(c.n == 4 && c.seen[2] == 'b' && c.seen[3] == 'c',
	      "an unlink during the walk lost or repeated entries");
	CHECK(vfs_unlink(root_inode, P("/ktest/b")) == 0 &&
	      vfs_unlink(root_inode, P("/ktest/c")) == 0, "unlink");
	inode_put(dir);
	CHECK(vfs_rmdir(root_inode, P("/ktest")) == 0, "rmdir");
	CHECK(nr_free_pages() == before, "pages not freed");
	return NULL;
}

/* Append a newc member to the archive at *end. */
static void member(char **end, const char *name, uint32_t mode, uint32_t uid,
		   const char *data)
{
	uint32_t namesize = strlen(name) + 1, size = data ? strlen(data) : 0;
	char *p = *end;

	p += snprintf(p, 200, "070701%08x%08x%08x%08x%08x%08x%08x"
		      "%08x%08x%08x%08x%08x%08x", 0, mode, uid, uid + 1, 1, 0,
		      size, 0, 0, 0, 0, namesize, 0);
	memcpy(p, name, namesize);
	p += namesize;
	while ((p - buf) % 4)
		*p++ = 0;
	if (size)
		memcpy(p, data, size);
	p += size;
	while ((p - buf) % 4)
		*p++ = 0;
	*end = p;
}

static const char *test_initramfs(void)
{
	uint32_t before = nr_free_pages();
	struct inode *ip;
	char *end = buf;

	memset(buf, 0, sizeof(buf));
	member(&end, "ktcpio", S_IFDIR | 0750, 5, NULL);
	member(&end, "ktcpio/a", S_IFREG | 0640, 7, "abc");
	member(&end, "TRAILER!!!", 0, 0, NULL);
	end = buf + 512;		/* a second archive after zero padding */
	member(&end, "./ktcpio/a", S_IFREG | 0604, 9, "xyz1");
	member(&end, "ktcpio/l", S_IFLNK | 0777, 0, "a");
	member(&end, "nodir/x", S_IFREG | 0644, 0, "lost");
	member(&end, "TRAILER!!!", 0, 0, NULL);
	initramfs_unpack(buf, end - buf);

	CHECK(lookup("/ktcpio", 0, &ip) == 0, "directory missing");
	CHECK(ip->mode == (S_IFDIR | 0750) && ip->uid == 5 && ip->gid == 6,
	      "directory mode or owner");
	inode_put(ip);
	CHECK(lookup("/ktcpio/l", LOOKUP_FOLLOW, &ip) == 0, "symlink");
	CHECK(ip->mode == (S_IFREG | 0604) && ip->uid == 9 && ip->size == 4,
	      "the second archive did not replace the file");
	CHECK(ramfs_read(ip, p2, 0, sizeof(p2), 0) == 4 &&
	      memcmp(p2, "xyz1", 4) == 0, "file data");
	inode_put(ip);
	CHECK(vfs_unlink(root_inode, P("/ktcpio/a")) == 0 &&
	      vfs_unlink(root_inode, P("/ktcpio/l")) == 0 &&
	      vfs_rmdir(root_inode, P("/ktcpio")) == 0, "clean up");
	CHECK(nr_free_pages() == before, "pages not freed");
	return NULL;
}

static int run(const char *name, const char *(*fn)(void))
{
	const char *err = fn();

	ktest_report(name, err);
	return err != NULL;
}

/* The number of failed cases. */
int fs_selftest(void)
{
	return run("fs_file_data", test_file_data) +
	       run("fs_names", test_names) +
	       run("fs_getdents", test_getdents) +
	       run("fs_initramfs", test_initramfs);
}
