// shm_syscalls: the two kernel entries for System V shm - the ipc() multiplexer [117]
// that glibc uses, and the direct calls shmget 395, shmctl 396, shmat 397, shmdt 398 -
// and the byte layout of what shmctl writes.
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PG 4096
#define NR_IPC 117
#define NR_SHMGET 395
#define NR_SHMCTL 396
#define NR_SHMAT 397
#define NR_SHMDT 398
#define SHMAT 21	// ipc() call numbers
#define SHMDT 22
#define SHMGET 23
#define SHMCTL 24
#define IPC_64 0x100

static void yesno(const char *what, int cond)
{
	printf("%s: %s\n", what, cond ? "yes" : "no");
}

static void result(const char *what, long r)
{
	if (r == -1)
		printf("%s: -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%s: ok\n", what);
}

static long ipc(unsigned call, long first, long second, long third, const void *ptr)
{
	return syscall(NR_IPC, call, first, second, third, ptr, 0);
}

static uint32_t u32(const unsigned char *b, int off)
{
	uint32_t v;
	memcpy(&v, b + off, 4);
	return v;
}

// The kernel must write exactly n bytes: the rest of the 0xaa fill stays.
static int untouched_past(const unsigned char *b, int n, int size)
{
	for (int i = n; i < size; i++)
		if (b[i] != 0xaa)
			return 0;
	return 1;
}

static void multiplexer(void)
{
	long id = ipc(SHMGET, IPC_PRIVATE, 5000, IPC_CREAT | 0600, NULL);
	yesno("ipc SHMGET", id >= 0);
	unsigned long addr = 0;
	result("ipc SHMAT", ipc(SHMAT, id, 0, (long)&addr, NULL));
	yesno("address stored through third", addr != 0 && (addr & (PG - 1)) == 0);
	strcpy((char *)addr, "via ipc");

	unsigned char b[128];
	memset(b, 0xaa, sizeof b);
	result("ipc SHMCTL IPC_STAT|IPC_64", ipc(SHMCTL, id, IPC_STAT | IPC_64, 0, b));
	yesno("key @0 is IPC_PRIVATE", u32(b, 0) == IPC_PRIVATE);
	yesno("uid @4, cuid @12 are euid", u32(b, 4) == geteuid() && u32(b, 12) == geteuid());
	yesno("gid @8, cgid @16 are egid", u32(b, 8) == getegid() && u32(b, 16) == getegid());
	printf("mode @20: %04o\n", b[20] | b[21] << 8);
	printf("segsz @36: %u\n", u32(b, 36));
	yesno("atime @40 set, high word @44 zero", u32(b, 40) != 0 && u32(b, 44) == 0);
	yesno("dtime @48 zero", u32(b, 48) == 0 && u32(b, 52) == 0);
	yesno("ctime @56 set, high word @60 zero", u32(b, 56) != 0 && u32(b, 60) == 0);
	yesno("cpid @64, lpid @68 are getpid", u32(b, 64) == (uint32_t)getpid() && u32(b, 68) == (uint32_t)getpid());
	printf("nattch @72: %u\n", u32(b, 72));
	yesno("reserved @76, @80 zero", u32(b, 76) == 0 && u32(b, 80) == 0);
	yesno("nothing written past 84 bytes", untouched_past(b, 84, sizeof b));

	memset(b, 0xaa, sizeof b);
	long top = ipc(SHMCTL, 0, IPC_INFO | IPC_64, 0, b);
	yesno("ipc SHMCTL IPC_INFO returns an index", top >= 0);
	printf("shmmin @4: %u\n", u32(b, 4));
	yesno("shmmni @8 >= 128", u32(b, 8) >= 128);
	yesno("nothing written past 36 bytes", untouched_past(b, 36, sizeof b));
	memset(b, 0xaa, sizeof b);
	yesno("ipc SHMCTL SHM_INFO returns the same index", ipc(SHMCTL, 0, SHM_INFO | IPC_64, 0, b) == top);
	yesno("used_ids @0 >= 1", (int)u32(b, 0) >= 1);
	yesno("nothing written past 24 bytes", untouched_past(b, 24, sizeof b));

	result("ipc SHMDT", ipc(SHMDT, 0, 0, 0, (void *)addr));
	result("ipc SHMDT again", ipc(SHMDT, 0, 0, 0, (void *)addr));
	result("ipc SHMAT version 1", ipc(SHMAT | 1 << 16, id, 0, (long)&addr, NULL));
	long v1 = ipc(SHMGET | 1 << 16, IPC_PRIVATE, PG, 0600, NULL);
	result("ipc SHMGET version 1", v1 >= 0 ? 0 : -1);
	ipc(SHMCTL, v1, IPC_RMID | IPC_64, 0, NULL);
	result("ipc call 0", ipc(0, 0, 0, 0, NULL));
	result("ipc call 25", ipc(25, 0, 0, 0, NULL));
	result("ipc call 99", ipc(99, 0, 0, 0, NULL));
	result("ipc SHMAT bad id", ipc(SHMAT, -1, 0, (long)&addr, NULL));
	result("ipc SHMAT misaligned", ipc(SHMAT, id, 0, (long)&addr, (void *)0x10000123));
	result("ipc SHMCTL bad cmd", ipc(SHMCTL, id, 99 | IPC_64, 0, b));
	result("ipc SHMCTL IPC_RMID", ipc(SHMCTL, id, IPC_RMID | IPC_64, 0, NULL));
	result("ipc SHMCTL IPC_STAT after", ipc(SHMCTL, id, IPC_STAT | IPC_64, 0, b));

	// The segment is attached before the address is stored: a bad pointer
	// gives EFAULT but the attach stays.
	id = ipc(SHMGET, IPC_PRIVATE, PG, 0600, NULL);
	result("ipc SHMAT result to NULL", ipc(SHMAT, id, 0, 0, NULL));
	ipc(SHMCTL, id, IPC_STAT | IPC_64, 0, b);
	printf("nattch: %u\n", u32(b, 72));
	ipc(SHMCTL, id, IPC_RMID | IPC_64, 0, NULL);
}

static void direct(void)
{
	long id = syscall(NR_SHMGET, IPC_PRIVATE, 5000, IPC_CREAT | 0600);
	yesno("shmget 395", id >= 0);
	long addr = syscall(NR_SHMAT, id, 0, 0);
	yesno("shmat 397 returns the address", addr != -1 && (addr & (PG - 1)) == 0);
	strcpy((char *)addr, "direct");

	unsigned char b[128];
	memset(b, 0xaa, sizeof b);
	result("shmctl 396 IPC_STAT", syscall(NR_SHMCTL, id, IPC_STAT, b));
	printf("segsz @36: %u\n", u32(b, 36));
	printf("nattch @72: %u\n", u32(b, 72));
	yesno("nothing written past 84 bytes", untouched_past(b, 84, sizeof b));
	result("shmctl 396 IPC_STAT|IPC_64", syscall(NR_SHMCTL, id, IPC_STAT | IPC_64, b));
	result("shmctl 396 IPC_INFO", syscall(NR_SHMCTL, 0, IPC_INFO, b) >= 0 ? 0 : -1);
	result("shmctl 396 SHM_INFO", syscall(NR_SHMCTL, 0, SHM_INFO, b) >= 0 ? 0 : -1);
	result("shmctl 396 bad cmd", syscall(NR_SHMCTL, id, 99, b));
	result("shmctl 396 id -1", syscall(NR_SHMCTL, -1, IPC_STAT, b));

	// Both entries name the same segments.
	unsigned long viaipc = 0;
	ipc(SHMAT, id, SHM_RDONLY, (long)&viaipc, NULL);
	yesno("ipc SHMAT of a 395 segment sees the data", strcmp((char *)viaipc, "direct") == 0);
	ipc(SHMCTL, id, IPC_STAT | IPC_64, 0, b);
	printf("nattch via ipc: %u\n", u32(b, 72));
	result("shmdt 398 of the ipc attach", syscall(NR_SHMDT, viaipc));
	char *glibc = shmat(id, NULL, 0);
	yesno("glibc shmat sees the data", strcmp(glibc, "direct") == 0);
	shmdt(glibc);

	result("shmat 397 bad id", syscall(NR_SHMAT, -1, 0, 0));
	result("shmat 397 misaligned", syscall(NR_SHMAT, id, 0x10000123, 0));
	result("shmdt 398", syscall(NR_SHMDT, addr));
	result("shmdt 398 again", syscall(NR_SHMDT, addr));
	result("shmdt 398 misaligned", syscall(NR_SHMDT, addr + 1));
	result("shmget 395 size 0", syscall(NR_SHMGET, IPC_PRIVATE, 0, 0600));
	result("shmctl 396 IPC_RMID", syscall(NR_SHMCTL, id, IPC_RMID, NULL));
	result("shmctl 396 IPC_STAT after", syscall(NR_SHMCTL, id, IPC_STAT, b));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	multiplexer();
	direct();
	return 0;
}
