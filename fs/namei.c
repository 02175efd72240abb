/*
 * Path names: turning "/a/b/c" into an inode, one component at a time, with
 * permission checks on every directory searched and symbolic links
 * followed, from the working directory or, for the *at calls, from a
 * directory descriptor; and the operations that change names (mkdir,
 * unlink, rename, link...), which first find the parent directory of the
 * last component, with their system calls.  Errors and their order follow
 * Linux's fs/namei.c.
 */
#include "fs/fs.h"
#include "fs/mount.h"
#include "fs/inotify.h"
#include "fs/namei.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"

/*
 * A path from user space, copied into a page of its own (PATH_MAX bytes).
 * The page is not cleared: nothing reads past the copied NUL, and clearing
 * would cost a thousand instructions on every call that takes a path.
 */
int getname(const char *upath, char **kpath)
{
	char *k = __get_free_page(GFP_KERNEL);
	int r;

	if (k == NULL)
		return -ENOMEM;
	r = strncpy_from_user(k, upath, PATH_MAX);
	if (r == 0)
		r = -ENOENT;
	if (r < 0) {
		free_kpage(k);
		return r;
	}
	*kpath = k;
	return 0;
}

void putname(char *kpath)
{
	if (kpath)
		free_kpage(kpath);
}

struct inode *cwd_inode(void)
{
	return current->fs && current->fs->cwd ? current->fs->cwd : root_inode;
}

/* Where the task's "/" is: what chroot gave it, or the root of all. */
struct inode *current_root(void)
{
	return current->fs && current->fs->root ? current->fs->root : root_inode;
}

/* Is gid one of the current task's supplementary groups? */
static int in_groups(uint32_t gid)
{
	for (int i = 0; i < current->ngroups; i++)
		if (current->groups[i] == gid)
			return 1;
	return 0;
}

/*
 * Unix permission bits against the given ids: the owner's triple if uid
 * owns the file, else the group's if gid or a supplementary group is the
 * file's, else the others'.  Root may read and write anything and search
 * any directory, but runs only files with an x.  Before them, as in Linux's
 * sb_permission, nobody writes a file, directory or symlink of a read-only
 * mount: EROFS.
 */
static int permission_ids(struct inode *ip, int mask, uint32_t uid,
			  uint32_t gid)
{
	uint32_t m = ip->mode;

	if ((mask & MAY_WRITE) && is_rdonly(ip) && (S_ISREG(m) || S_ISDIR(m) || S_ISLNK(m)))
		return -EROFS;
	if (uid == 0) {
		if (!(mask & MAY_EXEC) || S_ISDIR(m) || (m & 0111))
			return 0;
		return -EACCES;
	}
	if (uid == ip->uid)
		m >>= 6;
	else if (gid == ip->gid || in_groups(ip->gid))
		m >>= 3;
	return (m & mask & 7) == (uint32_t)mask ? 0 : -EACCES;
}

int permission(struct inode *ip, int mask)
{
	return permission_ids(ip, mask, current->euid, current->egid);
}

/*
 * One component in dir: ".", ".." and names, needing search permission.
 * A directory with a mount on it is not what a walk finds there, but the
 * root of the mount (follow_mount); ".." from the root of a mount goes out
 * through its mount point, and never above the task's root
 * (follow_dotdot, fs/namespace.c).
 */
static int lookup_one(struct inode *dir, const char *name, int len,
		      struct inode **ipp)
{
	struct inode *ip;
	int err;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if ((err = permission(dir, MAY_EXEC)) != 0)
		return err;
	if (len == 1 && name[0] == '.') {
		*ipp = inode_get(dir);
		return 0;
	}
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*ipp = inode_get(follow_dotdot(dir));
		return 0;
	}
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	if ((err = dir->i_op->lookup(dir, name, len, &ip)))
		return err;
	if (ip->i_mounted) {
		*ipp = inode_get(follow_mount(ip));
		inode_put(ip);
	} else {
		*ipp = ip;
	}
	return 0;
}

/*
 * Symbolic links.  One lookup follows at most MAXSYMLINKS of them in all,
 * wherever they are: in the middle of the path, at its end, inside the
 * bodies of other links (Linux's limit, ELOOP at the 41st).  So links that
 * name links many times over cannot make a lookup walk for ever.  The walk
 * is a loop, never a recursion: a link met on the way puts the rest of the
 * path on a stack and its body is walked in its place; at the end of the
 * body the rest is taken up again.  Each entry on the stack is a link
 * followed, so the stack is never deeper than MAXSYMLINKS.
 */
struct saved_link {
	struct inode *link;	/* held, so that its body stays */
	const char *rest;	/* what follows it in the path it was met in */
};

/* May one more link be followed, and may this one?  (Linux's pick_link.) */
static int pick_link(struct inode *link, int *links)
{
	if ((*links)++ >= MAXSYMLINKS)
		return -ELOOP;
	if (link->u.symlink[0] == 0)
		return -ENOENT;		/* an empty target names nothing */
	return 0;
}

/* Is link a /proc magic link, which names an inode rather than a path? */
static int is_magic_link(struct inode *link)
{
	return link->i_op && link->i_op->follow_link;
}

/*
 * A /proc magic link (/proc/PID/fd/N, /proc/PID/exe) names an open file,
 * not a path: following it gives the file's inode itself, even one that
 * no path reaches (a pipe, a removed file), as Linux's nd_jump_link.  *dir
 * becomes that inode and *parent the directory it was opened in.
 */
static int jump_link(struct inode *link, struct inode **dir,
		     struct inode **parent)
{
	struct inode *ip, *up;
	int err = link->i_op->follow_link(link, &ip, &up);

	if (err)
		return err;
	inode_put(*dir);
	*dir = ip;
	inode_put(*parent);
	*parent = up;
	return 0;
}

/*
 * Resolve path from base (or from the root if it starts with '/').  follow:
 * follow a symlink in the last component.  *links counts the links followed
 * and goes on from the caller's count.  If dirp is not NULL, *dirp gets the
 * directory the inode was found in, referenced, or NULL if none (a path of
 * "/" alone): what an open file keeps for its name (fs/d_path.c).
 */
static int walk(struct inode *base, const char *path, int follow, int *links,
		struct inode **ipp, struct inode **dirp)
{
	struct saved_link stack[MAXSYMLINKS];
	struct inode *dir = inode_get(*path == '/' ? current_root() : base);
	struct inode *parent = NULL;
	int depth = 0, err = 0;

	for (;;) {
		const char *name, *rest;
		struct inode *ip;
		int len, slash, last;

		while (*path == '/')
			path++;
		if (*path == 0) {
			if (depth == 0)
				break;
			/* A link's body is walked: dir is what the link names. */
			inode_put(stack[--depth].link);
			path = stack[depth].rest;
			if (*path == '/' && !S_ISDIR(dir->mode)) {
				err = -ENOTDIR;
				break;
			}
			continue;
		}
		cond_resched();		/* dir is held: it stays while others run */
		name = path;
		for (len = 0; name[len] && name[len] != '/'; len++)
			;
		path += len;
		slash = *path == '/';
		for (rest = path; *rest == '/'; rest++)
			;
		/* The last of a link's body stands for the link: it is followed. */
		last = *rest == 0 && depth == 0;

		if ((err = lookup_one(dir, name, len, &ip)) != 0)
			break;
		if (S_ISLNK(ip->mode) && (!last || follow || slash)) {
			if ((err = pick_link(ip, links)) != 0) {
				inode_put(ip);
				break;
			}
			if (is_magic_link(ip)) {
				err = jump_link(ip, &dir, &parent);
				inode_put(ip);
				if (err)
					break;
				if (slash && !S_ISDIR(dir->mode)) {
					err = -ENOTDIR;
					break;
				}
				continue;
			}
			stack[depth].link = ip;
			stack[depth++].rest = path;
			path = ip->u.symlink;
			if (*path == '/') {
				inode_put(dir);
				dir = inode_get(current_root());
			}
			continue;
		}
		if (slash && !S_ISDIR(ip->mode)) {
			inode_put(ip);
			err = -ENOTDIR;
			break;
		}
		inode_put(parent);
		parent = dir;
		dir = ip;
	}
	while (depth > 0)
		inode_put(stack[--depth].link);
	if (err || !dirp)
		inode_put(parent);
	if (err) {
		inode_put(dir);
		return err;
	}
	*ipp = dir;
	if (dirp)
		*dirp = parent;
	return 0;
}

/*
 * Replace the symlink *ipp, the last component, found in dir, by what it
 * names; *dirp, if asked for, gets the directory that is in (as walk's).
 */
static int follow_link(struct inode *dir, struct inode **ipp, int *links,
		       struct inode **dirp)
{
	struct inode *link = *ipp, *target, *parent = NULL;
	int err;

	if ((err = pick_link(link, links)) != 0) {
		inode_put(link);
		return err;
	}
	if (is_magic_link(link))
		err = link->i_op->follow_link(link, &target, &parent);
	else
		err = walk(dir, link->u.symlink, 1, links, &target, &parent);
	if (err) {
		inode_put(link);
		return err;
	}
	*ipp = target;
	if (dirp)
		*dirp = parent;
	else
		inode_put(parent);
	inode_put(link);
	return 0;
}

int path_lookup(struct inode *base, const char *path, int flags,
		struct inode **ipp)
{
	return path_lookup_dir(base, path, flags, ipp, NULL);
}

/* path_lookup, and the directory the inode was found in (walk's *dirp). */
int path_lookup_dir(struct inode *base, const char *path, int flags,
		    struct inode **ipp, struct inode **dirp)
{
	int links = 0;

	if (*path == 0)
		return -ENOENT;
	return walk(base, path, flags & LOOKUP_FOLLOW, &links, ipp, dirp);
}

/*
 * Find the directory that holds path's last component.  path is changed:
 * trailing slashes are cut off and nd->last points at the last component.
 */
int path_parent(struct inode *base, char *path, struct nameidata *nd)
{
	int n = strlen(path), end = n, start, err;

	if (n == 0)
		return -ENOENT;
	nd->links = 0;
	while (end > 1 && path[end - 1] == '/')
		end--;
	nd->trailing_slash = end < n;
	path[end] = 0;
	if (end == 1 && path[0] == '/') {
		nd->dir = inode_get(current_root());
		nd->last = path + 1;
		nd->len = 0;
		nd->type = LAST_ROOT;
		return 0;
	}
	for (start = end; start > 0 && path[start - 1] != '/'; start--)
		;
	nd->last = path + start;
	nd->len = end - start;
	nd->type = LAST_NORM;
	if (nd->len == 1 && path[start] == '.')
		nd->type = LAST_DOT;
	else if (nd->len == 2 && path[start] == '.' && path[start + 1] == '.')
		nd->type = LAST_DOTDOT;

	if (start == 0) {
		nd->dir = inode_get(base);
	} else {
		char c = path[start];

		path[start] = 0;	/* the prefix, with its slash */
		err = walk(base, path, 1, &nd->links, &nd->dir, NULL);
		path[start] = c;
		if (err)
			return err;
	}
	if (!S_ISDIR(nd->dir->mode)) {
		inode_put(nd->dir);
		return -ENOTDIR;
	}
	return 0;
}

/*
 * The inode the last component names (following a final symlink if told),
 * and if dirp is not NULL the directory it was found in, referenced (NULL
 * for the root).
 */
int lookup_last(struct nameidata *nd, int follow, struct inode **ipp,
		struct inode **dirp)
{
	struct inode *ip, *dir = NULL;
	int err;

	if (nd->type == LAST_ROOT) {
		*ipp = inode_get(current_root());
		if (dirp)
			*dirp = NULL;
		return 0;
	}
	err = lookup_one(nd->dir, nd->last, nd->len, &ip);
	if (err == 0 && S_ISLNK(ip->mode) && (follow || nd->trailing_slash))
		err = follow_link(nd->dir, &ip, &nd->links, &dir);
	else if (err == 0)
		dir = inode_get(nd->dir);
	if (err)
		return err;
	if (nd->trailing_slash && !S_ISDIR(ip->mode)) {
		inode_put(dir);
		inode_put(ip);
		return -ENOTDIR;
	}
	*ipp = ip;
	if (dirp)
		*dirp = dir;
	else
		inode_put(dir);
	return 0;
}

/* Where a *at call's relative path starts (no reference is taken). */
int at_base(int dirfd, const char *path, struct inode **base)
{
	struct file *f;

	if (path[0] == '/' || dirfd == AT_FDCWD) {
		*base = cwd_inode();
		return 0;
	}
	if ((f = fget_raw(dirfd)) == NULL)	/* O_PATH's too */
		return -EBADF;
	if (path[0] && !S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	*base = f->inode;
	return 0;
}

/* getname, but "" is allowed with AT_EMPTY_PATH: it names dirfd itself. */
int getname_at(const char *upath, int flags, char **kpath)
{
	int err = getname(upath, kpath);

	if (err == -ENOENT && (flags & AT_EMPTY_PATH)) {
		if ((*kpath = get_free_page()) == NULL)
			return -ENOMEM;
		return 0;
	}
	return err;
}

/*
 * The inode (dirfd, upath) names, referenced, and if dirp is not NULL the
 * directory it was found in (referenced; NULL for dirfd itself).
 */
int at_lookup_dir(int dirfd, const char *upath, int flags, struct inode **ipp,
		  struct inode **dirp)
{
	struct inode *base;
	char *path;
	int err;

	if ((err = getname_at(upath, flags, &path)) != 0)
		return err;
	if ((err = at_base(dirfd, path, &base)) == 0) {
		if (path[0] == 0) {
			*ipp = inode_get(base);
			if (dirp)
				*dirp = NULL;
		} else {
			err = path_lookup_dir(base, path,
					      (flags & AT_SYMLINK_NOFOLLOW) ?
					      0 : LOOKUP_FOLLOW, ipp, dirp);
		}
	}
	putname(path);
	return err;
}

int at_lookup(int dirfd, const char *upath, int flags, struct inode **ipp)
{
	return at_lookup_dir(dirfd, upath, flags, ipp, NULL);
}

static int may_create(struct inode *dir)
{
	int err;

	if (dir->nlink == 0)		/* removed while someone was in it */
		return -ENOENT;
	if ((err = permission(dir, MAY_WRITE | MAY_EXEC)) != 0)
		return err;
	if (dir->i_op->mkdir)	/* a cgroup2 directory: only mkdir makes names */
		return -EACCES;
	if (dir->i_op != &ramfs_dir_iops && !dir->i_op->create)	/* /proc */
		return -ENOENT;
	return 0;
}

/*
 * May the current task remove victim from dir?  In a sticky directory
 * (/tmp) only the owner of the file or of the directory, or root, may.
 */
static int may_delete(struct inode *dir, struct inode *victim)
{
	uint32_t euid = current->euid;
	int err;

	if ((err = permission(dir, MAY_WRITE | MAY_EXEC)) != 0)
		return err;
	if ((dir->mode & S_ISVTX) && euid != 0 && euid != victim->uid &&
	    euid != dir->uid)
		return -EPERM;
	if (dir->i_op != &ramfs_dir_iops && !dir->i_op->create)
		return -EPERM;		/* in /proc */
	return 0;
}

/*
 * Make a new inode named nd->last; mode has its type and final bits.  The
 * directory hears IN_CREATE, but of a symlink only once it has its target
 * (vfs_symlink).
 */
int vfs_create(struct nameidata *nd, uint32_t mode, uint32_t rdev,
	       struct inode **ipp)
{
	struct inode *dir = nd->dir, *ip;
	uint32_t gid = current->egid;
	int err;

	if ((err = may_create(dir)) != 0)
		return err;
	if (dir->i_op->create) {	/* /dev/mqueue: its own kind of file, or none */
		if (!S_ISREG(mode) || (err = dir->i_op->create(dir, nd->last, nd->len, mode, &ip)))
			return err ? err : -EPERM;
		fsnotify_create(dir, nd->last, nd->len, 0);
		*ipp = ip;
		return 0;
	}
	/* Device nodes are root's to make (Linux's CAP_MKNOD). */
	if ((S_ISCHR(mode) || S_ISBLK(mode)) && current->euid != 0)
		return -EPERM;
	if (dir->mode & S_ISGID) {	/* the group of the directory */
		gid = dir->gid;
		if (S_ISDIR(mode))
			mode |= S_ISGID;
	}
	if ((err = ramfs_new_inode(dir->sb, mode, current->euid, gid, &ip)))
		return err;
	ip->rdev = rdev;
	if (S_ISDIR(mode))
		ip->nlink = 1;		/* its "." */
	err = dir_add(dir, nd->last, nd->len, ip);
	if (err) {
		ip->nlink = 0;
		inode_put(ip);
		return err;
	}
	if (!S_ISLNK(mode))
		fsnotify_create(dir, nd->last, nd->len, S_ISDIR(mode));
	*ipp = ip;
	return 0;
}

/* Does the last component already exist?  (0 if not, else an error.) */
static int must_not_exist(struct nameidata *nd)
{
	struct inode *ip;
	int err;

	if (nd->type != LAST_NORM)
		return -EEXIST;
	err = lookup_one(nd->dir, nd->last, nd->len, &ip);
	if (err == 0) {
		inode_put(ip);
		return -EEXIST;
	}
	return err == -ENOENT ? 0 : err;
}

int vfs_mkdir(struct inode *base, char *path, uint32_t mode)
{
	struct nameidata nd;
	struct inode *ip;
	int err;

	if ((err = path_parent(base, path, &nd)) != 0)
		return err;
	err = must_not_exist(&nd);
	if (err == 0) {
		mode = (mode & (0777 | S_ISVTX) & ~current->fs->umask) | S_IFDIR;
		if (nd.dir->i_op->mkdir) {	/* a cgroup2 directory */
			if ((err = permission(nd.dir, MAY_WRITE | MAY_EXEC)) == 0 &&
			    (err = nd.dir->i_op->mkdir(nd.dir, nd.last, nd.len, mode)) == 0)
				fsnotify_create(nd.dir, nd.last, nd.len, 1);
		} else if ((err = vfs_create(&nd, mode, 0, &ip)) == 0) {
			inode_put(ip);
		}
	}
	inode_put(nd.dir);
	return err;
}

int vfs_rmdir(struct inode *base, char *path)
{
	struct nameidata nd;
	struct inode *ip;
	int err;

	if ((err = path_parent(base, path, &nd)) != 0)
		return err;
	if (nd.type != LAST_NORM) {
		err = nd.type == LAST_DOT ? -EINVAL :
		      nd.type == LAST_DOTDOT ? -ENOTEMPTY : -EBUSY;
		goto out;
	}
	if ((err = lookup_one(nd.dir, nd.last, nd.len, &ip)) != 0)
		goto out;
	if (nd.dir->i_op->rmdir)	/* a cgroup2 directory: it decides */
		err = permission(nd.dir, MAY_WRITE | MAY_EXEC);
	else
		err = may_delete(nd.dir, ip);
	if (err == 0) {
		if (!S_ISDIR(ip->mode))
			err = -ENOTDIR;
		else if (mount_at_root(ip))
			err = -EBUSY;		/* a mount point */
		else if (!nd.dir->i_op->rmdir && !dir_is_empty(ip))
			err = -ENOTEMPTY;	/* a cgroup's rmdir looks itself */
	}
	if (err == 0 && nd.dir->i_op->rmdir) {
		err = nd.dir->i_op->rmdir(nd.dir, ip);
	} else if (err == 0) {
		dir_remove(nd.dir, nd.last, nd.len);
		ip->nlink = 0;		/* and its "." */
		fsnotify_name_gone(ip, nd.dir, nd.last, nd.len);
	}
	/* Linux's d_delete_notify: IN_DELETE_SELF (if it goes now), then IN_DELETE */
	inode_put(ip);
	if (err == 0)
		fsnotify_delete(nd.dir, nd.last, nd.len, 1);
out:
	inode_put(nd.dir);
	return err;
}

int vfs_unlink(struct inode *base, char *path)
{
	struct nameidata nd;
	struct inode *ip;
	int err;

	if ((err = path_parent(base, path, &nd)) != 0)
		return err;
	if (nd.type != LAST_NORM) {
		err = -EISDIR;
		goto out;
	}
	if ((err = lookup_one(nd.dir, nd.last, nd.len, &ip)) != 0)
		goto out;
	if (nd.trailing_slash)
		err = S_ISDIR(ip->mode) ? -EISDIR : -ENOTDIR;
	else if ((err = may_delete(nd.dir, ip)) == 0 && S_ISDIR(ip->mode))
		err = -EISDIR;
	if (err == 0) {
		if (ip->nlink > 1)	/* an extra name goes (fs/ramfs_sb.c) */
			ramfs_release_inode(ip->sb);
		dir_remove(nd.dir, nd.last, nd.len);
		fsnotify_link_count(ip);
		fsnotify_name_gone(ip, nd.dir, nd.last, nd.len);
	}
	/* Linux's d_delete_notify: IN_DELETE_SELF (if it goes now), then IN_DELETE */
	inode_put(ip);
	if (err == 0)
		fsnotify_delete(nd.dir, nd.last, nd.len, 0);
out:
	inode_put(nd.dir);
	return err;
}

/* A new name for ip: it counts as an inode in its ramfs, as tmpfs counts links. */
static int add_link(struct nameidata *nd, struct inode *ip)
{
	int err = ramfs_reserve_inode(ip->sb);

	if (err == 0 && (err = dir_add(nd->dir, nd->last, nd->len, ip)) != 0)
		ramfs_release_inode(ip->sb);
	return err;
}

/*
 * Linux's protected_hardlinks (on by default): who does not own a file may
 * link to it only if it is a plain file they could read and write.
 */
static int may_link(struct inode *ip)
{
	if (current->euid == 0 || current->euid == ip->uid)
		return 0;
	if (!S_ISREG(ip->mode) || (ip->mode & S_ISUID) ||
	    (ip->mode & (S_ISGID | 0010)) == (S_ISGID | 0010) ||
	    permission(ip, MAY_READ | MAY_WRITE))
		return -EPERM;
	return 0;
}

int vfs_link(struct inode *obase, char *opath, struct inode *nbase,
	     char *npath, int follow)
{
	struct nameidata nd;
	struct inode *ip;
	int err;

	if ((err = path_lookup(obase, opath, follow, &ip)) != 0)
		return err;
	if ((err = path_parent(nbase, npath, &nd)) != 0)
		goto out_ip;
	if ((err = must_not_exist(&nd)) != 0)
		goto out;
	if (nd.trailing_slash) {
		err = -ENOENT;
		goto out;
	}
	if ((err = may_create(nd.dir)) != 0)
		goto out;
	if (ip->dev != nd.dir->dev)
		err = -EXDEV;
	else if (S_ISDIR(ip->mode))
		err = -EPERM;
	else if ((err = may_link(ip)) == 0)
		err = ip->nlink ? add_link(&nd, ip) : -ENOENT;
	if (err == 0) {			/* Linux's fsnotify_link */
		fsnotify_link_count(ip);
		fsnotify_create(nd.dir, nd.last, nd.len, 0);
	}
out:
	inode_put(nd.dir);
out_ip:
	inode_put(ip);
	return err;
}

int vfs_symlink(const char *target, struct inode *base, char *path)
{
	int len = strlen(target);
	struct nameidata nd;
	struct inode *ip;
	int err;

	if (len == 0)
		return -ENOENT;
	if (len >= 2048)	/* kmalloc's largest object holds the target */
		return -ENAMETOOLONG;
	if ((err = path_parent(base, path, &nd)) != 0)
		return err;
	if ((err = must_not_exist(&nd)) == 0 && nd.trailing_slash)
		err = -ENOENT;
	if (err == 0 && (err = vfs_create(&nd, S_IFLNK | 0777, 0, &ip)) == 0) {
		if ((err = ramfs_set_link(ip, target, len)))
			dir_remove(nd.dir, nd.last, nd.len);
		else
			fsnotify_create(nd.dir, nd.last, nd.len, 0);
		inode_put(ip);
	}
	inode_put(nd.dir);
	return err;
}

/* Is a one of b's ancestors, or b itself? */
static int is_ancestor(struct inode *a, struct inode *b)
{
	for (; b; b = b->parent)
		if (a == b)
			return 1;
	return 0;
}

/* The checks of rename once both names are found; new may be NULL. */
static int may_rename(struct nameidata *od, struct inode *old,
		      struct nameidata *nd, struct inode *new)
{
	int err;

	if (S_ISDIR(old->mode) && is_ancestor(old, nd->dir))
		return -EINVAL;
	if (new && is_ancestor(new, od->dir))
		return -ENOTEMPTY;
	if (old == new)
		return 1;		/* two names of one file: nothing to do */
	if (mount_at_root(old) || (new && mount_at_root(new)))
		return -EBUSY;		/* a mount point */
	if ((err = may_delete(od->dir, old)) != 0)
		return err;
	if (new == NULL) {
		if ((err = may_create(nd->dir)) != 0)
			return err;
	} else {
		if ((err = may_delete(nd->dir, new)) != 0)
			return err;
		if (S_ISDIR(old->mode) && !S_ISDIR(new->mode))
			return -ENOTDIR;
		if (!S_ISDIR(old->mode) && S_ISDIR(new->mode))
			return -EISDIR;
	}
	/* A directory that moves rewrites its "..". */
	if (S_ISDIR(old->mode) && od->dir != nd->dir &&
	    (err = permission(old, MAY_WRITE)) != 0)
		return err;
	if (old->dev != nd->dir->dev || od->dir->i_op != &ramfs_dir_iops ||
	    nd->dir->i_op != &ramfs_dir_iops)
		return -EXDEV;
	if (new && S_ISDIR(new->mode) && !dir_is_empty(new))
		return -ENOTEMPTY;
	return 0;
}

static int do_rename(struct nameidata *od, struct nameidata *nd)
{
	struct inode *old, *new = NULL;
	int err;

	if (od->type != LAST_NORM || nd->type != LAST_NORM)
		return -EBUSY;
	if ((err = lookup_one(od->dir, od->last, od->len, &old)) != 0)
		return err;
	if (!S_ISDIR(old->mode) && (od->trailing_slash || nd->trailing_slash)) {
		err = -ENOTDIR;
		goto out;
	}
	err = lookup_one(nd->dir, nd->last, nd->len, &new);
	if (err == -ENOENT)
		new = NULL;
	else if (err)
		goto out;
	err = may_rename(od, old, nd, new);
	if (err == 0) {
		if (new) {
			if (!S_ISDIR(new->mode) && new->nlink > 1)
				ramfs_release_inode(new->sb);	/* as unlink */
			dir_remove(nd->dir, nd->last, nd->len);
			if (S_ISDIR(new->mode))
				new->nlink = 0;
		}
		err = dir_add(nd->dir, nd->last, nd->len, old);
		if (err == 0) {
			dir_remove(od->dir, od->last, od->len);
			fsnotify_move(od->dir, od->last, od->len, nd->dir, nd->last,
				      nd->len, old, new);
		}
	}
	if (err > 0)
		err = 0;
	inode_put(new);		/* a target with no name left goes: IN_DELETE_SELF */
out:
	inode_put(old);
	return err;
}

int vfs_rename(struct inode *obase, char *opath, struct inode *nbase,
	       char *npath)
{
	struct nameidata od, nd;
	int err;

	if ((err = path_parent(obase, opath, &od)) != 0)
		return err;
	if ((err = path_parent(nbase, npath, &nd)) == 0) {
		err = do_rename(&od, &nd);
		inode_put(nd.dir);
	}
	inode_put(od.dir);
	return err;
}

/*
 * The file execveat runs (Linux's do_open_execat): kpath from dirfd, ""
 * with AT_EMPTY_PATH dirfd's own file; a regular file the caller may
 * execute (EACCES), and with AT_SYMLINK_NOFOLLOW not a symlink (ELOOP, as
 * opening one).  Referenced, and if dirp is not NULL the directory it is
 * in (for /proc/PID/exe; NULL for dirfd's own file).
 */
int exec_lookup_at(int dirfd, const char *kpath, int flags, struct inode **ipp,
		   struct inode **dirp)
{
	struct inode *base, *ip, *dir = NULL;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((err = at_base(dirfd, kpath, &base)) != 0)
		return err;
	if (kpath[0] == 0)
		ip = inode_get(base);
	else if ((err = path_lookup_dir(base, kpath, (flags & AT_SYMLINK_NOFOLLOW) ?
					0 : LOOKUP_FOLLOW, &ip, &dir)) != 0)
		return err;
	if (S_ISLNK(ip->mode))
		err = -ELOOP;
	else if (!is_ramfs_file(ip) || permission(ip, MAY_EXEC))
		err = -EACCES;
	if (err) {
		inode_put(dir);
		inode_put(ip);
		return err;
	}
	*ipp = ip;
	if (dirp)
		*dirp = dir;
	else
		inode_put(dir);
	return 0;
}

/* For execve (and an ELF interpreter, a script's): kpath from the working directory. */
int exec_lookup(const char *kpath, struct inode **ipp, struct inode **dirp)
{
	return exec_lookup_at(AT_FDCWD, kpath, 0, ipp, dirp);
}

/* The system calls that change names. */

long sys_mkdirat(int dirfd, const char *upath, uint32_t mode)
{
	struct inode *base;
	char *path;
	int err;

	if ((err = getname(upath, &path)) != 0)
		return err;
	if ((err = at_base(dirfd, path, &base)) == 0)
		err = vfs_mkdir(base, path, mode);
	putname(path);
	return err;
}

long sys_mkdir(const char *upath, uint32_t mode)
{
	return sys_mkdirat(AT_FDCWD, upath, mode);
}

/*
 * mknod makes a FIFO (anyone), a device node (root; opened, a device
 * shmos lacks is ENXIO), a socket's name, or an empty regular file (type
 * 0 too).  Linux's order: the type (a directory is EPERM: mkdir makes
 * those), the name (EEXIST, ENOENT for "name/"), then vfs_create's checks.
 * dev is the device number in Linux's 32-bit encoding, as stat shows it.
 */
/*
 * A new node at path (a kernel string), relative to dirfd: the umask
 * applied, the inode referenced in *ipp (bind's socket inode too).
 */
int vfs_mknod(int dirfd, char *path, uint32_t mode, uint32_t dev, struct inode **ipp)
{
	struct nameidata nd;
	struct inode *base;
	int err;

	if ((err = at_base(dirfd, path, &base)) || (err = path_parent(base, path, &nd)))
		return err;
	if ((err = must_not_exist(&nd)) == 0 && nd.trailing_slash)
		err = -ENOENT;
	if (err == 0) {
		mode = (mode & S_IFMT) | (mode & 07777 & ~current->fs->umask);
		err = vfs_create(&nd, mode, S_ISCHR(mode) || S_ISBLK(mode) ? dev : 0, ipp);
	}
	inode_put(nd.dir);
	return err;
}

long sys_mknodat(int dirfd, const char *upath, uint32_t mode, uint32_t dev)
{
	struct inode *ip;
	char *path;
	int err;

	switch (mode & S_IFMT) {
	case 0:
		mode |= S_IFREG;
		break;
	case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	if ((err = getname(upath, &path)) != 0)
		return err;
	if ((err = vfs_mknod(dirfd, path, mode, dev, &ip)) == 0)
		inode_put(ip);
	putname(path);
	return err;
}

long sys_mknod(const char *upath, uint32_t mode, uint32_t dev)
{
	return sys_mknodat(AT_FDCWD, upath, mode, dev);
}

long sys_unlinkat(int dirfd, const char *upath, uint32_t flags)
{
	struct inode *base;
	char *path;
	int err;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	if ((err = getname(upath, &path)) != 0)
		return err;
	if ((err = at_base(dirfd, path, &base)) == 0)
		err = (flags & AT_REMOVEDIR) ? vfs_rmdir(base, path) :
		      vfs_unlink(base, path);
	putname(path);
	return err;
}

long sys_unlink(const char *upath)
{
	return sys_unlinkat(AT_FDCWD, upath, 0);
}

long sys_rmdir(const char *upath)
{
	return sys_unlinkat(AT_FDCWD, upath, AT_REMOVEDIR);
}

/* Copy in two paths and find where each starts. */
static int two_paths(int odfd, const char *uold, int ndfd, const char *unew,
		     char **op, struct inode **obase, char **np,
		     struct inode **nbase)
{
	int err;

	*np = NULL;
	if ((err = getname(uold, op)) != 0)
		return err;
	if ((err = getname(unew, np)) == 0 &&
	    (err = at_base(odfd, *op, obase)) == 0)
		err = at_base(ndfd, *np, nbase);
	if (err) {
		putname(*op);
		putname(*np);
	}
	return err;
}

long sys_renameat(int odfd, const char *uold, int ndfd, const char *unew)
{
	struct inode *obase, *nbase;
	char *op, *np;
	int err;

	err = two_paths(odfd, uold, ndfd, unew, &op, &obase, &np, &nbase);
	if (err)
		return err;
	err = vfs_rename(obase, op, nbase, np);
	putname(op);
	putname(np);
	return err;
}

long sys_rename(const char *uold, const char *unew)
{
	return sys_renameat(AT_FDCWD, uold, AT_FDCWD, unew);
}

/* renameat2 with RENAME_NOREPLACE; RENAME_EXCHANGE and WHITEOUT are EINVAL. */
long sys_renameat2(int odfd, const char *uold, int ndfd, const char *unew,
		   uint32_t flags)
{
	struct inode *ip;
	int err;

	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	if (flags & RENAME_NOREPLACE) {
		if ((err = at_lookup(odfd, uold, AT_SYMLINK_NOFOLLOW, &ip)) != 0)
			return err;
		inode_put(ip);
		if (at_lookup(ndfd, unew, AT_SYMLINK_NOFOLLOW, &ip) == 0) {
			inode_put(ip);
			return -EEXIST;
		}
	}
	return sys_renameat(odfd, uold, ndfd, unew);
}

long sys_linkat(int odfd, const char *uold, int ndfd, const char *unew,
		uint32_t flags)
{
	struct inode *obase, *nbase;
	char *op, *np;
	int err;

	if (flags & ~AT_SYMLINK_FOLLOW)
		return -EINVAL;
	err = two_paths(odfd, uold, ndfd, unew, &op, &obase, &np, &nbase);
	if (err)
		return err;
	err = vfs_link(obase, op, nbase, np,
		       (flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0);
	putname(op);
	putname(np);
	return err;
}

long sys_link(const char *uold, const char *unew)
{
	return sys_linkat(AT_FDCWD, uold, AT_FDCWD, unew, 0);
}

long sys_symlinkat(const char *utarget, int dirfd, const char *upath)
{
	struct inode *base;
	char *target, *path;
	int err;

	if ((err = getname(utarget, &target)) != 0)
		return err;
	if ((err = getname(upath, &path)) == 0) {
		if ((err = at_base(dirfd, path, &base)) == 0)
			err = vfs_symlink(target, base, path);
		putname(path);
	}
	putname(target);
	return err;
}

long sys_symlink(const char *utarget, const char *upath)
{
	return sys_symlinkat(utarget, AT_FDCWD, upath);
}
