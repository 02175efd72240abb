// shm_at: shmat(2) and shmdt(2) - where a segment is attached, and every way to refuse.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096
#define BAD ((void *)-1)

static void yesno(const char *what, int cond)
{
	printf("%s: %s\n", what, cond ? "yes" : "no");
}

// Print the errno of an attach that should fail (and undo it if it did not).
static void at_fails(const char *what, void *p)
{
	if (p != BAD) {
		printf("%s: attached\n", what);
		shmdt(p);
		return;
	}
	printf("%s: %s\n", what, strerrorname_np(errno));
}

static void dt(const char *what, const void *p)
{
	if (shmdt(p) == 0)
		printf("%s: 0\n", what);
	else
		printf("%s: -1 %s\n", what, strerrorname_np(errno));
}

static int nattch(int id)
{
	struct shmid_ds ds;
	return shmctl(id, IPC_STAT, &ds) < 0 ? -1 : (int)ds.shm_nattch;
}

// Run fn(arg) in a child and print how the child ended.
static void in_child(const char *what, void (*fn)(char *), char *arg)
{
	int st;
	pid_t pid = fork();
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	if (WIFSIGNALED(st))
		printf("%s: killed by %s\n", what, sigabbrev_np(WTERMSIG(st)));
	else
		printf("%s: exit %d\n", what, WEXITSTATUS(st));
}

static void write_byte(char *p)
{
	*(volatile char *)p = 1;
}

static void read_byte(char *p)
{
	_exit(*(volatile char *)p);
}

static void placement(int id2, int id1)
{
	char *p = shmat(id2, NULL, 0);
	yesno("NULL attach", p != BAD);
	yesno("page aligned", ((uintptr_t)p & (PG - 1)) == 0);
	int zero = 1;
	for (int i = 0; i < 2 * PG; i++)
		zero &= p[i] == 0;
	yesno("reads as zeros", zero);
	yesno("nattch 1", nattch(id2) == 1);
	dt("shmdt", p);
	yesno("nattch 0", nattch(id2) == 0);
	dt("shmdt again", p);

	yesno("attach at a given address", shmat(id2, p, 0) == p);
	at_fails("overlap, same start", shmat(id1, p, 0));
	at_fails("overlap, second page", shmat(id1, p + PG, 0));
	dt("shmdt second page", p + PG);
	dt("shmdt misaligned", p + 1);
	dt("shmdt exact", p);

	at_fails("misaligned", shmat(id2, p + 123, 0));
	yesno("SHM_RND rounds down", shmat(id2, p + 123, SHM_RND) == p);
	dt("shmdt rounded", p);
	at_fails("SHM_RND to 0 with SHM_REMAP", shmat(id2, (void *)0x800, SHM_RND | SHM_REMAP));
	at_fails("NULL with SHM_REMAP", shmat(id2, NULL, SHM_REMAP));
}

// SHM_EXEC asks for execute permission too: give it to the owner.
static void exec_flag(void)
{
	int id = shmget(IPC_PRIVATE, PG, 0700);
	char *p = shmat(id, NULL, SHM_EXEC);
	yesno("SHM_EXEC on a 0700 segment", p != BAD);
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
}

// Two one-page segments: SHM_REMAP replaces the first attach by the second.
static void remap(void)
{
	int a = shmget(IPC_PRIVATE, PG, 0600), b = shmget(IPC_PRIVATE, PG, 0600);
	char *p = shmat(a, NULL, 0);
	p[0] = 'a';
	at_fails("overlap without SHM_REMAP", shmat(b, p, 0));
	yesno("SHM_REMAP at an attach", shmat(b, p, SHM_REMAP) == p);
	yesno("first segment detached", nattch(a) == 0);
	yesno("second segment attached", nattch(b) == 1);
	yesno("second segment's data visible", p[0] == 0);
	dt("shmdt remapped", p);
	shmctl(a, IPC_RMID, NULL);
	shmctl(b, IPC_RMID, NULL);
}

static void other_mappings(int id)
{
	char *m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	at_fails("over an anonymous mapping", shmat(id, m, 0));
	dt("shmdt of an anonymous mapping", m);
	munmap(m, PG);
	at_fails("over the program text", shmat(id, (void *)((uintptr_t)placement & ~(PG - 1)), 0));
	int local;
	at_fails("over the stack", shmat(id, (void *)((uintptr_t)&local & ~(PG - 1)), 0));
	at_fails("kernel address 0xc0000000", shmat(id, (void *)0xc0000000, 0));
	at_fails("kernel address with SHM_RND", shmat(id, (void *)0xc0000123, SHM_RND));
	at_fails("kernel address with SHM_REMAP", shmat(id, (void *)0xc0000000, SHM_REMAP));
	at_fails("kernel address 0xffff0000", shmat(id, (void *)0xffff0000, 0));
	dt("shmdt NULL", NULL);
	dt("shmdt kernel address", (void *)0xc0000000);
}

static void read_only(int id)
{
	char *p = shmat(id, NULL, SHM_RDONLY);
	yesno("SHM_RDONLY attach", p != BAD);
	in_child("read from read-only attach", read_byte, p);
	in_child("write to read-only attach", write_byte, p);
	shmdt(p);
}

static void twice(int id)
{
	char *p = shmat(id, NULL, 0), *q = shmat(id, NULL, 0);
	yesno("second attach elsewhere", q != BAD && q != p);
	yesno("nattch 2", nattch(id) == 2);
	strcpy(p + 100, "shared");
	yesno("write through one seen through the other", strcmp(q + 100, "shared") == 0);
	shmdt(p);
	shmdt(q);
}

// Pages of the attach are usable up to the page end; the page after it is not mapped.
static void edges(void)
{
	int big = shmget(IPC_PRIVATE, 2 * PG, 0600), small = shmget(IPC_PRIVATE, 100, 0600);
	char *p = shmat(big, NULL, 0);
	shmdt(p);
	yesno("100-byte segment attached in a free hole", shmat(small, p, 0) == p);
	in_child("write byte 4095 of a 100-byte segment", write_byte, p + PG - 1);
	in_child("write just past the attach", write_byte, p + PG);
	shmdt(p);
	shmctl(big, IPC_RMID, NULL);
	shmctl(small, IPC_RMID, NULL);
}

static void bad_ids(int id)
{
	int stale = shmget(IPC_PRIVATE, PG, 0600);
	shmctl(stale, IPC_RMID, NULL);
	at_fails("stale id", shmat(stale, NULL, 0));
	at_fails("id -1", shmat(-1, NULL, 0));
	at_fails("id 0x7fffffff", shmat(0x7fffffff, NULL, 0));
	at_fails("stale id, misaligned address", shmat(stale, (void *)0x10000123, 0));
}

// On a 64-bit Linux host a 32-bit program may map up to 4 GiB. Ask for the
// i386 3 GiB user space and exec again, so that 0xc0000000 belongs to the
// kernel here as on i386 Linux and shmos (where this does nothing).
static void i386_layout(char **argv)
{
	int p = personality(0xffffffff);
	if (p == -1 || (p & ADDR_LIMIT_3GB) || argv[1])
		return;
	personality(p | ADDR_LIMIT_3GB);
	char *again[] = { argv[0], "3gb", NULL };
	execv("/proc/self/exe", again);
}

int main(int argc, char **argv)
{
	i386_layout(argv);
	setvbuf(stdout, NULL, _IONBF, 0);
	int id2 = shmget(IPC_PRIVATE, 2 * PG, 0600), id1 = shmget(IPC_PRIVATE, PG, 0600);
	placement(id2, id1);
	exec_flag();
	remap();
	other_mappings(id1);
	read_only(id1);
	twice(id1);
	edges();
	bad_ids(id1);
	shmctl(id2, IPC_RMID, NULL);
	shmctl(id1, IPC_RMID, NULL);
	return 0;
}
