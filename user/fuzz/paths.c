// Operations on path walks: deep directories, long paths near PATH_MAX, chains,
// nests and loops of symbolic links, symlink bombs. Lookups like these once
// overflowed the kernel stack (the last close of a removed chain of directories
// freed it by recursion) and hung the machine (links naming links, followed
// without a total count); see issue 13.
//
// Each operation builds what it walks in a directory of its own under the
// worker's (z<pid> or y<pid>, names no other operation uses), walks it with
// *at calls relative to a descriptor, and takes it all down before it returns,
// so that the parent finds nothing left and counts no leak. A child killed in
// the middle leaves a few links and one empty directory, which the parent's
// cleanup removes.
#include "fuzz.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEEP_MAX 1000		// levels of the deepest chain of directories
#define NHELD 3			// descriptors held on levels of it while it is removed
#define NLINKS 48		// links in a chain: a few past Linux's 40

static char path[PATH_MAX + 256];	// built paths; some are longer than PATH_MAX
static char body[PATH_MAX];		// a link's target

// "<root>/<c><pid>": this process's directory for one operation, made and opened.
static int own_dir(char c, char *name, size_t size)
{
	snprintf(name, size, "%s/%c%d", paths[11], c, (int)getpid());
	SC(SYS_mkdir, name, 0700, 0, 0, 0);
	return SC(SYS_open, name, O_RDONLY | O_DIRECTORY, 0, 0, 0);
}

// "d/d/.../d", n levels, into path.
static const char *chain_path(int n)
{
	path[0] = 0;
	for (int i = 0; i < n && 2 * i + 2 < (int)sizeof(path); i++)
		strcat(path, i ? "/d" : "d");
	return path;
}

// "./" repeated up to len bytes, then name: a path of about len + strlen(name) bytes.
static const char *padded(const char *name, int len)
{
	int n = 0;
	while (n + 2 <= len && n + 2 < (int)sizeof(path) - NAME_MAX - 2)
		path[n++] = '.', path[n++] = '/';
	snprintf(path + n, sizeof(path) - n, "%s", name);
	return path;
}

// How deep: mostly shallow, sometimes hundreds of levels.
static int depth(void)
{
	if (chance(85))
		return 1 + below(16);
	return chance(80) ? 17 + below(200) : 217 + below(DEEP_MAX - 217);
}

// Probes at the bottom of a chain n levels deep whose deepest level is open as cur.
static void deep_probes(int base, int cur, int n)
{
	struct stat st;
	int saved;

	switch (below(6)) {
	case 0:		// the chain from its top, as one path: near or past PATH_MAX
		SC(SYS_fstatat64, base, chain_path(chance(50) ? n : 2040 + below(16)), &st,
		   chance(80) ? 0 : AT_SYMLINK_NOFOLLOW, 0);
		break;
	case 1:		// back up by ".." from the bottom
		body[0] = 0;
		for (int i = below(n + 3); i > 0 && strlen(body) + 3 < sizeof(body); i--)
			strcat(body, "../");
		SC(SYS_fstatat64, cur, body[0] ? body : ".", &st, 0, 0);
		break;
	case 2:		// a link at the bottom naming levels above it
		body[0] = 0;
		for (int i = 1 + below(n + 2); i > 0 && strlen(body) + 3 < sizeof(body); i--)
			strcat(body, "../");
		SC(SYS_symlinkat, body, cur, "up", 0, 0);
		SC(SYS_fstatat64, cur, chance(50) ? "up" : "up/d", &st, 0, 0);
		SC(SYS_unlinkat, cur, "up", 0, 0, 0);
		break;
	case 3:		// getcwd from the bottom, into buffers too small or big enough
		saved = SC(SYS_open, ".", O_RDONLY | O_DIRECTORY, 0, 0, 0);
		if (saved < 0)
			break;
		if (SC(SYS_fchdir, cur, 0, 0, 0, 0) == 0) {
			SC(SYS_getcwd, ptr(PG), chance(50) ? (long)below(PG) : PG, 0, 0, 0);
			SC(SYS_fchdir, saved, 0, 0, 0, 0);
		}
		SC(SYS_close, saved, 0, 0, 0, 0);
		break;
	case 4:		// names at and past NAME_MAX
		memset(body, 'n', NAME_MAX + 1);
		body[NAME_MAX - 1 + below(3)] = 0;
		if (SC(SYS_mkdirat, cur, body, 0700, 0, 0) == 0)
			SC(SYS_unlinkat, cur, body, AT_REMOVEDIR, 0, 0);
		break;
	default:	// a file at the bottom, reached through the whole chain
		SC(SYS_close, SC(SYS_openat, cur, "f", O_WRONLY | O_CREAT, 0600, 0), 0, 0, 0, 0);
		SC(SYS_faccessat, base, chain_path(n), F_OK, 0, 0);
		SC(SYS_unlinkat, cur, "f", 0, 0, 0);
		break;
	}
}

// A chain of directories, descended with openat, probed at the bottom, then removed
// from the bottom up while descriptors still hold some of its levels (often the
// deepest), which are closed last: the last close frees what is left of the chain.
void op_deep(void)
{
	char name[256];
	int base = own_dir('z', name, sizeof(name)), cur, made, n = depth();
	int held[NHELD], nheld = 0;

	if (base < 0) {
		SC(SYS_rmdir, name, 0, 0, 0, 0);
		return;
	}
	cur = SC(SYS_dup, base, 0, 0, 0, 0);
	for (made = 0; made < n && cur >= 0; made++) {
		if (SC(SYS_mkdirat, cur, "d", 0700, 0, 0) < 0)
			break;
		int next = SC(SYS_openat, cur, "d", O_RDONLY | O_DIRECTORY, 0, 0);
		if (nheld < NHELD && chance(5))
			held[nheld++] = cur;
		else
			SC(SYS_close, cur, 0, 0, 0, 0);
		cur = next;
	}
	if (cur >= 0) {
		for (int i = below(3); i >= 0; i--)
			deep_probes(base, cur, made);
		if (nheld < NHELD && chance(60))
			held[nheld++] = SC(SYS_dup, cur, 0, 0, 0, 0);
	}
	// From the bottom up: by ".." from the bottom, or if that fails (no fd to spare),
	// by each level's path from the top (at most 2 * DEEP_MAX bytes).
	while (made > 0 && cur >= 0) {
		int up = SC(SYS_openat, cur, "..", O_RDONLY | O_DIRECTORY, 0, 0);
		SC(SYS_close, cur, 0, 0, 0, 0);
		if ((cur = up) < 0 || SC(SYS_unlinkat, cur, "d", AT_REMOVEDIR, 0, 0) < 0)
			break;
		made--;
	}
	SC(SYS_close, cur, 0, 0, 0, 0);
	for (; made > 0; made--)
		SC(SYS_unlinkat, base, chain_path(made), AT_REMOVEDIR, 0, 0);
	while (nheld > 0) {
		int i = below(nheld);
		SC(SYS_close, held[i], 0, 0, 0, 0);
		held[i] = held[--nheld];
	}
	SC(SYS_close, base, 0, 0, 0, 0);
	SC(SYS_rmdir, name, 0, 0, 0, 0);
}

// ---- symbolic links ----

// A chain c1 -> c2 -> ... -> cn -> end; nested: each body is "c<i+1>/." instead.
static void make_chain(int dir, int n, int nested, const char *end)
{
	char link[16];

	for (int i = 1; i <= n; i++) {
		if (i < n)
			snprintf(body, sizeof(body), nested ? "c%d/." : "c%d", i + 1);
		else
			snprintf(body, sizeof(body), "%s", end);
		snprintf(link, sizeof(link), "c%d", i);
		SC(SYS_symlinkat, body, dir, link, 0, 0);
	}
}

// The bomb: b0 -> ".", and each bk names b(k-1) reps times ("b0/b0/.../b0").
static void make_bomb(int dir, int levels, int reps)
{
	char link[16], below_[16];

	SC(SYS_symlinkat, ".", dir, "b0", 0, 0);
	for (int k = 1; k <= levels; k++) {
		snprintf(below_, sizeof(below_), "b%d", k - 1);
		body[0] = 0;
		for (int i = 0; i < reps && strlen(body) + 4 < sizeof(body); i++) {
			if (i)
				strcat(body, "/");
			strcat(body, below_);
		}
		snprintf(link, sizeof(link), "b%d", k);
		SC(SYS_symlinkat, body, dir, link, 0, 0);
	}
}

// A name to walk: a link of the chain or the bomb, a loop, with "/", "/." or "/x"
// after it, or behind "./" padding that brings the path near PATH_MAX.
static const char *link_name(int n)
{
	static const char *fixed[] = { "self", "ping", "pong", "b0", "b1", "b2", "b5", "f" };
	static const char *tails[] = { "", "", "/", "/.", "/x", "/c1" };
	static char name[64];

	if (chance(60))
		snprintf(name, sizeof(name), "c%d%s", 1 + (int)below(n + 1), PICK(tails));
	else
		snprintf(name, sizeof(name), "%s%s", PICK(fixed), PICK(tails));
	if (chance(10))
		return padded(name, PATH_MAX - 40 + below(48));
	return name;
}

// One lookup of the kinds the system calls make, on a name among the links.
static void link_probe(int dir, int n)
{
	static char buf[256];
	struct stat st;
	const char *name = link_name(n);

	switch (below(12)) {
	case 0: SC(SYS_fstatat64, dir, name, &st, 0, 0); break;
	case 1: SC(SYS_fstatat64, dir, name, &st, AT_SYMLINK_NOFOLLOW, 0); break;
	case 2: SC(SYS_close, SC(SYS_openat, dir, name, O_RDONLY, 0, 0), 0, 0, 0, 0); break;
	case 3: SC(SYS_close, SC(SYS_openat, dir, name, O_WRONLY | O_CREAT | (chance(30) ? O_NOFOLLOW : 0),
				 0600, 0), 0, 0, 0, 0); break;
	case 4: SC(SYS_readlinkat, dir, name, buf, sizeof(buf), 0); break;
	case 5: SC(SYS_faccessat, dir, name, F_OK, 0, 0); break;
	case 6:		// mkdir through the links, and away again
		snprintf(buf, sizeof(buf), "%.200s/sub", name);
		if (SC(SYS_mkdirat, dir, buf, 0700, 0, 0) == 0)
			SC(SYS_unlinkat, dir, buf, AT_REMOVEDIR, 0, 0);
		break;
	case 7: SC(SYS_fchmodat, dir, name, 0700, 0, 0); break;	// never lose x on dir
	case 8: SC(SYS_utimensat, dir, name, 0, chance(50) ? 0 : AT_SYMLINK_NOFOLLOW, 0); break;
	case 9: SC(SYS_linkat, dir, name, dir, "hard", chance(50) ? AT_SYMLINK_FOLLOW : 0); break;
	case 10:
		snprintf(buf, sizeof(buf), "%s", name);	// link_name reuses its buffers
		SC(SYS_renameat, dir, buf, dir, link_name(n), 0);
		break;
	default: SC(SYS_statx, dir, name, chance(50) ? 0 : AT_SYMLINK_NOFOLLOW, 0x7ff, buf); break;
	}
}

// Remove every name in dir, and the one level of directories probes may have made.
static void empty_dir(int dir)
{
	static char buf[4096];
	long n;

	for (int pass = 0; pass < 8; pass++) {
		if (SC(SYS_lseek, dir, 0, SEEK_SET, 0, 0) < 0 ||
		    (n = SC(SYS_getdents64, dir, buf, sizeof(buf), 0, 0)) <= 0)
			return;
		int removed = 0;
		for (long off = 0; off < n;) {
			struct { uint64_t ino; int64_t off; unsigned short reclen; unsigned char type;
				 char name[]; } *d = (void *)(buf + off);
			if (strcmp(d->name, ".") && strcmp(d->name, "..") &&
			    (SC(SYS_unlinkat, dir, d->name, 0, 0, 0) == 0 ||
			     SC(SYS_unlinkat, dir, d->name, AT_REMOVEDIR, 0, 0) == 0))
				removed++;
			off += d->reclen;
		}
		if (!removed)
			return;
	}
}

// Chains of links of every length around Linux's 40, nested chains, loops and bombs,
// walked by every kind of lookup, then removed.
void op_symlinks(void)
{
	char name[256];
	int dir = own_dir('y', name, sizeof(name));
	int n = chance(60) ? 1 + below(8) : NLINKS - 12 + below(13);	// short, or about 40
	static const char *ends[] = { "f", ".", "nowhere", "c1", "f/", "nowhere/x" };

	if (dir < 0) {
		SC(SYS_rmdir, name, 0, 0, 0, 0);
		return;
	}
	SC(SYS_close, SC(SYS_openat, dir, "f", O_WRONLY | O_CREAT, 0600, 0), 0, 0, 0, 0);
	make_chain(dir, n, chance(30), PICK(ends));
	SC(SYS_symlinkat, "self", dir, "self", 0, 0);
	SC(SYS_symlinkat, "pong", dir, "ping", 0, 0);
	SC(SYS_symlinkat, "ping", dir, "pong", 0, 0);
	if (chance(15))
		make_bomb(dir, 1 + below(5), chance(50) ? 1 + below(40) : 600 + below(100));
	for (int i = 1 + below(8); i > 0; i--)
		link_probe(dir, n);
	empty_dir(dir);
	SC(SYS_close, dir, 0, 0, 0, 0);
	SC(SYS_rmdir, name, 0, 0, 0, 0);
}
