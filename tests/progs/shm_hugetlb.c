// shm_hugetlb: SHM_HUGETLB on a kernel without huge pages.  shmos has none, and answers
// as a Linux built without hugetlbfs (CONFIG_HUGETLBFS unset) does: newseg finds no huge
// page size for the segment, EINVAL, whoever asks and whatever size is named.  LTP's
// shmget02 expects exactly that when the kernel's config has no CONFIG_HUGETLBFS.
// host: no (a Linux with hugetlbfs answers ENOMEM, or EPERM to users outside
// vm.hugetlb_shm_group, when it has no huge page free: this .out is written by hand)
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define SHM_HUGETLB	04000
#define SHM_NORESERVE	010000
#define SHM_HUGE_2MB	(21 << 26)
#define SHM_HUGE_1GB	(30 << 26)

static void get(const char *what, key_t key, size_t size, int flags)
{
	int id = shmget(key, size, IPC_CREAT | 0600 | flags);

	if (id < 0) {
		printf("%s: -1 %s\n", what, ename(errno));
		return;
	}
	printf("%s: ok\n", what);
	shmctl(id, IPC_RMID, NULL);
}

int main(void)
{
	struct rlimit none = { 0, 0 };
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	get("SHM_HUGETLB", IPC_PRIVATE, 4096, SHM_HUGETLB);
	get("SHM_HUGETLB, 4 MiB", IPC_PRIVATE, 4 << 20, SHM_HUGETLB);
	get("SHM_HUGETLB|SHM_NORESERVE", IPC_PRIVATE, 4096, SHM_HUGETLB | SHM_NORESERVE);
	get("SHM_HUGETLB|SHM_HUGE_2MB", IPC_PRIVATE, 4096, SHM_HUGETLB | SHM_HUGE_2MB);
	get("SHM_HUGETLB|SHM_HUGE_1GB", IPC_PRIVATE, 4096, SHM_HUGETLB | SHM_HUGE_1GB);
	get("SHM_HUGETLB, a new key", 0x5e5e0004, 4096, SHM_HUGETLB);

	// LTP's shmget02: nobody, with no RLIMIT_MEMLOCK, gets the same answer.
	pid = fork();
	if (pid == 0) {
		setrlimit(RLIMIT_MEMLOCK, &none);
		if (setgid(65534) || setuid(65534))
			printf("setuid: -1 %s\n", ename(errno));
		get("nobody: SHM_HUGETLB", IPC_PRIVATE, 4096, SHM_HUGETLB);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	return 0;
}
