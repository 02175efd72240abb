/*
 * What every System V IPC object shares (Linux's ipc/util.h): its keys,
 * flags and commands, its permission structure and the permission check,
 * and the table of ids each kind of object lives in.  Shared memory is
 * ipc/shm.h, semaphores ipc/sem.h, message queues ipc/msg.h; ipc/syscall.c
 * has the i386 ipc() call through which glibc reaches them all.
 */
#ifndef IPC_UTIL_H
#define IPC_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Keys and flags of the ...get() calls. */
#define IPC_PRIVATE	0	/* always a new object, which has no key */
#define IPC_CREAT	01000
#define IPC_EXCL	02000	/* with IPC_CREAT: the key must be unused */
#define IPC_NOWAIT	04000

/* Commands of the ...ctl() calls. */
#define IPC_RMID	0
#define IPC_SET		1
#define IPC_STAT	2
#define IPC_INFO	3
#define IPC_64		0x100	/* or'ed into the command: the 64-bit layouts */

/*
 * Linux i386's struct ipc64_perm, exactly as user space sees it (IPC_STAT
 * copies it out as it is).  It is also shmos's struct kern_ipc_perm, the
 * kernel's record of an object's key, owner and mode: every object keeps
 * its IPC_STAT layout, and that layout begins with this.
 */
struct ipc64_perm {
	int32_t key;		/* IPC_PRIVATE once the object is removed */
	uint32_t uid, gid;	/* owner: IPC_SET may change them */
	uint32_t cuid, cgid;	/* creator: fixed */
	uint16_t mode;		/* rwxrwxrwx, plus SHM_DEST and SHM_LOCKED */
	uint16_t pad1;
	uint16_t seq;		/* the id's high part */
	uint16_t pad2;
	uint32_t unused1, unused2;
};

_Static_assert(sizeof(struct ipc64_perm) == 36, "ipc64_perm is 36 bytes");
_Static_assert(offsetof(struct ipc64_perm, cuid) == 12, "ipc64_perm.cuid");
_Static_assert(offsetof(struct ipc64_perm, mode) == 20, "ipc64_perm.mode");
_Static_assert(offsetof(struct ipc64_perm, seq) == 24, "ipc64_perm.seq");

/* 0 if current may access the object as flag's rwx bits ask, else -1. */
int ipcperms(const struct ipc64_perm *perm, int flag);
/* Owner, creator or root: who may IPC_SET and IPC_RMID. */
int ipc_owner(const struct ipc64_perm *perm);

/* ---- ids: Linux's struct ipc_ids (ipc/util.c) ---- */

/*
 * An id is seq << IPCMNI_SHIFT | idx: the slot the object has in its
 * table, and the table's sequence number when it got it.  A slot is used
 * again only after the search for a free one has gone round the table,
 * and then seq has grown, so an old id names nothing (EINVAL, or EIDRM
 * where Linux says so) rather than a new object.
 */
#define IPCMNI_SHIFT	15
#define IPCMNI		(1 << IPCMNI_SHIFT)	/* slots: the most objects of a kind */
#define IPCID_SEQ_MAX	(0x7fffffff >> IPCMNI_SHIFT)	/* seq wraps to 0 here */
#define IPC_MIN_CYCLE	64	/* new objects go round at least this many slots */
#define IPC_BLOCK	512	/* slot pointers per block of the table: 2 KiB */

static inline int ipc_buildid(int idx, int seq)
{
	return seq << IPCMNI_SHIFT | idx;
}

static inline int ipcid_to_idx(int id)
{
	return id & (IPCMNI - 1);
}

/*
 * The objects of one kind.  The table holds a pointer to each object's
 * ipc64_perm, which is where the object begins (each kind asserts it), so
 * the pointer is the object's too.  Slots are kept in blocks of IPC_BLOCK:
 * the table may reach IPCMNI slots, and kmalloc gives at most 2 KiB.  The
 * first block is part of the table, so that a program that makes and
 * removes one object at a time allocates no block; the others are
 * allocated when their first object goes in and freed when the last leaves.
 */
struct ipc_ids {
	int in_use;		/* objects in the table */
	int max_idx;		/* the highest slot in use, -1 if none */
	int last_idx;		/* where the last search for a slot stopped */
	uint16_t seq;		/* of the objects made from now on */
	/*
	 * /proc/sys/kernel/{sem,msg,shm}_next_id: -1, or the id root wants
	 * the next object to get (its slot, or the next free one above),
	 * read once and put back to -1 by ipc_addid.  Linux has them with
	 * CONFIG_CHECKPOINT_RESTORE, so that a restored program finds its
	 * objects under their old ids.
	 */
	int next_id;
	struct ipc64_perm **blocks[IPCMNI / IPC_BLOCK];	/* [0] is first */
	uint16_t used[IPCMNI / IPC_BLOCK];	/* objects in each block */
	struct ipc64_perm *first[IPC_BLOCK];	/* slots 0 to IPC_BLOCK - 1 */
};

#define IPC_IDS_INIT(ids) \
	{ .max_idx = -1, .last_idx = -1, .next_id = -1, .blocks = { (ids).first } }

/* The slot of the object with this key (not IPC_PRIVATE), or -1. */
int ipc_findkey(struct ipc_ids *ids, int key);
/*
 * Puts a new object in a free slot and makes current its owner and
 * creator; returns its id, or -ENOSPC if limit objects exist already.
 */
int ipc_addid(struct ipc_ids *ids, struct ipc64_perm *new, int limit);
/* Takes the object with this id out of the table: its id names nothing now. */
void ipc_rmid(struct ipc_ids *ids, int id);
/*
 * The object in id's slot, whatever its seq (the *_STAT commands), or
 * NULL.  Inline, with the next: every semop and msgsnd looks its id up.
 */
static inline struct ipc64_perm *ipc_obtain_object_idr(struct ipc_ids *ids, int id)
{
	int idx = ipcid_to_idx(id);
	struct ipc64_perm **block = ids->blocks[idx / IPC_BLOCK];

	return block ? block[idx % IPC_BLOCK] : NULL;
}

/* The object this id names, or NULL: a free slot, or another seq. */
static inline struct ipc64_perm *ipc_obtain_object_check(struct ipc_ids *ids, int id)
{
	struct ipc64_perm *p = ipc_obtain_object_idr(ids, id);

	return p && p->seq == id >> IPCMNI_SHIFT ? p : NULL;
}

/*
 * The ...get() calls, Linux's ipcget: IPC_PRIVATE makes a new object; a
 * key found is checked (EEXIST with IPC_CREAT | IPC_EXCL, then the kind's
 * own more_checks, then EACCES); a key not found is ENOENT without
 * IPC_CREAT, else a new object.  Returns the id or -errno.
 */
struct ipc_params {
	int key;
	int flg;		/* the ...get() call's flags and mode */
	uint32_t size;		/* semget's nsems (shmget's size) */
};

struct ipc_ops {
	long (*getnew)(const struct ipc_params *params);
	int (*more_checks)(struct ipc64_perm *perm, const struct ipc_params *params);
};

long ipcget(struct ipc_ids *ids, const struct ipc_ops *ops,
	    const struct ipc_params *params);

/*
 * IPC_SET and IPC_RMID: the object id names (-EINVAL) if current is its
 * owner, creator or root (-EPERM); the error goes to *err.
 */
struct ipc64_perm *ipcctl_obtain_check(struct ipc_ids *ids, int id, long *err);
/* IPC_SET's part of the permission: uid, gid, the rwx bits; -EINVAL for uid or gid -1. */
int ipc_update_perm(const struct ipc64_perm *in, struct ipc64_perm *out);

/*
 * Tables bigger than the 2 KiB kmalloc gives (a set's 32000 semaphores):
 * n items of size bytes, size a power of two, in blocks of IPC_BLOCK_BYTES,
 * zeroed; item i is in block i / (IPC_BLOCK_BYTES / size).  Linux's
 * ipc_alloc, which took vmalloc beyond a page.  NULL if there is no memory
 * (or the table of blocks itself would pass 2 KiB: over 1 MiB of items).
 */
#define IPC_BLOCK_BYTES	2048
void **ipc_alloc_blocks(uint32_t n, uint32_t size);
void ipc_free_blocks(void **blocks, uint32_t n, uint32_t size);

/* "%o" for the /proc/sysvipc files' printf, which has none. */
const char *ipc_octal(uint32_t v, char buf[8]);

#endif
