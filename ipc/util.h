/*
 * What every System V IPC object shares: its keys, flags and commands, its
 * permission structure and the permission check.  Only shared memory is
 * implemented (ipc/shm.h); ipc/syscall.c has the i386 ipc() call.
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
 * copies it out as it is).  The object's id is seq * SHMMNI + its slot.
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

/*
 * /proc/sys/kernel/shm_next_id (and sem_next_id and msg_next_id, when those
 * objects come): -1, or the id root wants the next new object of that kind
 * to have.  Linux has them with CONFIG_CHECKPOINT_RESTORE, so that a
 * restored program finds its objects under their old ids.  Root writes 0
 * to INT_MAX (the file's mode is 0444: only root writes it); the next new
 * object takes the request with ipc_take_next_id, which puts -1 back.  It
 * gets the id's seq and the id's slot, or, if that slot is taken, the
 * lowest id above whose slot is free, as Linux's ipc_idr_alloc does.
 */
int ipc_take_next_id(int *next_id);

/* 0 if current may access the object as flag's rwx bits ask, else -1. */
int ipcperms(const struct ipc64_perm *perm, int flag);
/* Owner, creator or root: who may IPC_SET and IPC_RMID. */
int ipc_owner(const struct ipc64_perm *perm);

#endif
