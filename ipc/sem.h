/*
 * System V semaphores (ipc/sem.c), as Linux has them.
 *
 * A set is a struct sem_array: an array of semaphores, each a value from 0
 * to SEMVMX.  semop applies a list of operations to a set all at once or
 * not at all; an operation that cannot go now sleeps in a struct sem_queue
 * on the set's pending lists until another process's change lets it.  An
 * operation with SEM_UNDO is recorded, negated, in the caller's struct
 * sem_undo for the set, and exit applies that record.  docs/sem.md walks
 * through it.
 */
#ifndef IPC_SEM_H
#define IPC_SEM_H

#include <stddef.h>
#include <stdint.h>
#include "ipc/util.h"
#include "kernel/list.h"

struct task;

/* semop's flags, per operation (with IPC_NOWAIT) */
#define SEM_UNDO	0x1000	/* undo the operation when the process exits */

/* semctl commands, after IPC_RMID .. IPC_INFO */
#define GETPID		11	/* the pid of the last process to change it */
#define GETVAL		12
#define GETALL		13
#define GETNCNT		14	/* processes waiting for it to grow */
#define GETZCNT		15	/* processes waiting for it to be 0 */
#define SETVAL		16
#define SETALL		17
#define SEM_STAT	18	/* IPC_STAT by slot index, returns the id */
#define SEM_INFO	19
#define SEM_STAT_ANY	20	/* SEM_STAT without the read permission check */

/*
 * Limits: Linux 6.x's, as /proc/sys/kernel/sem shows them (SEMMSL SEMMNS
 * SEMOPM SEMMNI), which root may change there (an IPC namespace's sem_ctls).
 */
#define SEMMSL		32000		/* semaphores in a set */
#define SEMMNS		(SEMMNI * SEMMSL)	/* semaphores in all sets */
#define SEMOPM		500		/* operations in one semop */
#define SEMMNI		32000		/* sets */
#define SEMVMX		32767		/* the largest value */
#define SEMAEM		SEMVMX		/* the largest undo adjustment */
/* What IPC_INFO reports besides, constants Linux no longer uses. */
#define SEMUME		SEMOPM
#define SEMMNU		SEMMNS
#define SEMMAP		SEMMNS
#define SEMUSZ		20

/* One operation of semop's array. */
struct sembuf {
	uint16_t sem_num;	/* which semaphore of the set */
	int16_t sem_op;		/* > 0 add, < 0 take (wait until possible), 0 wait for 0 */
	int16_t sem_flg;	/* IPC_NOWAIT, SEM_UNDO */
};

_Static_assert(sizeof(struct sembuf) == 6, "sembuf is 6 bytes");

/* What IPC_STAT shows: Linux i386's struct semid64_ds. */
struct semid64_ds {
	struct ipc64_perm sem_perm;
	uint32_t sem_otime, sem_otime_high;	/* last semop */
	uint32_t sem_ctime, sem_ctime_high;	/* creation, last SETVAL/SETALL/IPC_SET */
	uint32_t sem_nsems;
	uint32_t unused3, unused4;
};

_Static_assert(sizeof(struct semid64_ds) == 64, "semid64_ds is 64 bytes");
_Static_assert(offsetof(struct semid64_ds, sem_otime) == 36, "sem_otime");
_Static_assert(offsetof(struct semid64_ds, sem_ctime) == 44, "sem_ctime");
_Static_assert(offsetof(struct semid64_ds, sem_nsems) == 52, "sem_nsems");

/* IPC_INFO's and SEM_INFO's answer. */
struct seminfo {
	int32_t semmap, semmni, semmns, semmnu, semmsl, semopm, semume;
	int32_t semusz;		/* SEM_INFO: sets in use */
	int32_t semvmx;
	int32_t semaem;		/* SEM_INFO: semaphores in all sets */
};

_Static_assert(sizeof(struct seminfo) == 40, "seminfo is 40 bytes");

/* One semaphore. */
struct sem {
	int semval;
	int sempid;		/* the last process to change it */
};

#define SEMS_PER_BLOCK	(IPC_BLOCK_BYTES / sizeof(struct sem))

/*
 * A set.  It begins with its IPC_STAT layout, and that with its perm: the
 * pointer the id table holds is the set's.
 */
struct sem_array {
	struct semid64_ds u;		/* sem_otime is the last of any semaphore's */
	int id;
	/*
	 * The semops waiting, each a struct sem_queue on the stack of its
	 * sleeping caller, oldest first: those that change a value, and those
	 * that only wait for zeros.
	 */
	struct list_head pending_alter;
	struct list_head pending_const;
	struct list_head list_id;	/* every process's sem_undo for this set */
	struct sem **sem_blocks;	/* the semaphores, in ipc_alloc_blocks' blocks */
};

_Static_assert(offsetof(struct sem_array, u.sem_perm) == 0, "the set begins with its perm");

static inline struct sem *sem_at(struct sem_array *sma, uint32_t n)
{
	return &sma->sem_blocks[n / SEMS_PER_BLOCK][n % SEMS_PER_BLOCK];
}

/* A sleeping semop: on its caller's stack, in a pending list of the set. */
struct sem_queue {
	struct list_head list;
	struct task *sleeper;		/* asleep on the sem_queue itself */
	struct sem_undo *undo;		/* the caller's, if an operation has SEM_UNDO */
	int pid;			/* sempid: the caller's process, its tgid */
	/*
	 * -EINTR while it waits; whoever takes it off the list sets the
	 * result: 0 when update_queue has done its operations, -EIDRM when
	 * the set is removed, another error when an operation fails.
	 */
	int status;
	struct sembuf *sops;
	int nsops;
	struct sembuf *blocking;	/* the operation it waits on (GETNCNT, GETZCNT) */
};

#define SEMADJ_PER_BLOCK	(IPC_BLOCK_BYTES / sizeof(int16_t))

/*
 * A process's adjustments for one set: what exit adds to each semaphore
 * to take back what its SEM_UNDO operations did.  On two lists: the
 * process's (list_proc) and the set's (list_id), where SETVAL and SETALL
 * clear them and IPC_RMID drops them.
 */
struct sem_undo {
	struct list_head list_proc;
	struct list_head list_id;
	int semid;
	uint32_t nsems;
	int16_t **semadj;		/* in ipc_alloc_blocks' blocks */
};

static inline int16_t *semadj_at(struct sem_undo *un, uint32_t n)
{
	return &un->semadj[n / SEMADJ_PER_BLOCK][n % SEMADJ_PER_BLOCK];
}

/*
 * A process's sem_undo records, one per set it used SEM_UNDO on; shared
 * by the processes that clone made with CLONE_SYSVSEM (refcnt), applied
 * at the last one's exit.
 */
struct sem_undo_list {
	int refcnt;
	struct list_head list_proc;
};

/*
 * sys_semget, sys_semctl and sys_semtimedop_time64 are in kernel/syscalls.h.
 * The bodies serve ipc() too (ipc/syscall.c), which passes its own layouts:
 * a 32-bit timespec, and without IPC_64 the old (unsupported) semid_ds.
 */
long do_semtimedop(int semid, struct sembuf *tsops, uint32_t nsops,
		   const void *timeout, int ts64);
long do_semctl(int semid, int semnum, int cmd, uint32_t arg, int ipc64);

/* Processes: a clone shares the undo records with CLONE_SYSVSEM; exit applies them. */
int copy_semundo(uint32_t clone_flags, struct task *tsk);
void exit_sem(struct task *tsk);

/* The limits: SEMMSL SEMMNS SEMOPM SEMMNI, /proc/sys/kernel/sem. */
/* init_ipc_ns's sets; /proc/sys/kernel/sem_next_id: next_id */
extern struct ipc_ids sem_ids;

/* /proc/sysvipc/sem: the header, then a line per set in slot order. */
#define SEM_PROC_LINE	128
extern const char sem_proc_header[];
int sem_proc_show(int idx, char *buf, int size);

#endif
