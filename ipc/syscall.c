/*
 * ipc(), the single system call through which i386 programs reach System V
 * IPC, as Linux's ipc/syscall.c: Debian's glibc goes through it for every
 * shm call (the direct calls 395-398 came with Linux 5.1).  It only picks
 * the call and passes the arguments on.
 */
#include "ipc/shm.h"
#include "kernel/errno.h"
#include "kernel/syscalls.h"
#include "mm/uaccess.h"

/* ipc()'s call numbers (the low 16 bits; the high 16 are a version). */
#define SHMAT	21
#define SHMDT	22
#define SHMGET	23
#define SHMCTL	24

/*
 * ipc(call, first, second, third, ptr, fifth): only the shm calls exist
 * here; the semaphore (1-4) and message queue (11-14) calls are ENOSYS.
 */
long sys_ipc(uint32_t call, int first, int second, int third, void *ptr,
	     int fifth)
{
	uint32_t addr;
	long err;

	switch (call & 0xffff) {
	case SHMAT:
		/* Version 1 was iBCS2's variant, which Linux refuses too. */
		if (call >> 16 == 1)
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
