// mem_map_limits: the two limits of /proc/sys/vm a user meets when mapping memory (issue 13,
// defects 4 and 12). vm.max_map_count: a process maps until mmap gives ENOMEM, and then
// neither mprotect nor munmap may split a mapping in a way that adds one (ENOMEM), while
// unmapping that removes one still works. vm.mmap_min_addr: a user who is not root cannot map
// below it (EPERM), not even with shmat, and a hint below it moves up.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PG 4096
#define MAXMAPS 70000

static char *maps[MAXMAPS];

static long sysctl_vm(const char *name)
{
	char path[64], buf[32] = "";
	snprintf(path, sizeof path, "/proc/sys/vm/%s", name);
	int fd = open(path, O_RDONLY);
	read(fd, buf, sizeof buf - 1);
	close(fd);
	return strtol(buf, NULL, 10);
}

static void max_map_count(void)
{
	long max = sysctl_vm("max_map_count");
	printf("max_map_count: %ld\n", max);

	// Three pages to split later; then one-page mappings, alternating in protection so
	// that Linux cannot merge neighbours (nor the three pages with them), until mmap
	// refuses.
	char *three = mmap(NULL, 3 * PG, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int n = 0, e = 0;
	while (n < MAXMAPS) {
		int prot = n % 2 ? PROT_READ : PROT_READ | PROT_WRITE;
		char *p = mmap(NULL, PG, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			e = errno;
			break;
		}
		maps[n++] = p;
	}
	// At the limit: nothing may print (stdio could map), so note the results first.
	int id = shmget(IPC_PRIVATE, PG, 0600);
	long r_hole = munmap(three + PG, PG) ? errno : 0;
	long r_prot_mid = mprotect(three + PG, PG, PROT_NONE) ? errno : 0;
	long r_prot_edge = mprotect(three, PG, PROT_NONE) ? errno : 0;
	long r_prot_all = mprotect(three, 3 * PG, PROT_NONE) ? errno : 0;
	void *at = shmat(id, NULL, 0);
	long r_shmat = at == (void *)-1 ? errno : 0;
	void *brk0 = (void *)syscall(SYS_brk, 0);
	long r_brk = (void *)syscall(SYS_brk, (char *)brk0 + 16 * PG) == brk0;
	long r_edge = munmap(three, PG) ? errno : 0;
	long r_again = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED;
	for (int i = 0; i < n; i++)
		munmap(maps[i], PG);
	shmctl(id, IPC_RMID, NULL);

	printf("mmap until it fails: %s\n", n < MAXMAPS ? ename(e) : "never failed");
	printf("mappings made: within 64 of max_map_count: %s\n", yes(n <= max && n > max - 64));
	printf("at the limit, munmap of a middle page: %s\n", r_hole ? ename(r_hole) : "0");
	printf("at the limit, mprotect of a middle page: %s\n", r_prot_mid ? ename(r_prot_mid) : "0");
	printf("at the limit, mprotect of an end page: %s\n", r_prot_edge ? ename(r_prot_edge) : "0");
	printf("at the limit, mprotect of the whole mapping: %s\n", r_prot_all ? ename(r_prot_all) : "0");
	printf("at the limit, shmat: %s\n", r_shmat ? ename(r_shmat) : "0");
	printf("at the limit, brk refused: %s\n", yes(r_brk));
	printf("at the limit, munmap of an end page: %s\n", r_edge ? ename(r_edge) : "0");
	printf("then one more mmap refused: %s\n", yes(r_again));
	char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("after unmapping them, mmap: %s\n", p == MAP_FAILED ? ename(errno) : "ok");
}

// In a child that is not root (Linux: without CAP_SYS_RAWIO).
static void mmap_min_addr(void)
{
	unsigned long min = sysctl_vm("mmap_min_addr");
	int id = shmget(IPC_PRIVATE, PG, 0666);
	pid_t pid = fork();
	if (pid == 0) {
		setuid(65534);
		void *p;
		printf("uid %d:\n", (int)getuid());
		p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		printf("  mmap(0, MAP_FIXED): %s\n", p == MAP_FAILED ? ename(errno) : "mapped");
		p = mmap((void *)(min - PG), PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		printf("  mmap(mmap_min_addr - 4096, MAP_FIXED): %s\n", p == MAP_FAILED ? ename(errno) : "mapped");
		p = mmap((void *)min, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		printf("  mmap(mmap_min_addr, MAP_FIXED): %s\n", p == MAP_FAILED ? ename(errno) : "mapped");
		munmap(p, PG);
		p = mmap((void *)PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		printf("  mmap(4096) as a hint: at or above mmap_min_addr: %s\n",
		       yes(p != MAP_FAILED && (unsigned long)p >= min));
		p = shmat(id, (void *)1, SHM_RND);
		printf("  shmat(1, SHM_RND), which is page 0: %s\n", p == (void *)-1 ? ename(errno) : "attached");
		int fd = open("/proc/sys/vm/mmap_min_addr", O_WRONLY);
		printf("  open mmap_min_addr for writing: %s\n", fd < 0 ? ename(errno) : "ok");
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	shmctl(id, IPC_RMID, NULL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	mmap_min_addr();
	max_map_count();
	return 0;
}
