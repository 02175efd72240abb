/*
 * Path names (fs/namei.c): from a user's path to an inode, relative to the
 * working directory or to a directory descriptor (the *at calls), and the
 * operations that change names.
 */
#ifndef FS_NAMEI_H
#define FS_NAMEI_H

#include <stdint.h>

struct inode;

enum last_type { LAST_NORM, LAST_DOT, LAST_DOTDOT, LAST_ROOT };
struct nameidata {
	struct inode *dir;	/* the parent, referenced */
	const char *last;	/* the last component, NUL-terminated */
	int len;
	enum last_type type;
	int trailing_slash;	/* "name/" : it must be a directory */
	int links;		/* symlinks followed so far (fs/namei.c) */
};
#define LOOKUP_FOLLOW	1	/* follow a symlink in the last component */

int getname(const char *upath, char **kpath);
void putname(char *kpath);
struct inode *cwd_inode(void);
struct inode *current_root(void);
int permission(struct inode *ip, int mask);
int path_lookup(struct inode *base, const char *path, int flags,
		struct inode **ipp);
int path_lookup_dir(struct inode *base, const char *path, int flags,
		    struct inode **ipp, struct inode **dirp);
int path_parent(struct inode *base, char *path, struct nameidata *nd);
int lookup_last(struct nameidata *nd, int follow, struct inode **ipp,
		struct inode **dirp);
int exec_lookup(const char *kpath, struct inode **ipp, struct inode **dirp);
int exec_lookup_at(int dirfd, const char *kpath, int flags, struct inode **ipp,
		   struct inode **dirp);

/* The *at calls' (dirfd, path) pairs. */
int getname_at(const char *upath, int flags, char **kpath);
int at_base(int dirfd, const char *path, struct inode **base);
int at_lookup(int dirfd, const char *upath, int flags, struct inode **ipp);
int at_lookup_dir(int dirfd, const char *upath, int flags, struct inode **ipp,
		  struct inode **dirp);

int vfs_create(struct nameidata *nd, uint32_t mode, uint32_t rdev,
	       struct inode **ipp);
int vfs_mknod(int dirfd, char *path, uint32_t mode, uint32_t dev, struct inode **ipp);
int vfs_mkdir(struct inode *base, char *path, uint32_t mode);
int vfs_rmdir(struct inode *base, char *path);
int vfs_unlink(struct inode *base, char *path);
int vfs_link(struct inode *obase, char *opath, struct inode *nbase,
	     char *npath, int follow);
int vfs_symlink(const char *target, struct inode *base, char *path);
int vfs_rename(struct inode *obase, char *opath, struct inode *nbase,
	       char *npath);

#endif
