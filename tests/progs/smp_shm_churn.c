// smp_shm_churn: segments made and removed while the threads of another process attach
// them. A table of eight ids lives in a MAP_SHARED page. Two "churn" processes each
// replace a random entry, again and again, with a fresh private segment (1 to 16 pages)
// and remove the old one (IPC_RMID), which other attaches may still hold; now and then a
// child attaches the new one, writes it, and exits attached or detaches first. Meanwhile
// four threads of a third process attach whatever id they find in the table (EINVAL or
// EIDRM when it was just removed), add 1 to a word of it, sometimes unmap a page of the
// attach (splitting it in two) or move its first page away with mremap (the moved page
// and the rest then stay attached until the process exits), and detach at the attach's
// address. The pieces left behind keep removed segments alive until that process exits.
// All the while the test itself keeps 200 removed segments attached: more than the
// article's 128 exist at once, as Linux allows (SHMMNI 4096). At the end every segment,
// every page and every task is back.
// timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define NIDS	8
#define THREADS	4
#define ROUNDS	200	// per thread at least; more while the churn goes on
#define CHURNS	60	// per churn process
#define PG	4096

#define KEPT	200	// removed segments the test keeps attached meanwhile

// In a MAP_SHARED page: the table and the churns still running.
static struct shared {
	int ids[NIDS];
	int churning;
} *sh;
static int errors;		// in the attaching process: an errno Linux would not give

static int used_ids(void)
{
	struct shm_info si;

	return shmctl(0, SHM_INFO, (struct shmid_ds *)&si) < 0 ? -1 : si.used_ids;
}

static unsigned long shm_tot(void)
{
	struct shm_info si;

	return shmctl(0, SHM_INFO, (struct shmid_ds *)&si) < 0 ? 0 : si.shm_tot;
}

static unsigned next(unsigned *s)
{
	*s = *s * 1103515245 + 12345;
	return *s >> 8;
}

// One round of a thread: attach, write a word, maybe split or move, detach.
static void attach_round(unsigned *s)
{
	int id = __atomic_load_n(&sh->ids[next(s) % NIDS], __ATOMIC_ACQUIRE);
	struct shmid_ds ds;
	int *p = shmat(id, NULL, 0), *q;

	if (p == (void *)-1) {
		if (errno != EINVAL && errno != EIDRM)
			__atomic_add_fetch(&errors, 1, __ATOMIC_RELAXED);
		return;
	}
	__atomic_add_fetch(&p[next(s) % (PG / sizeof(int))], 1, __ATOMIC_RELAXED);
	// Only a page of this attach: past the segment lies another thread's attach.
	if (next(s) % 4 == 0 && shmctl(id, IPC_STAT, &ds) == 0 && ds.shm_segsz >= 2 * PG)
		munmap((char *)p + PG, PG);
	if (next(s) % 8 == 0 && (q = mremap(p, PG, 2 * PG, MREMAP_MAYMOVE)) != MAP_FAILED)
		p = q;
	if (shmdt(p) != 0)
		__atomic_add_fetch(&errors, 1, __ATOMIC_RELAXED);
}

static void *attacher(void *arg)
{
	unsigned s = (unsigned)(long)arg * 2654435761u;

	for (int i = 0; i < ROUNDS || __atomic_load_n(&sh->churning, __ATOMIC_ACQUIRE); i++)
		attach_round(&s);
	return NULL;
}

static void attaching_process(void)
{
	pthread_t t[THREADS];

	for (long i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, attacher, (void *)(i + 1));
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	_exit(errors != 0);
}

// A child that attaches the new segment, writes it, and exits attached or not.  The
// other churn may have removed it already.
static void visit(int id, unsigned r)
{
	int *p = shmat(id, NULL, 0);

	if (p == (void *)-1)
		_exit(errno != EINVAL && errno != EIDRM);
	p[0]++;
	if (r % 2)
		_exit(0);	// exit detaches
	_exit(shmdt(p) != 0);
}

// Replace table entries with fresh segments; 0 when every call went as on Linux.
static int churn(unsigned s)
{
	int bad = 0;

	for (int i = 0; i < CHURNS && !bad; i++) {
		int k = next(&s) % NIDS, old = sh->ids[k], st;
		int id = shmget(IPC_PRIVATE, (1 + next(&s) % 16) * PG, IPC_CREAT | 0600);
		pid_t pid = 0;

		if (id < 0) {
			printf("shmget: %s\n", strerrorname_np(errno));
			return 1;
		}
		if (!__atomic_compare_exchange_n(&sh->ids[k], &old, id, 0, __ATOMIC_ACQ_REL,
						 __ATOMIC_ACQUIRE))
			old = id;	// the other churn took the entry: ours goes
		bad |= shmctl(old, IPC_RMID, NULL) != 0;
		if (next(&s) % 4 == 0 && (pid = fork()) == 0)
			visit(id, next(&s));
		if (pid > 0)
			bad |= waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st);
	}
	return bad;
}

// KEPT segments attached and removed: they live on until their detach.  More than the
// article's 128 at once, as Linux allows (SHMMNI 4096).  How many could be made.
static int keep_removed(void *at[KEPT])
{
	int n = 0, id;

	while (n < KEPT && (id = shmget(IPC_PRIVATE, PG, IPC_CREAT | 0600)) >= 0) {
		at[n++] = shmat(id, NULL, SHM_RDONLY);
		shmctl(id, IPC_RMID, NULL);
	}
	return n;
}

// The test, in a child: its parent's memory stays as it was for freeram_back.
static void run(void)
{
	int used0 = used_ids(), failed = 0, st, kept;
	unsigned long tot0 = shm_tot();
	void *at[KEPT];
	pid_t kids[3];

	kept = keep_removed(at);
	printf("removed segments kept attached: %d of %d\n", kept, KEPT);
	sh = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	for (int k = 0; k < NIDS; k++)
		sh->ids[k] = shmget(IPC_PRIVATE, 16 * PG, IPC_CREAT | 0600);
	sh->churning = 2;
	for (int c = 0; c < 3; c++) {
		if ((kids[c] = fork()) != 0)
			continue;
		if (c == 0)
			attaching_process();
		st = churn(c * 7919u);
		__atomic_sub_fetch(&sh->churning, 1, __ATOMIC_RELEASE);
		_exit(st);
	}
	for (int c = 0; c < 3; c++)
		failed += waitpid(kids[c], &st, 0) != kids[c] || !WIFEXITED(st) || WEXITSTATUS(st);
	for (int k = 0; k < NIDS; k++)
		shmctl(sh->ids[k], IPC_RMID, NULL);
	printf("processes that saw a call go wrong: %d of 3\n", failed);
	for (int i = 0; i < kept; i++)
		shmdt(at[i]);
	printf("segments back: %s\n", used_ids() == used0 && shm_tot() == tot0 ? "yes" : "no");
}

int main(void)
{
	int procs0 = count_procs();
	unsigned long long free0;

	setvbuf(stdout, NULL, _IONBF, 0);
	grow_stack();
	free0 = freeram();
	if (fork() == 0) {
		run();
		_exit(0);
	}
	wait(NULL);
	printf("tasks back: %s\n", !on_shmos() || count_procs() == procs0 ? "yes" : "no");
	freeram_back(free0);
	return 0;
}
