// stress_shm: 64 processes over 32 segments. Each process owns one slot in every
// segment; it keeps attaching random segments, writing a pattern tagged with its
// number into its slot, yielding or spinning so that it gets preempted, checking
// the slot and detaching. Nothing may be lost or torn, and when everything is
// removed the kernel's counters (and, on shmos, its free memory) are back.
// timeout: 180
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define NPROC 64
#define NSEG 32
#define ROUNDS 300
#define WORDS 32			// a slot: 128 bytes, so a segment is 8 KiB (two pages)
#define SEGSZ (NPROC * WORDS * 4)
#define TAG 0x5e000000u

static int ids[NSEG];

static uint32_t next(uint32_t *s)	// xorshift32
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

// Word k of slot `slot` after round `round` of its owner.
static uint32_t pattern(int slot, uint32_t round, int k)
{
	if (k == 0)
		return TAG | slot;
	if (k == 1)
		return round;
	return (round * 2654435761u) ^ (slot << 16) ^ k;
}

// A slot is either never written (all zero) or a whole pattern; returns the round or -1.
static long slot_round(const uint32_t *w, int slot)
{
	int zero = 1;
	for (int k = 0; k < WORDS; k++)
		zero &= w[k] == 0;
	if (zero)
		return 0;
	for (int k = 0; k < WORDS; k++)
		if (w[k] != pattern(slot, w[1], k))
			return -1;
	return w[1];
}

static int worker(int me)
{
	uint32_t rnd = 0x9e3779b9u ^ (me * 7919 + 1), last[NSEG] = { 0 };
	int bad = 0;
	for (uint32_t r = 1; r <= ROUNDS; r++) {
		int s = next(&rnd) % NSEG;
		uint32_t *p = shmat(ids[s], NULL, 0);
		if (p == (void *)-1) {
			printf("worker %d: shmat: %s\n", me, strerrorname_np(errno));
			return 1;
		}
		uint32_t *w = p + me * WORDS;
		bad += slot_round(w, me) != last[s];
		for (int k = WORDS - 1; k >= 0; k--)
			w[k] = pattern(me, r, k);
		last[s] = r;
		if (next(&rnd) & 1)
			sched_yield();
		else
			for (volatile int spin = next(&rnd) % 20000; spin > 0; spin--)
				;
		bad += slot_round(w, me) != r;
		// Other slots are written concurrently: only their tag word is stable.
		int other = next(&rnd) % NPROC;
		bad += p[other * WORDS] != 0 && p[other * WORDS] != (TAG | other);
		if (shmdt(p) < 0)
			bad++;
	}
	return bad != 0;
}

// Checked in a child, so the parent's page tables do not change its free memory.
static int final_check(void)
{
	int bad = 0, written = 0;
	for (int s = 0; s < NSEG; s++) {
		uint32_t *p = shmat(ids[s], NULL, SHM_RDONLY);
		for (int i = 0; i < NPROC; i++) {
			long r = slot_round(p + i * WORDS, i);
			bad += r < 0;
			written += r > 0;
		}
		shmdt(p);
	}
	printf("slots written: %s\n", written > NPROC * NSEG / 2 ? "most" : "few");
	return bad != 0;
}

static int used_ids(void)
{
	struct shm_info si;
	return shmctl(0, SHM_INFO, (struct shmid_ds *)&si) < 0 ? -1 : si.used_ids;
}

static int run(int (*fn)(void))
{
	int st;
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	grow_stack();
	int used0 = used_ids();
	unsigned long long ram0 = freeram();

	for (int s = 0; s < NSEG; s++)
		ids[s] = shmget(IPC_PRIVATE, SEGSZ, 0600);
	pid_t pids[NPROC];
	int started = 0, ok = 0;
	for (int i = 0; i < NPROC; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(worker(i));
		if (pids[i] < 0)
			printf("fork %d: %s\n", i, strerrorname_np(errno));
		else
			started++;
	}
	for (int i = 0; i < NPROC; i++) {
		int st;
		if (pids[i] > 0 && waitpid(pids[i], &st, 0) == pids[i])
			ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	printf("workers started: %d\n", started);
	printf("workers ok: %d\n", ok);
	printf("integrity ok: %s\n", run(final_check) ? "yes" : "no");

	int gone = 0;
	for (int s = 0; s < NSEG; s++) {
		struct shmid_ds ds;
		shmctl(ids[s], IPC_RMID, NULL);
		gone += shmctl(ids[s], IPC_STAT, &ds) < 0 && errno == EINVAL;
	}
	printf("all segments removed: %s\n", gone == NSEG ? "yes" : "no");
	printf("used_ids back: %s\n", used_ids() == used0 ? "yes" : "no");
	freeram_back(ram0);
	return 0;
}
