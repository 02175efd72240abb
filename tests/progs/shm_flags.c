// shm_flags: the shmget flags beyond IPC_CREAT, IPC_EXCL and the mode.  SHM_NORESERVE,
// the SHM_HUGE_* sizes without SHM_HUGETLB and any other bit are ignored; SHM_HUGETLB
// is looked at only when a segment is made, after the size limits.  (What SHM_HUGETLB
// itself gives depends on the kernel's huge pages: tests/progs/shm_hugetlb.)
// Must run as root: it lowers /proc/sys/kernel/shmall, and puts it back.
// host: root (shmall written in the IPC namespace of its own)
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>
#include "check.h"

#define SHM_HUGETLB	04000
#define SHM_NORESERVE	010000
#define SHM_HUGE_2MB	(21 << 26)
#define SHM_HUGE_1GB	(30 << 26)
#define SHMALL "/proc/sys/kernel/shmall"

// shmget(IPC_PRIVATE, size, flags): "ok" (and removed again) or the error.
static void get(const char *what, size_t size, int flags)
{
	int id = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600 | flags);

	if (id < 0) {
		printf("%s: -1 %s\n", what, ename(errno));
		return;
	}
	printf("%s: ok\n", what);
	shmctl(id, IPC_RMID, NULL);
}

static int put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	int ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);

	if (fd >= 0)
		close(fd);
	return ok;
}

int main(void)
{
	char shmall[32] = "";
	int fd, id;

	get("SHM_NORESERVE", 4096, SHM_NORESERVE);
	get("SHM_HUGE_2MB without SHM_HUGETLB", 4096, SHM_HUGE_2MB);
	get("SHM_HUGE_1GB without SHM_HUGETLB", 4096, SHM_HUGE_1GB);
	get("bit 0x10000000", 4096, 0x10000000);
	get("bit 0x00100000", 4096, 0x00100000);
	get("SHM_NORESERVE, 8 MiB", 8 << 20, SHM_NORESERVE);

	// A key that exists: shmget finds it, whatever SHM_HUGETLB says.
	id = shmget(0x5e5e0003, 4096, IPC_CREAT | 0600);
	printf("SHM_HUGETLB on an existing key: %s\n",
	       yes(shmget(0x5e5e0003, 4096, IPC_CREAT | 0600 | SHM_HUGETLB) == id));
	TRY("SHM_HUGETLB|IPC_EXCL on an existing key",
	    shmget(0x5e5e0003, 4096, IPC_CREAT | IPC_EXCL | 0600 | SHM_HUGETLB));
	shmctl(id, IPC_RMID, NULL);

	// The size limits come first.
	get("SHM_HUGETLB, size 0", 0, SHM_HUGETLB);
	fd = open(SHMALL, O_RDONLY);
	if (fd < 0 || read(fd, shmall, sizeof(shmall) - 1) <= 0) {
		printf("read shmall: -1 %s\n", ename(errno));
		return 1;
	}
	close(fd);
	printf("shmall lowered to 1 page: %s\n", yes(put(SHMALL, "1")));
	get("SHM_HUGETLB, 2 pages, shmall 1", 8192, SHM_HUGETLB);
	get("SHM_NORESERVE, 2 pages, shmall 1", 8192, SHM_NORESERVE);
	printf("shmall put back: %s\n", yes(put(SHMALL, shmall)));
	return 0;
}
