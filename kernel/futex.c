/*
 * Futexes: sleeping on a word of user memory.
 *
 * A lock or semaphore in user memory is taken and given with atomic
 * instructions, and needs the kernel only when a task must wait: glibc's
 * pthread_mutex_lock sets the word to "locked, with waiters" and calls
 * futex(&word, FUTEX_WAIT, that value), which sleeps only if the word still
 * holds it; the unlocker sees "with waiters" and calls futex(&word,
 * FUTEX_WAKE, 1).  The kernel keeps no state about the lock, only the
 * queue of its sleepers (Linux's kernel/futex/; docs/futex.md); the
 * priority-inheritance locks, whose word names their owner, are the
 * exception (below).
 *
 * The lesson is the key: how the kernel knows that two sleepers and a
 * waker mean the same word.  Not by its address.
 *
 *  - A private futex (FUTEX_PRIVATE_FLAG: the threads of one process) is
 *    the pair (address space, address): the same address in another
 *    process is another word.
 *  - A shared futex is the object the page belongs to and the offset in
 *    it: for a System V segment (or MAP_SHARED anonymous memory, which is
 *    one) the struct shmid_kernel and the byte offset in the segment.  Two
 *    processes that attach one segment at different addresses therefore
 *    meet on one key, and one's FUTEX_WAKE wakes the other's FUTEX_WAIT.
 *    A shared futex in private memory (the stack, the heap) can only be
 *    reached by the one address space, and is keyed as a private one, with
 *    a bit that keeps it apart from the same word's private key (Linux's
 *    FUT_OFF_MMSHARED): a FUTEX_WAKE must use the waiter's kind.
 *
 * A key's object is a pointer only compared, never followed.  A segment
 * removed while a task sleeps on it may be freed and its memory reused by
 * a new one: a FUTEX_WAKE there could then wake the old sleeper, which
 * returns 0 as from any wakeup; futex users must take that anyway (a
 * wakeup only says "look at the word again").
 *
 * Waiters queue in a hash table of FIFO lists; each waiter's struct
 * futex_q lives on its own kernel stack for the length of its wait.  Only
 * tasks touch the queues (no handler does), and the kernel is not
 * preemptive, so between a FUTEX_WAIT's test of the word and its sleep no
 * other task runs: no FUTEX_WAKE can fall in between, and the queues need
 * no lock (docs/concurrency.md).  A waker unqueues the waiter and then
 * wakes it: a waiter that finds itself off the queue was woken; one still
 * on it woke for a signal or its timeout, and takes itself off.
 *
 * `trace=futex` on the kernel command line prints each key as it is
 * computed, and each wakeup: two processes' different addresses come out
 * as one key.
 */
#include <stddef.h>
#include "kernel/futex.h"
#include "fs/file.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/layout.h"
#include "mm/mm.h"

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#include "mm/page.h"
#include "mm/uaccess.h"

#define FUT_OFF_MMSHARED	2	/* a shared futex in private memory */
#define FUTEX_HASH_SIZE		64	/* buckets: a power of two */

#define futex_trace(...) \
	do { if (trace_futex) printk("futex: " __VA_ARGS__); } while (0)

/* (object, offset): an address space and an address, or a segment and an offset. */
struct futex_key {
	const void *object;
	uint32_t offset;
};

/* A waiter, on its kernel stack, in its bucket's list while it waits. */
struct futex_q {
	struct futex_q *next, **pprev;	/* pprev NULL: not queued (woken) */
	struct futex_key key;
	uint32_t bitset;		/* FUTEX_WAIT_BITSET's; all ones otherwise */
	struct task *task;
};

/* Each bucket: the head of a list and where its tail's next pointer is. */
static struct futex_bucket {
	struct futex_q *head, **tailp;
} futex_queues[FUTEX_HASH_SIZE];

static int key_equal(const struct futex_key *a, const struct futex_key *b)
{
	return a->object == b->object && a->offset == b->offset;
}

static struct futex_bucket *hash_futex(const struct futex_key *key)
{
	uint32_t h = (uint32_t)key->object ^ (key->offset >> 2) ^ (key->offset >> 8);
	struct futex_bucket *hb = &futex_queues[(h ^ (h >> 6)) % FUTEX_HASH_SIZE];

	if (!hb->tailp)
		hb->tailp = &hb->head;
	return hb;
}

/* Adds q at its bucket's tail: waiters of one word are woken first come, first served. */
static void queue_me(struct futex_q *q, struct futex_bucket *hb)
{
	/* LAB futex: q at the tail of hb's list: its next, its pprev, the tail pointer */
	q->next = NULL;
	q->pprev = hb->tailp;
	*hb->tailp = q;
	hb->tailp = &q->next;
	/* LAB futex END */
}

/* Takes q off hb's list; its pprev NULL says it is off. */
static void unqueue(struct futex_q *q, struct futex_bucket *hb)
{
	/* LAB futex: q off hb's list, the tail pointer kept right; pprev NULL */
	*q->pprev = q->next;
	if (q->next)
		q->next->pprev = q->pprev;
	else
		hb->tailp = q->pprev;
	q->pprev = NULL;
	/* LAB futex END */
}

/* Off the queue, then runnable: its futex_wait sees it was woken. */
static void wake_futex(struct futex_q *q, struct futex_bucket *hb)
{
	struct task *t = q->task;
	uint32_t flags;

	unqueue(q, hb);
	futex_trace("pid %d wakes pid %d\n", current->pid, t->pid);
	spin_lock_irqsave(&sched_lock, flags);
	wake_task(t);
	spin_unlock_irqrestore(&sched_lock, flags);
}

/*
 * The key of the word at uaddr from the VMA that holds it (Linux's
 * get_futex_key): EINVAL if it is not aligned, EFAULT if it is not user
 * memory or, for a shared futex, no readable VMA holds it.  A private key
 * needs no look at the memory at all; a shared one needs only the VMA,
 * not the page.  A file mapping's object is the file's inode, a segment's
 * (or MAP_SHARED anonymous memory's) the struct shmid_kernel.
 */
static inline __attribute__((always_inline)) int __get_futex_key(uint32_t uaddr,
		int shared, struct futex_key *key)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	const void *object;

	if (uaddr % sizeof(uint32_t))
		return -EINVAL;
	if (uaddr > TASK_SIZE - sizeof(uint32_t))
		return -EFAULT;
	key->object = mm;
	key->offset = uaddr;
	if (!shared) {
		futex_trace("pid %d 0x%08x private: key (mm %p, 0x%x)\n",
			    current->pid, uaddr, key->object, key->offset);
		return 0;
	}
	vma = find_vma(mm, uaddr);
	if (!vma || vma->vm_start > uaddr || !(vma->vm_flags & VM_READ))
		return -EFAULT;
	object = vma->vm_file ? (const void *)vma->vm_file->inode : vma->vm_private_data;
	if ((vma->vm_flags & VM_MAYSHARE) && object) {
		/* The object, and the byte's offset in it: the same in every mapping. */
		key->object = object;
		key->offset = (vma->vm_pgoff << PAGE_SHIFT) + (uaddr - vma->vm_start);
		futex_trace("pid %d 0x%08x shared: key (%s %p, 0x%x)\n", current->pid,
			    uaddr, vma->vm_ops ? vma->vm_ops->name : "object",
			    key->object, key->offset);
	} else {
		key->offset |= FUT_OFF_MMSHARED;
		futex_trace("pid %d 0x%08x shared, in private memory: key (mm %p, 0x%x)\n",
			    current->pid, uaddr, key->object, key->offset);
	}
	return 0;
}

/*
 * get_futex_key's second try, for a shared word no VMA holds yet:
 * fault_in_user says whether one can (the stack grows down to it) or it is
 * EFAULT, as Linux's get_user_pages.  Out of line: rare.
 */
static __attribute__((noinline)) int get_futex_key_fault(uint32_t uaddr,
		struct futex_key *key)
{
	if (uaddr > TASK_SIZE - sizeof(uint32_t) ||
	    fault_in_user(uaddr, sizeof(uint32_t), 0))
		return -EFAULT;
	return __get_futex_key(uaddr, 1, key);
}

/*
 * The key, for a system call.  In line in each caller, as __get_futex_key
 * in it: a FUTEX_WAIT or FUTEX_WAKE makes no call for its key but
 * find_vma's.
 */
static inline __attribute__((always_inline)) int get_futex_key(uint32_t uaddr,
		int shared, struct futex_key *key)
{
	int err = __get_futex_key(uaddr, shared, key);

	if (err == -EFAULT && shared)
		err = get_futex_key_fault(uaddr, key);
	return err;
}

/*
 * Reads the word, in one load: user code on another CPU may be changing
 * it.  The page is made present first, as a user's read would; the word
 * is aligned, so it lies in one page, and when that page is there the
 * check is one look at its entry (get_user_u32).
 */
static int get_futex_value(uint32_t *val, uint32_t uaddr)
{
	return get_user_u32(val, uaddr);
}

/*
 * What restart_syscall will go on with (futex_wait_restart): a timed wait
 * a signal stopped, its deadline kept on its own clock (clockrt: the wall
 * clock, which may step before the restart).  Out of line: the
 * ping-pong's waits never come here.
 */
static __attribute__((noinline)) long futex_restart_later(uint32_t uaddr,
		int shared, uint32_t val, uint64_t expires, int clockrt,
		uint32_t bitset)
{
	current->restart_block = (struct restart_block){
		.armed = 1, .fn = futex_wait_restart, .uaddr = uaddr, .val = val,
		.bitset = bitset, .shared = shared,
		.clock = clockrt ? CLOCK_REALTIME : CLOCK_MONOTONIC,
		.deadline = clockrt ? ktime_to_realtime(expires) : expires };
	return -ERESTART_RESTARTBLOCK;
}

/*
 * A wait's first half (Linux's futex_wait_setup): q's key; then, if the
 * word still holds val, q is queued (0), else EAGAIN: the caller looks at
 * its word again.  From the read of the word to the sleep no other task
 * runs, so a waker that changed the word after our read finds q queued.
 */
static inline __attribute__((always_inline)) int futex_wait_setup(uint32_t uaddr,
		int shared, uint32_t val, struct futex_q *q)
{
	/* LAB futex: q's key; EFAULT, or EAGAIN if the word no longer holds val; q queued */
	uint32_t uval;
	int err;

	if ((err = get_futex_key(uaddr, shared, &q->key)))
		return err;
	if (get_futex_value(&uval, uaddr))
		return -EFAULT;
	if (uval != val)
		return -EAGAIN;
	queue_me(q, hash_futex(&q->key));
	return 0;
	/* LAB futex END; stub: return -ENOSYS; */
}

/*
 * FUTEX_WAIT and FUTEX_WAIT_BITSET: sleep if the word still holds val,
 * until a FUTEX_WAKE whose bitset meets ours, a signal, or the deadline
 * expires (ktime_ns; 0: none), which an hrtimer keeps to the microsecond
 * (kernel/hrtimer.c) and, if clockrt, on the wall clock across its steps.
 * Inlined into its two callers (do_futex, futex_wait_restart): a call
 * would cost every wait of a ping-pong 30 instructions.
 */
static inline __attribute__((always_inline)) long futex_wait(uint32_t uaddr,
		int shared, uint32_t val, uint64_t expires, int clockrt,
		uint32_t bitset)
{
	struct futex_q q = { .bitset = bitset, .task = current };
	struct hrtimer_sleeper timeout;
	int err;

	if (!bitset)
		return -EINVAL;
	if ((err = futex_wait_setup(uaddr, shared, val, &q)))
		return err;
	if (expires)
		hrtimer_start(&timeout, expires, clockrt);
	for (;;) {
		err = expires ? hrtimer_sleep_on(&q, &timeout) : sleep_on(&q, NULL, 0);
		if (!q.pprev) {
			err = 0;	/* a waker took us off the queue */
			break;
		}
		if (err)
			break;		/* a signal */
		if (expires && timeout.done) {
			err = -ETIMEDOUT;
			break;
		}
	}
	if (expires)
		hrtimer_cancel(&timeout);
	if (q.pprev)	/* a FUTEX_REQUEUE may have moved q to another bucket */
		unqueue(&q, hash_futex(&q.key));
	/*
	 * A signal: an untimed wait is run again after a SA_RESTART handler
	 * or none (ERESTARTSYS); a timed one fails EINTR after any handler and
	 * goes on to the same deadline when none ran (a stop and a SIGCONT):
	 * restart_syscall runs futex_wait_restart.
	 */
	if (err == -EINTR && !expires)
		return -ERESTARTSYS;
	if (err == -EINTR)	/* timeout.expires: moved by the clock's steps */
		return futex_restart_later(uaddr, shared, val, timeout.expires,
					   clockrt, bitset);
	return err;
}

/* restart_syscall after a timed wait a signal stopped: the rest of the wait. */
long futex_wait_restart(struct restart_block *rb)
{
	int clockrt = rb->clock == CLOCK_REALTIME;

	return futex_wait(rb->uaddr, rb->shared, rb->val,
			  clockrt ? realtime_to_ktime(rb->deadline) : rb->deadline,
			  clockrt, rb->bitset);
}

/* At most nr (at least one) waiters of key whose bitset meets ours. */
static int futex_wake_key(const struct futex_key *key, int nr, uint32_t bitset)
{
	/* LAB futex: oldest first, wake_futex up to nr of key's waiters whose bitset meets ours */
	struct futex_bucket *hb = hash_futex(key);
	struct futex_q *q, *next;
	int woken = 0;

	for (q = hb->head; q; q = next) {
		next = q->next;
		if (!key_equal(&q->key, key) || !(q->bitset & bitset))
			continue;
		wake_futex(q, hb);
		if (++woken >= nr)
			break;
	}
	return woken;
	/* LAB futex END; stub: return 0; */
}

/* Whether a PI waiter (bitset 0: FUTEX_LOCK_PI's, FUTEX_WAIT_REQUEUE_PI's) sleeps on key. */
static int pi_waits_on(const struct futex_key *key)
{
	for (struct futex_q *q = hash_futex(key)->head; q; q = q->next)
		if (!q->bitset && key_equal(&q->key, key))
			return 1;
	return 0;
}

/*
 * FUTEX_WAKE and FUTEX_WAKE_BITSET.  A shared key came from the VMA alone;
 * Linux's also needs the page to be there (a file truncated under the
 * mapping: EFAULT).  Asked only when nobody was woken, so that the fast
 * path, a wake that finds its waiter, looks at no page (a waiter means the
 * page was there when it went to sleep); so is whether the word's
 * sleepers are PI waiters, which no FUTEX_WAKE may wake (EINVAL).
 */
static inline __attribute__((always_inline)) long futex_wake(uint32_t uaddr,
		int shared, int nr, uint32_t bitset)
{
	struct futex_key key;
	int err;

	if (!bitset)
		return -EINVAL;
	if ((err = get_futex_key(uaddr, shared, &key)))
		return err;
	if ((err = futex_wake_key(&key, nr, bitset)) == 0) {
		if (shared && fault_in_user(uaddr, sizeof(uint32_t), 0))
			return -EFAULT;
		if (pi_waits_on(&key))
			return -EINVAL;
	}
	return err;
}

/*
 * At exit and exec (clear_child_tid, robust futexes): a shared wake of a
 * word the task has just written, so its VMA is there.  It faults nothing
 * in: exit's path, which a trap from the kernel can take, stays shallow
 * (scripts/stackcheck).
 */
int futex_wake_shared(uint32_t uaddr, int nr)
{
	struct futex_key key;
	int err;

	if ((err = __get_futex_key(uaddr, 1, &key)))
		return err;
	return futex_wake_key(&key, nr, FUTEX_BITSET_MATCH_ANY);
}

/*
 * FUTEX_REQUEUE and FUTEX_CMP_REQUEUE: wake nr_wake waiters of uaddr1 and
 * move up to nr_requeue more to uaddr2, without waking them (a condition
 * variable's broadcast moves its waiters onto the mutex, to be woken one
 * by one as it is unlocked).  CMP_REQUEUE first checks that the word at
 * uaddr1 still holds *cmpval (EAGAIN otherwise).  Returns how many were
 * woken or moved.
 */
static long futex_requeue(uint32_t uaddr1, int shared, uint32_t uaddr2,
			  int nr_wake, int nr_requeue, const uint32_t *cmpval)
{
	struct futex_key key1, key2;
	struct futex_bucket *hb1, *hb2;
	struct futex_q *q, *next;
	uint32_t curval;
	int err, count = 0;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	if ((err = get_futex_key(uaddr1, shared, &key1)) ||
	    (err = get_futex_key(uaddr2, shared, &key2)))
		return err;
	if (cmpval) {
		if (get_futex_value(&curval, uaddr1))
			return -EFAULT;
		if (curval != *cmpval)
			return -EAGAIN;
	}
	hb1 = hash_futex(&key1);
	hb2 = hash_futex(&key2);
	for (q = hb1->head; q && count - nr_wake < nr_requeue; q = next) {
		next = q->next;
		if (!key_equal(&q->key, &key1))
			continue;
		if (!q->bitset)		/* a PI waiter: FUTEX_CMP_REQUEUE_PI's */
			return -EINVAL;
		if (++count <= nr_wake) {
			wake_futex(q, hb1);
			continue;
		}
		/*
		 * Still asleep, now on uaddr2's word: its wait goes on there.
		 * In the same bucket it keeps its place (and the walk never
		 * meets it again).
		 */
		q->key = key2;
		if (hb1 != hb2) {
			unqueue(q, hb1);
			queue_me(q, hb2);
		}
	}
	return count;
}

/*
 * FUTEX_WAKE_OP's encoded op: what to do to the word at uaddr2 (SET, ADD,
 * OR, ANDN, XOR with oparg, or 1 << oparg with FUTEX_OP_OPARG_SHIFT), and
 * how to compare its old value with cmparg.  Returns the comparison (0 or
 * 1), -EFAULT, or -ENOSYS for an unknown op or comparison (an unknown
 * comparison after the word was changed, as on Linux).
 */
static int futex_atomic_op_inuser(uint32_t encoded_op, uint32_t uaddr)
{
	uint32_t op = (encoded_op >> 28) & 7, cmp = (encoded_op >> 24) & 15;
	int32_t oparg = (int32_t)(encoded_op << 8) >> 20;	/* 12 bits, signed */
	int32_t cmparg = (int32_t)(encoded_op << 20) >> 20;
	uint32_t oldval, newval, curval;

	if (encoded_op & 0x80000000u)			/* FUTEX_OP_OPARG_SHIFT */
		oparg = 1 << (oparg & 31);
	if (op > 4)
		return -ENOSYS;
	if (get_futex_value(&oldval, uaddr))
		return -EFAULT;
	/*
	 * A locked compare-and-exchange, again until the word did not change
	 * between the read and the write: a thread on another CPU may change
	 * it in user mode at any moment (Linux's arch_futex_atomic_op_inuser).
	 */
	for (;;) {
		switch (op) {
		case 0: newval = oparg; break;			/* FUTEX_OP_SET */
		case 1: newval = oldval + oparg; break;		/* FUTEX_OP_ADD */
		case 2: newval = oldval | oparg; break;		/* FUTEX_OP_OR */
		case 3: newval = oldval & ~oparg; break;	/* FUTEX_OP_ANDN */
		default: newval = oldval ^ oparg; break;	/* FUTEX_OP_XOR */
		}
		if (futex_cmpxchg_user(&curval, uaddr, oldval, newval))
			return -EFAULT;
		if (curval == oldval)
			break;
		oldval = curval;
	}
	switch (cmp) {
	case 0: return (int32_t)oldval == cmparg;	/* FUTEX_OP_CMP_EQ */
	case 1: return (int32_t)oldval != cmparg;	/* FUTEX_OP_CMP_NE */
	case 2: return (int32_t)oldval < cmparg;	/* FUTEX_OP_CMP_LT */
	case 3: return (int32_t)oldval <= cmparg;	/* FUTEX_OP_CMP_LE */
	case 4: return (int32_t)oldval > cmparg;	/* FUTEX_OP_CMP_GT */
	case 5: return (int32_t)oldval >= cmparg;	/* FUTEX_OP_CMP_GE */
	}
	return -ENOSYS;
}

/*
 * FUTEX_WAKE_OP: change the word at uaddr2, wake nr_wake waiters of
 * uaddr1 and, if the comparison with the old value held, nr_wake2 of
 * uaddr2: glibc's condition variables once unlocked the mutex and woke
 * a waiter in one call.
 */
static long futex_wake_op(uint32_t uaddr1, int shared, uint32_t uaddr2,
			  int nr_wake, int nr_wake2, uint32_t op)
{
	struct futex_key key1, key2;
	struct futex_bucket *hb;
	struct futex_q *q, *next;
	int err, op_ret, woken = 0, woken2 = 0;

	if ((err = get_futex_key(uaddr1, shared, &key1)) ||
	    (err = get_futex_key(uaddr2, shared, &key2)))
		return err;
	if ((op_ret = futex_atomic_op_inuser(op, uaddr2)) < 0)
		return op_ret;
	hb = hash_futex(&key1);
	for (q = hb->head; q && woken < nr_wake; q = next) {
		next = q->next;
		if (!key_equal(&q->key, &key1))
			continue;
		if (!q->bitset)
			return -EINVAL;		/* a PI waiter */
		wake_futex(q, hb);
		woken++;
	}
	hb = hash_futex(&key2);
	for (q = hb->head; op_ret && q && woken2 < nr_wake2; q = next) {
		next = q->next;
		if (!key_equal(&q->key, &key2))
			continue;
		if (!q->bitset)
			return -EINVAL;
		wake_futex(q, hb);
		woken2++;
	}
	return woken + woken2;
}

/* ---- priority-inheritance futexes: the kernel hands the lock over ---- */

/*
 * A PI futex is a lock whose word says who holds it: 0 when free, else the
 * owner's tid, with FUTEX_WAITERS when someone sleeps on it (then its
 * unlock must come to the kernel) and FUTEX_OWNER_DIED when an owner died
 * holding it.  User space takes a free lock with cmpxchg(0 -> tid) and
 * gives an uncontended one back with cmpxchg(tid -> 0); the kernel is
 * needed for the rest (Linux's kernel/futex/pi.c):
 *
 *  - FUTEX_LOCK_PI sets FUTEX_WAITERS, finds the owner by its tid (ESRCH if
 *    no such task lives) and sleeps behind it; FUTEX_TRYLOCK_PI does not
 *    sleep (EAGAIN).  Either takes a lock whose tid is 0, keeping
 *    FUTEX_OWNER_DIED for glibc to report EOWNERDEAD.
 *  - FUTEX_UNLOCK_PI (EPERM if the word is not the caller's) writes the
 *    first waiter's tid into the word and wakes it: the lock passes from
 *    hand to hand and no third task can take it in between, which a plain
 *    futex's wake allows.
 *  - An owner that exits or execs hands each such lock to its first waiter
 *    with FUTEX_OWNER_DIED (exit_pi_state_list).
 *
 * The inheritance itself: Linux runs the owner at the best priority among
 * its waiters (an rt_mutex), so that a low-priority owner is not starved
 * by a middle one while a high one waits.  Priorities that matter are the
 * real-time policies', and shmos has none (kernel/sys_sched.c: every task
 * is SCHED_OTHER, and Linux queues SCHED_OTHER waiters first come, first
 * served).  So there is nothing to boost: what remains is the hand-over,
 * the FIFO queue, and Linux's deadlock check (EDEADLK when the chain of
 * owners leads back to the caller).
 *
 * A PI waiter is a futex_q with bitset 0, which no FUTEX_WAKE matches,
 * first member of a struct futex_pi_waiter that says whose lock it waits
 * for.  FUTEX_WAIT_REQUEUE_PI waits the same way on a plain word (a
 * condition variable) until FUTEX_CMP_REQUEUE_PI either takes the PI lock
 * for it or moves it onto the lock's queue.
 */
struct futex_pi_waiter {
	struct futex_q q;			/* first: a PI futex_q is one of these */
	struct task *owner;			/* whose lock it waits for; NULL before a requeue */
	const struct futex_key *requeue_pi_key;	/* FUTEX_WAIT_REQUEUE_PI's lock, until requeued */
	uint32_t uaddr;				/* the lock word in its own address space */
	int fixup;				/* handed a dead owner's lock: write its tid itself */
};

#define MAX_LOCK_DEPTH	1024	/* Linux's max_lock_depth: owners followed for EDEADLK */

static struct futex_pi_waiter *pi_waiter(struct futex_q *q)
{
	return q->bitset ? NULL : (struct futex_pi_waiter *)q;
}

/* The first task sleeping on the PI lock key, or NULL. */
static struct futex_pi_waiter *pi_top_waiter(const struct futex_key *key)
{
	for (struct futex_q *q = hash_futex(key)->head; q; q = q->next) {
		struct futex_pi_waiter *pw = pi_waiter(q);

		if (pw && pw->owner && key_equal(&q->key, key))
			return pw;
	}
	return NULL;
}

/* The PI lock t sleeps on, or NULL. */
static struct futex_pi_waiter *pi_blocked_on(const struct task *t)
{
	for (int i = 0; i < FUTEX_HASH_SIZE; i++)
		for (struct futex_q *q = futex_queues[i].head; q; q = q->next)
			if (q->task == t && pi_waiter(q) && pi_waiter(q)->owner)
				return pi_waiter(q);
	return NULL;
}

/*
 * Whether task sleeping behind owner would close a circle: owner sleeps
 * on a lock of a task that sleeps ... on a lock of task (Linux's rt_mutex
 * chain walk, which also gives up past max_lock_depth).
 */
static int pi_deadlock(const struct task *task, const struct task *owner)
{
	struct futex_pi_waiter *pw;

	for (int depth = 0; depth < MAX_LOCK_DEPTH; depth++) {
		if (owner == task)
			return 1;
		if (!(pw = pi_blocked_on(owner)))
			return 0;
		owner = pw->owner;
	}
	return 1;
}

/* The live task whose tid the word holds (Linux's attach_to_pi_owner), or NULL. */
static struct task *pi_find_owner(uint32_t uval)
{
	struct task *p = find_task(uval & FUTEX_TID_MASK);

	/* No mm: it has exited or is exiting, and has handed its locks over. */
	return p && p->mm && p->state != TASK_ZOMBIE ? p : NULL;
}

/*
 * Tries to take the PI lock at uaddr for task (Linux's
 * futex_lock_pi_atomic): 1 if it did (the word is task's tid, with
 * FUTEX_WAITERS if set_waiters), 0 if task must wait behind *owner (the
 * word has FUTEX_WAITERS now), or EDEADLK (task holds it), ESRCH (its
 * owner is gone), EINVAL (the word disagrees with the waiters' owner),
 * EFAULT.
 */
static int futex_lock_pi_atomic(uint32_t uaddr, const struct futex_key *key,
				struct task *task, int set_waiters,
				struct task **owner)
{
	struct futex_pi_waiter *top;
	uint32_t uval, newval, curval;

	if (get_futex_value(&uval, uaddr))
		return -EFAULT;
	for (;;) {
		if ((uval & FUTEX_TID_MASK) == (uint32_t)task->pid)
			return -EDEADLK;
		if ((top = pi_top_waiter(key))) {
			/*
			 * Others wait already: the word must name their owner,
			 * unless that one was handed a dead owner's lock and has
			 * not run yet to write its tid (pi_fixup_owner).
			 */
			if ((uval & FUTEX_TID_MASK) != (uint32_t)top->owner->pid &&
			    pi_find_owner(uval))
				return -EINVAL;
			*owner = top->owner;
			return 0;
		}
		if (!(uval & FUTEX_TID_MASK))	/* free: ours, a dead owner's mark kept */
			newval = (uval & FUTEX_OWNER_DIED) | task->pid |
				 (set_waiters ? FUTEX_WAITERS : 0);
		else
			newval = uval | FUTEX_WAITERS;
		if (futex_cmpxchg_user(&curval, uaddr, uval, newval))
			return -EFAULT;
		if (curval == uval)
			break;
		uval = curval;		/* user space changed it meanwhile: again */
	}
	if (!(uval & FUTEX_TID_MASK))
		return 1;
	*owner = pi_find_owner(uval);
	return *owner ? 0 : -ESRCH;
}

/*
 * Writes newval into the lock word at uaddr, whatever it held (the
 * caller's lock, as user space may have added FUTEX_WAITERS to it);
 * nofault, on exit's path, if its page is there already.
 */
static int pi_write_word(uint32_t uaddr, uint32_t newval, int nofault)
{
	uint32_t uval = newval, curval;
	int err;

	for (;;) {
		err = nofault ? futex_cmpxchg_user_nofault(&curval, uaddr, uval, newval) :
				futex_cmpxchg_user(&curval, uaddr, uval, newval);
		if (err || curval == uval)
			return err;
		uval = curval;
	}
}

/*
 * The lock passes to pw, whose tid goes into the word at uaddr in
 * current's address space (died: its owner died holding it, as the word
 * will say; the word is written only if present then).  If that cannot be
 * done (the word is in another process's memory), pw writes it itself when
 * it runs.  Its other waiters now wait for pw's task.
 */
static void pi_hand_over(struct futex_pi_waiter *pw, uint32_t uaddr, int died)
{
	struct task *next = pw->q.task;
	uint32_t newval = next->pid | FUTEX_WAITERS | (died ? FUTEX_OWNER_DIED : 0);
	struct futex_bucket *hb = hash_futex(&pw->q.key);

	if (!uaddr || pi_write_word(uaddr, newval, died))
		pw->fixup = 1;
	for (struct futex_q *q = hb->head; q; q = q->next)
		if (pi_waiter(q) && pi_waiter(q)->owner && key_equal(&q->key, &pw->q.key))
			pi_waiter(q)->owner = next;
	wake_futex(&pw->q, hb);
}

/*
 * A waiter handed the lock of an owner that died in another process
 * writes the word itself: its tid, waiters, and the owner's death.
 */
static void pi_fixup_owner(struct futex_pi_waiter *pw)
{
	if (pw->fixup)
		pi_write_word(pw->uaddr, current->pid | FUTEX_WAITERS |
			      FUTEX_OWNER_DIED, 0);
}

/*
 * Sleeps, queued, until the lock is handed over (0: pw's task owns it),
 * the deadline (ETIMEDOUT) or a signal (EINTR); off the queue in every
 * case.
 */
static int futex_pi_sleep(struct futex_pi_waiter *pw, uint64_t expires,
			  int clockrt)
{
	struct hrtimer_sleeper timeout;
	int err;

	if (expires)
		hrtimer_start(&timeout, expires, clockrt);
	for (;;) {
		err = expires ? hrtimer_sleep_on(&pw->q, &timeout) :
				sleep_on(&pw->q, NULL, 0);
		if (!pw->q.pprev) {
			err = 0;	/* handed the lock */
			break;
		}
		if (err)
			break;
		if (expires && timeout.done) {
			err = -ETIMEDOUT;
			break;
		}
	}
	if (expires)
		hrtimer_cancel(&timeout);
	if (pw->q.pprev)
		unqueue(&pw->q, hash_futex(&pw->q.key));
	else
		pi_fixup_owner(pw);
	return err;
}

/*
 * FUTEX_LOCK_PI, FUTEX_LOCK_PI2 and FUTEX_TRYLOCK_PI.  A lock wait that a
 * signal stops is run again, handler or not (ERESTARTNOINTR): its deadline
 * is absolute and in the arguments.  The FUTEX_WAITERS bit stays after a
 * timeout; the owner's unlock then finds nobody and clears the word.
 */
static long futex_lock_pi(uint32_t uaddr, int shared, uint64_t expires,
			  int clockrt, int trylock)
{
	struct futex_pi_waiter pw = { .q = { .task = current }, .uaddr = uaddr };
	int err;

	if ((err = get_futex_key(uaddr, shared, &pw.q.key)))
		return err;
	err = futex_lock_pi_atomic(uaddr, &pw.q.key, current, 0, &pw.owner);
	if (err)
		return err > 0 ? 0 : err;
	if (trylock)
		return -EAGAIN;
	if (pi_deadlock(current, pw.owner))
		return -EDEADLK;
	queue_me(&pw.q, hash_futex(&pw.q.key));
	err = futex_pi_sleep(&pw, expires, clockrt);
	return err == -EINTR ? -ERESTARTNOINTR : err;
}

/*
 * FUTEX_UNLOCK_PI: only the owner may (EPERM); the first waiter gets the
 * lock, or the word becomes 0 (its FUTEX_OWNER_DIED goes: the unlocker
 * has dealt with it).
 */
static long futex_unlock_pi(uint32_t uaddr, int shared)
{
	struct futex_pi_waiter *top;
	struct futex_key key;
	uint32_t uval, curval;
	int err;

	if (get_futex_value(&uval, uaddr))
		return -EFAULT;
	for (;;) {
		if ((uval & FUTEX_TID_MASK) != (uint32_t)current->pid)
			return -EPERM;
		if ((err = get_futex_key(uaddr, shared, &key)))
			return err;
		if ((top = pi_top_waiter(&key))) {
			pi_hand_over(top, uaddr, 0);
			return 0;
		}
		if (futex_cmpxchg_user(&curval, uaddr, uval, 0))
			return -EFAULT;
		if (curval == uval)
			return 0;
		uval = curval;
	}
}

/*
 * FUTEX_WAIT_REQUEUE_PI: FUTEX_WAIT on the plain word at uaddr (a
 * condition variable) until FUTEX_CMP_REQUEUE_PI takes the PI lock at
 * uaddr2 for us, or moves us to its queue, whose hand-over then gives it
 * to us: 0 means we own uaddr2 (Linux ignores val3, the bitset).  A signal before the requeue runs the call
 * again (whose value then differs: EAGAIN); after it, EAGAIN at once, as
 * Linux saves the restart.
 */
static long futex_wait_requeue_pi(uint32_t uaddr, int shared, uint32_t val,
				  uint64_t expires, int clockrt, uint32_t uaddr2)
{
	struct futex_key key2;
	struct futex_pi_waiter pw = { .q = { .task = current },
				      .requeue_pi_key = &key2, .uaddr = uaddr2 };
	int err;

	if (uaddr == uaddr2)
		return -EINVAL;
	if ((err = get_futex_key(uaddr2, shared, &key2)))
		return err;
	if ((err = futex_wait_setup(uaddr, shared, val, &pw.q)))
		return err;
	if (key_equal(&pw.q.key, &key2)) {
		unqueue(&pw.q, hash_futex(&pw.q.key));
		return -EINVAL;
	}
	err = futex_pi_sleep(&pw, expires, clockrt);
	if (err == -EINTR)
		return pw.requeue_pi_key ? -ERESTARTNOINTR : -EAGAIN;
	return err;
}

/*
 * FUTEX_CMP_REQUEUE_PI: if the word at uaddr1 still holds cmpval, the PI
 * lock at uaddr2 is taken for uaddr1's first waiter if it is free (that
 * one wakes owning it), and up to nr_requeue (one more if the lock was
 * not free) are moved to the lock's queue.  nr_wake must be 1; every
 * waiter must be a FUTEX_WAIT_REQUEUE_PI one for uaddr2 (EINVAL).
 * Returns how many were woken or moved.
 */
static long futex_cmp_requeue_pi(uint32_t uaddr1, int shared, uint32_t uaddr2,
				 int nr_wake, int nr_requeue, uint32_t cmpval)
{
	struct futex_key key1, key2;
	struct futex_bucket *hb1, *hb2;
	struct futex_pi_waiter *pw;
	struct futex_q *q, *next;
	struct task *owner = NULL;
	uint32_t curval;
	int err, count = 0;

	if (nr_wake < 0 || nr_requeue < 0 || nr_wake != 1)
		return -EINVAL;
	if ((err = get_futex_key(uaddr1, shared, &key1)) ||
	    (err = get_futex_key(uaddr2, shared, &key2)))
		return err;
	if (key_equal(&key1, &key2))
		return -EINVAL;
	if (get_futex_value(&curval, uaddr1))
		return -EFAULT;
	if (curval != cmpval)
		return -EAGAIN;
	hb1 = hash_futex(&key1);
	hb2 = hash_futex(&key2);
	for (q = hb1->head; q && !key_equal(&q->key, &key1); q = q->next)
		;
	if (q) {		/* the first waiter: the lock for it, if free */
		pw = pi_waiter(q);
		if (!pw || !pw->requeue_pi_key || !key_equal(pw->requeue_pi_key, &key2))
			return -EINVAL;
		err = futex_lock_pi_atomic(uaddr2, &key2, q->task, nr_requeue > 0, &owner);
		if (err < 0)
			return err;
		if (err) {	/* taken for it: it wakes owning the lock */
			owner = q->task;
			wake_futex(q, hb1);
			count++;
		}
	}
	for (q = hb1->head; q && count - nr_wake < nr_requeue; q = next) {
		next = q->next;
		if (!key_equal(&q->key, &key1))
			continue;
		pw = pi_waiter(q);
		if (!pw || !pw->requeue_pi_key || !key_equal(pw->requeue_pi_key, &key2))
			return -EINVAL;
		if (pi_deadlock(q->task, owner))
			return -EDEADLK;
		/* Now a waiter of the lock, still asleep. */
		pw->requeue_pi_key = NULL;
		pw->owner = owner;
		q->key = key2;
		unqueue(q, hb1);
		queue_me(q, hb2);
		count++;
	}
	return count;
}

/*
 * At exit and exec, after the robust list: each PI lock t still holds and
 * someone waits for goes to its first waiter, marked FUTEX_OWNER_DIED
 * (Linux's exit_pi_state_list).  A waiter in t's address space has its
 * word written here; one in another process writes its own.
 */
void exit_pi_state_list(struct task *t)
{
	struct futex_pi_waiter *pw;

	for (int i = 0; i < FUTEX_HASH_SIZE; i++) {
		struct futex_q *q = futex_queues[i].head, *next;

		for (; q; q = next) {
			next = q->next;
			pw = pi_waiter(q);
			if (!pw || pw->owner != t)
				continue;
			pi_hand_over(pw, q->task->mm == t->mm ? pw->uaddr : 0, 1);
			next = futex_queues[i].head;	/* the list changed: from the top */
		}
	}
}

/* The deadline is on the wall clock, and follows its steps (kernel/hrtimer.c). */
static int futex_clockrt(int cmd, int op)
{
	return (op & FUTEX_CLOCK_REALTIME) || cmd == FUTEX_LOCK_PI;
}

static int has_timeout(int cmd)
{
	return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET ||
	       cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2 ||
	       cmd == FUTEX_WAIT_REQUEUE_PI;
}

/*
 * The user's timeout as a deadline on the monotonic clock (ktime_ns; never
 * 0, which is "none").  FUTEX_WAIT's is relative; FUTEX_LOCK_PI's a time on
 * the real-time clock; the others' (FUTEX_WAIT_BITSET, FUTEX_LOCK_PI2,
 * FUTEX_WAIT_REQUEUE_PI) a time on the monotonic clock, or on the
 * real-time clock with FUTEX_CLOCK_REALTIME.
 */
static int futex_init_timeout(int cmd, int op, const void *utime, int is64,
			      uint64_t *expires)
{
	uint64_t ns;
	int err;

	if ((err = get_timespec(utime, is64, &ns)))
		return err;
	if (cmd == FUTEX_WAIT)
		*expires = ktime_ns() + ns;
	else if (futex_clockrt(cmd, op))
		*expires = realtime_to_ktime(ns);
	else
		*expires = ns ? ns : 1;		/* 1: long past */
	return 0;
}

/*
 * Linux's sys_futex then do_futex, in their order of checks.  In line in
 * its two callers: each call of a ping-pong saves the passing on of seven
 * arguments (20 instructions).
 */
static inline __attribute__((always_inline)) long do_futex(uint32_t uaddr,
		int op, uint32_t val, const void *utime, uint32_t uaddr2,
		uint32_t val3, int is64)
{
	int cmd = op & FUTEX_CMD_MASK, shared = !(op & FUTEX_PRIVATE_FLAG);
	uint64_t expires = 0;
	int err;

	if (utime && has_timeout(cmd) &&
	    (err = futex_init_timeout(cmd, op, utime, is64, &expires)))
		return err;
	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT_REQUEUE_PI &&
	    cmd != FUTEX_LOCK_PI2)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		return futex_wait(uaddr, shared, val, expires, futex_clockrt(cmd, op), val3);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, shared, val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, shared, uaddr2, val, (int)utime, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, shared, uaddr2, val, (int)utime, &val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, shared, uaddr2, val, (int)utime, val3);
	case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2:
		return futex_lock_pi(uaddr, shared, expires, futex_clockrt(cmd, op), 0);
	case FUTEX_TRYLOCK_PI:
		return futex_lock_pi(uaddr, shared, 0, 0, 1);
	case FUTEX_UNLOCK_PI:
		return futex_unlock_pi(uaddr, shared);
	case FUTEX_WAIT_REQUEUE_PI:
		return futex_wait_requeue_pi(uaddr, shared, val, expires,
					     futex_clockrt(cmd, op), uaddr2);
	case FUTEX_CMP_REQUEUE_PI:
		return futex_cmp_requeue_pi(uaddr, shared, uaddr2, val, (int)utime, val3);
	}
	return -ENOSYS;		/* FUTEX_FD (gone) */
}

/* futex (240): the timeout is a 32-bit timespec; futex_time64 (422): 64-bit. */
long sys_futex(uint32_t uaddr, int op, uint32_t val, const void *utime,
	       uint32_t uaddr2, uint32_t val3)
{
	return do_futex(uaddr, op, val, utime, uaddr2, val3, 0);
}

long sys_futex_time64(uint32_t uaddr, int op, uint32_t val, const void *utime,
		      uint32_t uaddr2, uint32_t val3)
{
	return do_futex(uaddr, op, val, utime, uaddr2, val3, 1);
}

/* ---- futex_waitv: waiting on several words at once (Linux 5.16) ---- */

#define FUTEX_WAITV_MAX		128
#define FUTEX2_SIZE_U32		0x02
#define FUTEX2_SIZE_MASK	0x03
#define FUTEX2_PRIVATE		FUTEX_PRIVATE_FLAG
/* The user's description of one word (struct futex_waitv, 24 bytes on every ABI). */
struct futex_waitv {
	uint64_t val;
	uint64_t uaddr;
	uint32_t flags;
	uint32_t __reserved;
};

/* One word of a futex_waitv: what it must hold, and its waiter. */
struct futex_vector {
	uint32_t uaddr;
	uint32_t val;
	struct futex_q q;
};
_Static_assert(FUTEX_WAITV_MAX * sizeof(struct futex_vector) <= PAGE_SIZE,
	       "a page holds the most words");

/*
 * Reads the user's array into vs and computes the keys (Linux's
 * futex_parse_waitv and the first loop of futex_wait_multiple_setup):
 * EFAULT, or EINVAL for a flag but the 32-bit size and the private bit, a
 * reserved word that is not 0, a value too big for 32 bits, a misaligned
 * word; EFAULT for a word outside user memory.
 */
static int futex_parse_waitv(struct futex_vector *vs,
			     const struct futex_waitv *uwaitv, uint32_t nr)
{
	struct futex_waitv aux;
	int err;

	for (uint32_t i = 0; i < nr; i++) {
		if (copy_from_user(&aux, &uwaitv[i], sizeof(aux)))
			return -EFAULT;
		if ((aux.flags & ~(FUTEX2_SIZE_MASK | FUTEX2_PRIVATE)) ||
		    aux.__reserved ||
		    (aux.flags & FUTEX2_SIZE_MASK) != FUTEX2_SIZE_U32 ||
		    aux.val > 0xffffffffull)
			return -EINVAL;
		vs[i].uaddr = (uint32_t)aux.uaddr;	/* an i386 pointer: the low word */
		vs[i].val = aux.val;
		vs[i].q = (struct futex_q){ .bitset = FUTEX_BITSET_MATCH_ANY,
					    .task = current };
		if ((err = get_futex_key(vs[i].uaddr, !(aux.flags & FUTEX2_PRIVATE),
					 &vs[i].q.key)))
			return err;
	}
	return 0;
}

/*
 * Takes the still queued waiters of vs[0..n) off their queues; the index
 * of the last one a waker had taken off, or -1 (Linux's
 * futex_unqueue_multiple).
 */
static int futex_unqueue_multiple(struct futex_vector *vs, uint32_t n)
{
	int woken = -1;

	for (uint32_t i = 0; i < n; i++) {
		if (vs[i].q.pprev)
			unqueue(&vs[i].q, hash_futex(&vs[i].q.key));
		else
			woken = i;
	}
	return woken;
}

/*
 * Queues a waiter on each word that still holds its value (Linux's
 * futex_wait_multiple_setup): 0; or EAGAIN (EFAULT if a word cannot be
 * read), with none left queued.  Reading a word may fault and let others
 * run, so one queued before may have been woken already: then 1, and
 * *woken is its index.
 */
static int futex_wait_multiple_setup(struct futex_vector *vs, uint32_t nr,
				     int *woken)
{
	uint32_t uval;

	for (uint32_t i = 0; i < nr; i++) {
		int err = get_futex_value(&uval, vs[i].uaddr);

		if (!err && uval == vs[i].val) {
			queue_me(&vs[i].q, hash_futex(&vs[i].q.key));
			continue;
		}
		if ((*woken = futex_unqueue_multiple(vs, i)) >= 0)
			return 1;	/* woken in between: as good as a wake */
		return err ? err : -EAGAIN;
	}
	return 0;
}

/*
 * futex_waitv (449): sleep until a FUTEX_WAKE of any of nr words, each
 * with the value it must still hold; returns the index of a word woken
 * (the last one, if several were), ETIMEDOUT at the absolute timeout on
 * clockid, or ERESTARTSYS for a signal.  Linux's checks, in its order.
 */
long sys_futex_waitv(const struct futex_waitv *uwaitv, uint32_t nr,
		     uint32_t flags, const void *timeout, int clockid)
{
	struct hrtimer_sleeper timer;
	struct futex_vector *vs;
	uint64_t expires = 0;
	int woken, err;
	long ret;

	if (flags || !nr || nr > FUTEX_WAITV_MAX || !uwaitv)
		return -EINVAL;
	if (timeout) {
		if (clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC)
			return -EINVAL;
		if ((ret = futex_init_timeout(FUTEX_WAIT_BITSET,
				clockid == CLOCK_REALTIME ? FUTEX_CLOCK_REALTIME : 0,
				timeout, 1, &expires)))
			return ret;
	}
	if (!(vs = __get_free_page(GFP_KERNEL)))	/* room for FUTEX_WAITV_MAX */
		return -ENOMEM;
	if ((ret = futex_parse_waitv(vs, uwaitv, nr)))
		goto out;
	if (expires)
		hrtimer_start(&timer, expires, clockid == CLOCK_REALTIME);
	for (;;) {
		if ((ret = futex_wait_multiple_setup(vs, nr, &woken))) {
			ret = ret > 0 ? woken : ret;
			break;
		}
		err = expires ? hrtimer_sleep_on(vs, &timer) : sleep_on(vs, NULL, 0);
		if ((ret = futex_unqueue_multiple(vs, nr)) >= 0)
			break;		/* woken; the others are off their queues now */
		if (err || (expires && timer.done)) {
			ret = err ? -ERESTARTSYS : -ETIMEDOUT;
			break;
		}
		/* Woken for nothing: look at the words again. */
	}
	if (expires)
		hrtimer_cancel(&timer);
out:
	free_kpage(vs);
	return ret;
}

/* ---- robust futexes: locks that a dying owner lets go of ---- */

/*
 * A thread that dies holding a pthread mutex (robust, glibc's default for
 * the lock word's layout: the owner's tid in it) would block its waiters
 * for ever.  So glibc keeps a list of the robust mutexes each thread holds
 * in user memory and tells the kernel where its head is
 * (set_robust_list); at exit (and exec) the kernel walks it and, for each
 * lock the thread still owns, sets FUTEX_OWNER_DIED and wakes a waiter,
 * whose pthread_mutex_lock then returns EOWNERDEAD.
 *
 * The head, as i386 lays it out: the first entry (a circular list back to
 * the head), the offset from an entry to its lock word, and the entry the
 * thread was adding or removing when it died.  Bit 0 of an entry pointer
 * marks a priority-inheritance lock: it is only marked here, and
 * exit_pi_state_list then hands it to its first waiter.
 *
 * The list and the lock words are in memory the thread has just used:
 * they are read and written only if present (copy_from_user_nofault), so
 * exit's path, which a trap from the kernel can take, faults nothing in
 * and stays shallow (scripts/stackcheck).
 */
struct robust_list_head {
	uint32_t list;
	int32_t futex_offset;
	uint32_t list_op_pending;
};

#define ROBUST_LIST_LIMIT	2048	/* Linux's: a looped list cannot hold us */

/*
 * Linux's handle_futex_death: t's lock at uaddr is marked dead and one
 * waiter woken.  Inlined into exit_robust_list: one frame fewer on exit's
 * path, which a trap from the kernel can take (scripts/stackcheck).
 */
static inline __attribute__((always_inline)) int handle_futex_death(uint32_t uaddr, struct task *t, int pi,
			      int pending_op)
{
	uint32_t uval, nval;

	if (uaddr % sizeof(uint32_t) ||
	    copy_from_user_nofault(&uval, (const void *)uaddr, sizeof(uval)))
		return -1;
	if (pending_op && !pi && !uval) {
		/* Died between unlocking and leaving the list: a waiter may sleep. */
		futex_wake_shared(uaddr, 1);
		return 0;
	}
	/*
	 * A waiter on another CPU may set FUTEX_WAITERS in user mode at any
	 * moment: the word changes by compare-and-exchange, again until it
	 * held what was read (else that waiter would sleep unwoken).
	 */
	for (;;) {
		uint32_t curval;

		if ((uval & FUTEX_TID_MASK) != (uint32_t)t->pid)
			return 0;
		nval = (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (futex_cmpxchg_user_nofault(&curval, uaddr, uval, nval))
			return -1;
		if (curval == uval)
			break;
		uval = curval;
	}
	if (!pi && (uval & FUTEX_WAITERS))
		futex_wake_shared(uaddr, 1);
	return 0;
}

/* An entry pointer at uaddr, and its PI bit. */
static int fetch_robust_entry(uint32_t *entry, uint32_t uaddr, int *pi)
{
	uint32_t v;

	if (copy_from_user_nofault(&v, (const void *)uaddr, sizeof(v)))
		return -EFAULT;
	*entry = v & ~1u;
	*pi = v & 1;
	return 0;
}

/* At exit and exec, for current (t): every robust lock it holds is released. */
void exit_robust_list(struct task *t)
{
	uint32_t head = t->robust_list, entry, next, pending;
	int32_t futex_offset;
	int pi, next_pi, pending_pi, limit = ROBUST_LIST_LIMIT, err;

	if (!head)
		return;
	t->robust_list = 0;
	if (fetch_robust_entry(&entry, head, &pi) ||
	    copy_from_user_nofault(&futex_offset, (const void *)(head +
				   offsetof(struct robust_list_head, futex_offset)),
				   sizeof(futex_offset)) ||
	    fetch_robust_entry(&pending, head + offsetof(struct robust_list_head,
						  list_op_pending), &pending_pi))
		return;
	while (entry != head) {
		/* The next one first: the lock word may be the entry's neighbour. */
		err = fetch_robust_entry(&next, entry, &next_pi);
		if (entry != pending &&
		    handle_futex_death(entry + futex_offset, t, pi, 0))
			return;
		if (err || !--limit)
			return;
		entry = next;
		pi = next_pi;
		cond_resched();
	}
	if (pending)
		handle_futex_death(pending + futex_offset, t, pending_pi, 1);
}

long sys_set_robust_list(uint32_t head, uint32_t len)
{
	if (len != sizeof(struct robust_list_head))
		return -EINVAL;
	current->robust_list = head;
	return 0;
}

/* Another's list only if we may read its memory: root or the same user. */
long sys_get_robust_list(int pid, uint32_t *head_ptr, uint32_t *len_ptr)
{
	struct task *t = pid ? find_task(pid) : current;
	uint32_t len = sizeof(struct robust_list_head);

	if (!t || t->state == TASK_ZOMBIE)
		return -ESRCH;
	if (t != current && current->euid != 0 &&
	    (current->euid != t->uid || current->euid != t->euid))
		return -EPERM;
	if (copy_to_user(len_ptr, &len, sizeof(len)))
		return -EFAULT;
	return copy_to_user(head_ptr, &t->robust_list, sizeof(uint32_t));
}
