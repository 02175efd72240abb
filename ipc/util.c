/*
 * Shared by all System V IPC: the permission check and ipc(), the single
 * system call through which i386 programs reach IPC (Debian's glibc uses it
 * for every shm call; the direct calls 395-398 came with Linux 5.1).
 */
#include "ipc/util.h"
#include "ipc/shm.h"
#include "kernel/errno.h"
#include "kernel/task.h"
#include "mm/uaccess.h"

/* ipc()'s call numbers (the low 16 bits; the high 16 are a version). */
#define SHMAT	21
#define SHMDT	22
#define SHMGET	23
#define SHMCTL	24

/*
 * flag holds the access wanted in any of the three rwx triples (shmget
 * passes its whole shmflg, shmat 0444 or 0666).  The caller gets the owner
 * triple if it is the owner or the creator, else the group triple if it is
 * in the owner's or the creator's group, else the other triple; root may do
 * anything.
 */
int ipcperms(const struct ipc64_perm *perm, int flag)
{
	int requested = (flag >> 6 | flag >> 3 | flag) & 7;
	int granted = perm->mode;

	if (current->euid == perm->uid || current->euid == perm->cuid)
		granted >>= 6;
	else if (in_group_p(perm->gid) || in_group_p(perm->cgid))
		granted >>= 3;
	if ((requested & ~granted & 7) && current->euid != 0)
		return -1;
	return 0;
}

int ipc_owner(const struct ipc64_perm *perm)
{
	return current->euid == perm->uid || current->euid == perm->cuid ||
	       current->euid == 0;
}

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
