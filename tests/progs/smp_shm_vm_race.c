// smp_shm_vm_race: a System V attach that one thread changes while the process's other
// threads read and write it on other CPUs. Round after round the changing thread makes a
// segment, tags its pages, attaches it over a PROT_NONE mapping (SHM_REMAP), write-protects it and gives the
// protection back, moves it elsewhere and back (mremap MREMAP_FIXED), shrinks it
// (mremap), punches a hole in it (munmap), removes it (IPC_RMID) before or after it
// detaches it (shmdt, twice), and now and then forks a child that reads it too. The
// touching threads read each page and write back what they read (lock cmpxchg): each
// access gives a SIGSEGV or a tag that some segment had, never another value, and the
// kernel reports nothing. What each of the changing thread's calls returns, round after
// round, is Linux's. At the end no segment, task or (on shmos) page is left over.
// cpus: 4
// timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define PAGE	4096
#define NPAGES	8
#define SIZE	(NPAGES * PAGE)
#define ROUNDS	120
#define NTOUCH	3
#define NOPS	14

static const char *const op_name[NOPS] = {
	"shmget", "shmat at the address", "mprotect read-only", "mprotect read-write",
	"mremap away", "mremap back", "mremap shrink", "munmap a page", "IPC_RMID attached",
	"shmdt", "shmdt again", "munmap the rest", "IPC_RMID detached", "fork a reader",
};

static char *addr, *away;		/* where the segment is attached, and moved to */
static int stop;
static unsigned wrong;
static __thread sigjmp_buf jb;
static __thread int armed;

/* results[op][0] counts successes, results[op][e] the errno e */
static unsigned results[NOPS][64];

static void on_fault(int sig)
{
	(void)sig;
	if (armed)
		siglongjmp(jb, 1);
	_exit(99);
}

/* Reads word 0 of each page and writes it back; a wrong value is counted. */
static void *touch(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE))
		for (int i = 0; i < NPAGES; i++) {
			unsigned *w = (unsigned *)(addr + i * PAGE), v;

			if (sigsetjmp(jb, 1))
				continue;	/* a SIGSEGV: the page is not there now */
			armed = 1;
			v = __atomic_load_n(w, __ATOMIC_RELAXED);
			__atomic_compare_exchange_n(w, &v, v, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
			armed = 0;
			if (v > ROUNDS)
				__atomic_fetch_add(&wrong, 1, __ATOMIC_RELAXED);
		}
	return NULL;
}

static void count(int op, long r)
{
	results[op][r < 0 ? (errno < 64 ? errno : 63) : 0]++;
}

/* A child reads the attach once: a tag, zero or a SIGSEGV, which it reports as 99. */
static void fork_reader(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		unsigned v = *(volatile unsigned *)addr;

		_exit(v > ROUNDS ? 1 : 0);
	}
	count(13, pid < 0 ? -1 : 0);
	waitpid(pid, &st, 0);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 1)
		wrong++;
}

/* Both places, kept out of the way of the process's other mappings (its threads' stacks). */
static void reserve(void)
{
	mmap(addr, 2 * SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
}

static void round_of(int r)
{
	int id = shmget(IPC_PRIVATE, SIZE, IPC_CREAT | 0600);
	char *p = shmat(id, NULL, 0);

	count(0, id);
	for (int i = 0; p != (void *)-1 && i < NPAGES; i++)
		*(unsigned *)(p + i * PAGE) = r + 1;
	shmdt(p);
	count(1, shmat(id, addr, SHM_REMAP) == addr ? 0 : -1);
	count(2, mprotect(addr, SIZE, PROT_READ));
	count(3, mprotect(addr, SIZE, PROT_READ | PROT_WRITE));
	count(4, mremap(addr, SIZE, SIZE, MREMAP_MAYMOVE | MREMAP_FIXED, away) == away ? 0 : -1);
	count(5, mremap(away, SIZE, SIZE, MREMAP_MAYMOVE | MREMAP_FIXED, addr) == addr ? 0 : -1);
	if (r % 10 == 0)
		fork_reader();
	count(6, mremap(addr, SIZE, SIZE / 2, 0) == addr ? 0 : -1);
	count(7, munmap(addr + 2 * PAGE, PAGE));
	if (r % 2)
		count(8, shmctl(id, IPC_RMID, NULL));
	count(9, shmdt(addr));
	count(10, shmdt(addr));
	count(11, munmap(addr, SIZE));
	if (r % 2 == 0)
		count(12, shmctl(id, IPC_RMID, NULL));
	reserve();
}

static int body(void)
{
	struct sigaction sa = { .sa_handler = on_fault, .sa_flags = SA_NODEFER };
	pthread_t th[NTOUCH];

	addr = mmap(NULL, 2 * SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	away = addr + SIZE;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	for (int t = 0; t < NTOUCH; t++)
		pthread_create(&th[t], NULL, touch, NULL);
	for (int r = 0; r < ROUNDS; r++)
		round_of(r);
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	for (int t = 0; t < NTOUCH; t++)
		pthread_join(th[t], NULL);
	munmap(addr, 2 * SIZE);
	for (int op = 0; op < NOPS; op++) {
		printf("%s:", op_name[op]);
		for (int e = 0; e < 64; e++)
			if (results[op][e])
				printf(" %s x%u", e ? strerrorname_np(e) : "ok", results[op][e]);
		printf("\n");
	}
	printf("wrong values: %u\n", wrong);
	return 0;
}

int main(void)
{
	return measured_shm(body);
}
