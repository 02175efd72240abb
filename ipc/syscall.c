/*
 * ipc(), the single system call through which i386 programs reach System V
 * IPC, as Linux's ipc/syscall.c: Debian's glibc goes through it for every
 * shm, semaphore and message queue call (the direct calls 393-402 came
 * with Linux 5.1, semtimedop_time64 420 with 5.1 too).  It only picks the
 * call and passes the arguments on, the way each call's own layout wants
 * them.
 */
#include "ipc/msg.h"
#include "ipc/sem.h"
#include "ipc/shm.h"
#include "kernel/errno.h"
#include "kernel/syscalls.h"
#include "mm/uaccess.h"

/* ipc()'s call numbers (the low 16 bits; the high 16 are a version). */
#define SEMOP		1
#define SEMGET		2
#define SEMCTL		3
#define SEMTIMEDOP	4
#define MSGSND		11
#define MSGRCV		12
#define MSGGET		13
#define MSGCTL		14
#define SHMAT		21
#define SHMDT		22
#define SHMGET		23
#define SHMCTL		24

/*
 * Version 0 of MSGRCV passes the buffer and the type through ptr, in this
 * (iBCS2's "kludge"), which glibc's i386 msgrcv still does.
 */
struct ipc_kludge {
	uint32_t msgp;
	int32_t msgtyp;
};

/* Every call but the semops (see sys_ipc). */
static __attribute__((noinline)) long ipc_call(uint32_t call, int first,
		int second, int third, void *ptr, int fifth)
{
	int version = call >> 16;
	struct ipc_kludge tmp;
	uint32_t arg, addr;
	long err;

	switch (call & 0xffff) {
	case SEMGET:
		return sys_semget(first, second, third);
	case SEMCTL:
		/* The union semun is passed by reference here, by value in semctl. */
		if (!ptr)
			return -EINVAL;
		if (copy_from_user(&arg, ptr, sizeof(arg)))
			return -EFAULT;
		if (third & IPC_64)
			return do_semctl(first, second, third ^ IPC_64, arg, 1);
		return do_semctl(first, second, third, arg, 0);
	case MSGSND:
		return do_msgsnd(first, ptr, second, third);
	case MSGRCV:
		if (version != 0)
			return do_msgrcv(first, ptr, second, fifth, third);
		if (!ptr)
			return -EINVAL;
		if (copy_from_user(&tmp, ptr, sizeof(tmp)))
			return -EFAULT;
		return do_msgrcv(first, (void *)tmp.msgp, second, tmp.msgtyp, third);
	case MSGGET:
		return sys_msgget(first, second);
	case MSGCTL:
		if (second & IPC_64)
			return do_msgctl(first, second ^ IPC_64, ptr, 1);
		return do_msgctl(first, second, ptr, 0);
	case SHMAT:
		/* Version 1 was iBCS2's variant, which Linux refuses too. */
		if (version == 1)
			return -EINVAL;
		/* The address goes back through third, a user pointer. */
		err = do_shmat(first, (uint32_t)ptr, second, &addr);
		if (err)
			return err;
		return copy_to_user((void *)third, &addr, sizeof(addr));
	case SHMDT:
		return sys_shmdt((uint32_t)ptr);
	case SHMGET:
		return sys_shmget(first, second, third);
	case SHMCTL:
		/* glibc asks for the 64-bit layouts with IPC_64 in the command. */
		if (second & IPC_64)
			return do_shmctl(first, second ^ IPC_64, ptr, 1);
		return do_shmctl(first, second, ptr, 0);
	default:
		return -ENOSYS;
	}
}

/*
 * ipc(call, first, second, third, ptr, fifth).  A semop or semtimedop is
 * a program's inner loop (a ping-pong, a lock): it goes straight to
 * do_semtimedop; the rest, with its argument juggling, is ipc_call's.
 */
long sys_ipc(uint32_t call, int first, int second, int third, void *ptr,
	     int fifth)
{
	if ((call & 0xffff) == SEMOP)
		return do_semtimedop(first, ptr, second, NULL, 0);
	if ((call & 0xffff) == SEMTIMEDOP)	/* a struct timespec32 at fifth */
		return do_semtimedop(first, ptr, second, (void *)fifth, 0);
	return ipc_call(call, first, second, third, ptr, fifth);
}
