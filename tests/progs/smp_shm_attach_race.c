// smp_shm_attach_race: shmget, shmat, shmdt and IPC_RMID at once, from threads of one
// process and from other processes, on every CPU. Three keys; in each of three processes
// attaching threads create-or-find a key's segment, attach it, check and tag its pages,
// and detach it, while a thread of each removes the keys' segments and another reads
// /proc/sysvipc/shm. In the first process a second thread races the attacher's own
// shmdt of each attach: exactly one of the two may succeed, the other gets EINVAL.
// Whatever the interleaving:
//  - every shmget with IPC_CREAT works; a shmat works or says EINVAL or EIDRM (the
//    segment went between the shmget and the shmat); an IPC_RMID works or says EINVAL
//    or EIDRM; a shmdt of an attach works;
//  - a page holds 0 or its own segment's key, never another's (a removed segment's
//    frames are not seen through a new one);
// Then the end state: a segment attached by 3 threads and 2 other processes has nattch
// 5 in IPC_STAT and in /proc/sysvipc/shm; after IPC_RMID its key is 0 there and it can
// still be attached (as on Linux); with the last detach it is gone. No segment, task or
// page (on shmos) is left over.
// timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define NKEYS	3
#define KEY0	0x5ace0000
#define PAGES	4
#define PAGE	4096
#define ROUNDS	300
#define ATTACHERS	2	/* in each process but the first, whose attacher has a rival */
#define NPROC	3

struct counts {		/* of one process, summed at the end */
	unsigned attached, attach_gone, attach_bad, detach_bad, tag_bad, get_bad;
	unsigned removed, remove_gone, remove_bad, double_ok, double_bad, proc_reads;
};

/* In a segment of its own: every process adds its counts. */
static struct counts *total;
static struct counts mine;
static volatile int stop;

static void count(unsigned *c)
{
	__atomic_fetch_add(c, 1, __ATOMIC_SEQ_CST);
}

static uint32_t next(uint32_t *r)	/* xorshift32 */
{
	*r ^= *r << 13;
	*r ^= *r >> 17;
	*r ^= *r << 5;
	return *r;
}

/* A key's segment attached, or NULL (counted): it may go at any moment. */
static char *attach(key_t key)
{
	int id = shmget(key, PAGES * PAGE, IPC_CREAT | 0600);
	char *p;

	if (id < 0) {
		count(&mine.get_bad);
		return NULL;
	}
	if ((p = shmat(id, NULL, 0)) != (void *)-1) {
		count(&mine.attached);
		return p;
	}
	count(errno == EINVAL || errno == EIDRM ? &mine.attach_gone : &mine.attach_bad);
	return NULL;
}

/* Each page holds 0 or the key: tag it, and count a stranger's tag. */
static void touch(char *p, key_t key)
{
	for (int i = 0; i < PAGES; i++) {
		uint32_t *tag = (uint32_t *)(p + i * PAGE), seen = 0;

		if (!__atomic_compare_exchange_n(tag, &seen, (uint32_t)key, 0, __ATOMIC_SEQ_CST,
						 __ATOMIC_SEQ_CST) && seen != (uint32_t)key)
			count(&mine.tag_bad);
	}
}

static void *attacher(void *arg)
{
	uint32_t r = (uint32_t)(long)arg;

	for (int n = 0; n < ROUNDS; n++) {
		key_t key = KEY0 + next(&r) % NKEYS;
		char *p = attach(key);

		if (p) {
			touch(p, key);
			if (shmdt(p) != 0)
				count(&mine.detach_bad);
		}
	}
	return NULL;
}

/* The first process's pair: the attacher and its rival both detach each attach. */
static char *volatile offered;
static volatile int rival_result = 1;	/* 1: not yet; 0 or -1: shmdt's answer */

static void *rival(void *arg)
{
	(void)arg;
	while (!stop) {
		char *p = offered;

		if (!p) {
			sched_yield();
			continue;
		}
		offered = NULL;
		rival_result = shmdt(p) == 0 ? 0 : errno == EINVAL ? -1 : -2;
	}
	return NULL;
}

static void *raced_attacher(void *arg)
{
	uint32_t r = (uint32_t)(long)arg;

	for (int n = 0; n < ROUNDS; n++) {
		key_t key = KEY0 + next(&r) % NKEYS;
		char *p = attach(key);
		int here;

		if (!p)
			continue;
		touch(p, key);
		rival_result = 1;
		offered = p;
		here = shmdt(p) == 0 ? 0 : errno == EINVAL ? -1 : -2;
		while (rival_result == 1)
			sched_yield();
		/* one 0 and one EINVAL, in either order */
		count(here + rival_result == -1 ? &mine.double_ok : &mine.double_bad);
	}
	return NULL;
}

static void *remover(void *arg)
{
	uint32_t r = (uint32_t)(long)arg;

	while (!stop) {
		int id = shmget(KEY0 + next(&r) % NKEYS, 0, 0);

		if (id < 0) {
			if (errno != ENOENT)
				count(&mine.remove_bad);
		} else if (shmctl(id, IPC_RMID, NULL) == 0) {
			count(&mine.removed);
		} else {
			count(errno == EINVAL || errno == EIDRM ? &mine.remove_gone
								: &mine.remove_bad);
		}
		usleep(500);
	}
	return NULL;
}

static void *proc_reader(void *arg)
{
	char buf[8192];

	(void)arg;
	while (!stop) {
		FILE *f = fopen("/proc/sysvipc/shm", "r");

		while (f && fread(buf, 1, sizeof buf, f) > 0)
			;
		if (f) {
			fclose(f);
			count(&mine.proc_reads);
		}
		usleep(1000);
	}
	return NULL;
}

/* Process k of NPROC: its attachers, a remover, a reader; its counts added to total. */
static void process(int k)
{
	pthread_t t[ATTACHERS + 3];
	int n = 0, workers;

	if (k == 0) {
		pthread_create(&t[n++], NULL, raced_attacher, (void *)17L);
		pthread_create(&t[n++], NULL, rival, NULL);
		workers = 1;
	} else {
		for (int i = 0; i < ATTACHERS; i++)
			pthread_create(&t[n++], NULL, attacher, (void *)(long)(k * 1000 + i + 1));
		workers = ATTACHERS;
	}
	pthread_create(&t[n++], NULL, remover, (void *)(long)(k + 99));
	pthread_create(&t[n++], NULL, proc_reader, NULL);
	for (int i = 0; i < workers; i++)
		pthread_join(t[i], NULL);
	stop = 1;
	for (int i = workers; i < n; i++)
		pthread_join(t[i], NULL);
	for (unsigned i = 0; i < sizeof mine / sizeof(unsigned); i++)
		__atomic_fetch_add((unsigned *)total + i, ((unsigned *)&mine)[i], __ATOMIC_SEQ_CST);
}

static const char *yes(int ok)
{
	return ok ? "yes" : "no";
}

static void races(void)
{
	pid_t pids[NPROC];

	for (int k = 1; k < NPROC; k++)
		if ((pids[k] = fork()) == 0) {
			process(k);
			_exit(0);
		}
	process(0);
	for (int k = 1; k < NPROC; k++)
		waitpid(pids[k], NULL, 0);
	printf("shmget with IPC_CREAT always worked: %s\n", yes(!total->get_bad));
	printf("attaches: some worked: %s; the others said EINVAL or EIDRM: %s\n",
	       yes(total->attached > 0), yes(!total->attach_bad));
	printf("every shmdt of an attach worked: %s\n", yes(!total->detach_bad));
	printf("pages held only their own key: %s\n", yes(!total->tag_bad));
	printf("double shmdt: one 0 and one EINVAL each time: %s\n",
	       yes(total->double_ok > 0 && !total->double_bad));
	printf("IPC_RMID: some worked: %s; the others said EINVAL or EIDRM: %s\n",
	       yes(total->removed > 0), yes(!total->remove_bad));
	printf("/proc/sysvipc/shm read while it changed: %s\n", yes(total->proc_reads > 0));
	for (int k = 0; k < NKEYS; k++) {
		int id = shmget(KEY0 + k, 0, 0);

		if (id >= 0)
			shmctl(id, IPC_RMID, NULL);
	}
}

/* The nattch and the key /proc/sysvipc/shm shows for id, or -1 each. */
static void proc_line(int id, long *nattch, long *key)
{
	FILE *f = fopen("/proc/sysvipc/shm", "r");
	char line[512];
	long k, i, n;

	*nattch = *key = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "%ld %ld %*o %*u %*d %*d %ld", &k, &i, &n) == 3 && i == id) {
			*key = k;
			*nattch = n;
		}
	if (f)
		fclose(f);
}

static int end_id;
static pthread_barrier_t attached, detach;

static void *holder(void *arg)
{
	char *p = shmat(end_id, NULL, 0);

	(void)arg;
	pthread_barrier_wait(&attached);
	pthread_barrier_wait(&detach);
	return p == (void *)-1 ? (void *)1 : (void *)(long)shmdt(p);
}

static void report(const char *when, int id)
{
	struct shmid_ds ds;
	long nattch, key;

	proc_line(id, &nattch, &key);
	if (shmctl(id, IPC_STAT, &ds) == 0)
		printf("%s: IPC_STAT nattch %lu, /proc nattch %ld key %s\n", when,
		       (unsigned long)ds.shm_nattch, nattch, key == 0 ? "0" : "the segment's");
	else
		printf("%s: IPC_STAT %s, in /proc: %s\n", when, strerrorname_np(errno),
		       yes(nattch >= 0));
}

/* 3 threads and 2 processes hold one segment; removed; the last detach ends it. */
static void end_state(void)
{
	pthread_t t[3];
	int up[2][2], down[2][2];	/* child to parent: attached; parent to child: detach */
	pid_t pids[2];
	char c;

	end_id = shmget(KEY0 + NKEYS, PAGE, IPC_CREAT | IPC_EXCL | 0600);
	pthread_barrier_init(&attached, NULL, 4);
	pthread_barrier_init(&detach, NULL, 4);
	for (int k = 0; k < 2; k++) {	/* first: a fork copies the threads' attaches */
		if (pipe(up[k]) || pipe(down[k]))
			return;
		if ((pids[k] = fork()) == 0) {
			char *p = shmat(end_id, NULL, 0);

			write(up[k][1], "a", 1);
			read(down[k][0], &c, 1);
			_exit(p == (void *)-1 || shmdt(p));
		}
		read(up[k][0], &c, 1);
	}
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, holder, NULL);
	pthread_barrier_wait(&attached);
	report("3 threads and 2 processes attached", end_id);
	shmctl(end_id, IPC_RMID, NULL);
	report("removed", end_id);
	char *again = shmat(end_id, NULL, 0);
	printf("attach after IPC_RMID: %s\n", again == (void *)-1 ? strerrorname_np(errno) : "works");
	report("attached again", end_id);
	if (again != (void *)-1)
		shmdt(again);
	pthread_barrier_wait(&detach);
	int bad = 0;
	for (int i = 0; i < 3; i++) {
		void *r;

		pthread_join(t[i], &r);
		bad |= r != NULL;
	}
	report("the threads detached", end_id);
	for (int k = 0; k < 2; k++) {
		int st;

		write(down[k][1], "d", 1);
		waitpid(pids[k], &st, 0);
		bad |= !WIFEXITED(st) || WEXITSTATUS(st);
	}
	report("the processes detached", end_id);
	printf("every detach worked: %s\n", yes(!bad));
}

static int body(void)
{
	int id = shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0600);

	if (id < 0 || (total = shmat(id, NULL, 0)) == (void *)-1) {
		perror("shm");
		return 1;
	}
	shmctl(id, IPC_RMID, NULL);
	races();
	end_state();
	return 0;
}

int main(void)
{
	struct shm_info before, after;
	int ret;

	shmctl(0, SHM_INFO, (struct shmid_ds *)&before);
	ret = measured(body);
	shmctl(0, SHM_INFO, (struct shmid_ds *)&after);
	printf("segments back: %s, /proc/sysvipc/shm empty: %s\n",
	       yes(after.used_ids == before.used_ids), yes(count_lines("/proc/sysvipc/shm") == 0));
	return ret;
}
