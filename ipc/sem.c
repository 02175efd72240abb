/*
 * System V semaphores, built the way Linux's ipc/sem.c is: 2.4's shape
 * and names, 6.x's semantics and order of checks.
 *
 * The life of a semop, and the function to put a breakpoint on:
 *
 *   semget    ipcget (ipc/util.c) finds the key, or newary makes a set:
 *             a struct sem_array and its semaphores, all 0.
 *   semop     do_semtimedop checks the call, then perform_atomic_semop
 *             tries the operations in order on the values: all of them,
 *             or none (it takes back what it did).  If one must wait, the
 *             caller hangs a struct sem_queue, on its own stack, at the
 *             tail of the set's pending list and sleeps on it.
 *   a change  every semop that changes a value, SETVAL, SETALL and exit's
 *             undo end in do_smart_update: update_queue retries the
 *             sleepers oldest first, performs for each one what can go now,
 *             takes it off the list with its result and wakes it, and
 *             starts again from the oldest after each success (the values
 *             changed).  The woken sleeper only returns its result: the
 *             work was done for it, so nobody can take the values in
 *             between, and an old sleeper is never passed over for good
 *             by a stream of newer callers.
 *   a signal the sleeper takes itself off the list: EINTR; a timeout EAGAIN.
 *   IPC_RMID  freeary wakes every sleeper with EIDRM and frees the set.
 *   SEM_UNDO  each such operation adds its opposite to the caller's struct
 *             sem_undo for the set; exit_sem adds those to the values.
 *
 * `trace=syscall` shows the calls (kernel/strace_decode.c).  docs/sem.md
 * has the whole story.
 */
#include "ipc/sem.h"
#include "ipc/namespace.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/swap.h"
#include "mm/uaccess.h"

#define SEMOPM_FAST	32	/* operations copied on the stack; more to a page */
#define CLONE_SYSVSEM	0x00040000	/* kernel/fork.c's */

/* An IPC namespace's limits, as Linux names them: ns->sc_semmsl... */
#define sc_semmsl	sem_ctls[0]
#define sc_semmns	sem_ctls[1]
#define sc_semopm	sem_ctls[2]
#define sc_semmni	sem_ctls[3]

/* init_ipc_ns's sets; each other IPC namespace has its own (ipc/namespace.h). */
struct ipc_ids sem_ids = IPC_IDS_INIT(sem_ids);

/* The set in id's slot of current's namespace, whatever its seq (SEM_STAT), or NULL. */
static struct sem_array *sem_obtain_object(int id)
{
	return (struct sem_array *)ipc_obtain_object_idr(current->nsproxy->ipc_ns->sem_ids, id);
}

/* The set id names in current's namespace, or NULL. */
static struct sem_array *sem_obtain_object_check(int id)
{
	return (struct sem_array *)ipc_obtain_object_check(current->nsproxy->ipc_ns->sem_ids, id);
}

/* ---- semget ---- */

static void sem_free(struct sem_array *sma)
{
	ipc_free_blocks((void **)sma->sem_blocks, sma->u.sem_nsems,
			sizeof(struct sem));
	kfree(sma);
}

/* A new set of params->size semaphores, all 0; returns its id. */
static long newary(const struct ipc_params *params)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;
	uint32_t nsems = params->size;
	struct sem_array *sma;
	int id;

	if (!nsems)
		return -EINVAL;
	if (ns->used_sems + (int)nsems > ns->sc_semmns)
		return -ENOSPC;
	if (!(sma = kmalloc_gfp(sizeof(*sma), GFP_USER)))
		return -ENOMEM;
	memset(sma, 0, sizeof(*sma));
	sma->u.sem_nsems = nsems;
	if (!(sma->sem_blocks = (struct sem **)ipc_alloc_blocks(nsems,
							sizeof(struct sem)))) {
		kfree(sma);
		return -ENOMEM;
	}
	sma->u.sem_perm.key = params->key;
	sma->u.sem_perm.mode = params->flg & 0777;
	sma->u.sem_ctime = get_seconds();
	INIT_LIST_HEAD(&sma->pending_alter);
	INIT_LIST_HEAD(&sma->pending_const);
	INIT_LIST_HEAD(&sma->list_id);
	if ((id = ipc_addid(ns->sem_ids, &sma->u.sem_perm, ns->sc_semmni)) < 0) {
		sem_free(sma);
		return id;
	}
	sma->id = id;
	ns->used_sems += nsems;
	return id;
}

/* An existing set: it must have at least the semaphores asked for. */
static int sem_more_checks(struct ipc64_perm *perm,
			   const struct ipc_params *params)
{
	struct sem_array *sma = (struct sem_array *)perm;

	return params->size > sma->u.sem_nsems ? -EINVAL : 0;
}

static const struct ipc_ops sem_ops = {
	.getnew = newary,
	.more_checks = sem_more_checks,
};

long sys_semget(int key, int nsems, int semflg)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;
	struct ipc_params params = { .key = key, .flg = semflg, .size = nsems };

	if (nsems < 0 || nsems > ns->sc_semmsl)
		return -EINVAL;
	/* Room for a new set's semaphores, before the key is looked up: a set of
	 * thousands takes pages that kmalloc cannot reclaim for (mm/vmscan.c).
	 * IPC_PRIVATE makes a set without IPC_CREAT too. */
	if ((semflg & IPC_CREAT) || key == IPC_PRIVATE)
		reclaim_for(nsems * sizeof(struct sem) / PAGE_SIZE + 1);
	return ipcget(ns->sem_ids, &sem_ops, &params);
}

/* ---- the operations ---- */

/*
 * Tries q's operations in order on the set's values: each sees what the
 * ones before it did.  One that would take a value below 0, or wait for 0
 * on a value that is not, blocks the whole call; one that would pass
 * SEMVMX (or its undo record SEMAEM) is ERANGE.  Then what was done is
 * taken back.  Returns 0 (all done, sempid set), 1 (the caller must
 * sleep; q->blocking is the operation it waits on), or -EAGAIN (that
 * operation has IPC_NOWAIT) or -ERANGE.
 */
static int perform_atomic_semop(struct sem_array *sma, struct sem_queue *q)
{
	/* LAB sem: try q's operations in order, all or nothing; 0, 1 (sleep), -EAGAIN, -ERANGE */
	struct sembuf *sop;
	int result;

	for (sop = q->sops; sop < q->sops + q->nsops; sop++) {
		struct sem *curr = sem_at(sma, sop->sem_num);

		result = curr->semval;
		if (!sop->sem_op && result)
			goto would_block;	/* waits for 0 */
		result += sop->sem_op;
		if (result < 0)
			goto would_block;
		if (result > SEMVMX)
			goto out_of_range;
		if (sop->sem_flg & SEM_UNDO) {
			int undo = *semadj_at(q->undo, sop->sem_num) - sop->sem_op;

			if (undo < -SEMAEM - 1 || undo > SEMAEM)
				goto out_of_range;
			*semadj_at(q->undo, sop->sem_num) = undo;
		}
		curr->semval = result;
	}
	while (--sop >= q->sops)
		sem_at(sma, sop->sem_num)->sempid = q->pid;
	return 0;

out_of_range:
	result = -ERANGE;
	goto undo;
would_block:
	q->blocking = sop;
	result = (sop->sem_flg & IPC_NOWAIT) ? -EAGAIN : 1;
undo:
	while (--sop >= q->sops) {
		sem_at(sma, sop->sem_num)->semval -= sop->sem_op;
		if (sop->sem_flg & SEM_UNDO)
			*semadj_at(q->undo, sop->sem_num) += sop->sem_op;
	}
	return result;
	/* LAB sem END; stub: return -ENOSYS; */
}

/* q's sleeper is done, with this result: off the list, and awake. */
static void wake_up_sem_queue(struct sem_queue *q, int error)
{
	list_del(&q->list);
	q->status = error;
	wakeup_task(q->sleeper, q);
}

/* Does a semaphore that ops changed hold 0 now (all of them, if ops is NULL)? */
static int got_zero(struct sem_array *sma, struct sembuf *sops, int nsops)
{
	if (!sops) {
		for (uint32_t i = 0; i < sma->u.sem_nsems; i++)
			if (sem_at(sma, i)->semval == 0)
				return 1;
		return 0;
	}
	for (int i = 0; i < nsops; i++)
		if (sem_at(sma, sops[i].sem_num)->semval == 0)
			return 1;
	return 0;
}

/*
 * The sleepers waiting only for zeros, after a change by sops (or by
 * SETVAL, SETALL or an undo: NULL).  Only a value that became 0 can let
 * one go, so they are tried only then, as Linux's do_smart_wakeup_zero.
 * Returns 1 if one went.  The callers look at the list first: it is
 * nearly always empty, and a semop is worth a few instructions.
 */
static int wake_const_ops(struct sem_array *sma, struct sembuf *sops, int nsops)
{
	struct sem_queue *q, *t;
	int completed = 0;

	if (!got_zero(sma, sops, nsops))
		return 0;
	list_for_each_entry_safe(q, t, &sma->pending_const, list) {
		int error = perform_atomic_semop(sma, q);

		if (error > 0)
			continue;
		wake_up_sem_queue(q, error);
		completed |= error == 0;
	}
	return completed;
}

/*
 * The sleepers that change values, oldest first: each one whose
 * operations can all go now gets them done and is woken with 0 (or with
 * the error its operations now give).  A success changed the values, so
 * the sleepers that waited for zeros are tried, and the scan starts again
 * from the oldest: a sleeper passed over may go now.  Returns 1 if one
 * went.  Linux keeps single operations in per-semaphore lists to scan
 * less; the order in which sleepers are served is the same.
 */
static int update_queue(struct sem_array *sma)
{
	/* LAB sem: serve the sleepers oldest first, do their operations, wake them; again after each success */
	struct sem_queue *q, *t;
	int completed = 0;

again:
	list_for_each_entry_safe(q, t, &sma->pending_alter, list) {
		int error = perform_atomic_semop(sma, q);

		if (error > 0)
			continue;	/* still blocked */
		wake_up_sem_queue(q, error);
		if (error == 0) {
			completed = 1;
			if (!list_empty(&sma->pending_const))
				wake_const_ops(sma, q->sops, q->nsops);
			goto again;
		}
	}
	return completed;
	/* LAB sem END; stub: return 0; */
}

/*
 * After the values changed (by sops, or by SETVAL, SETALL or an undo:
 * NULL): serve the sleepers that can go now.  sem_otime is the time of
 * the last semop that went, the caller's (otime) or a sleeper's.
 */
static void do_smart_update(struct sem_array *sma, struct sembuf *sops,
			    int nsops, int otime)
{
	if (!list_empty(&sma->pending_const))
		otime |= wake_const_ops(sma, sops, nsops);
	if (!list_empty(&sma->pending_alter))
		otime |= update_queue(sma);
	if (otime)
		sma->u.sem_otime = get_seconds();
}

/* ---- undo records ---- */

/* current's list of records, made on first use. */
static struct sem_undo_list *get_undo_list(void)
{
	struct sem_undo_list *ulp = current->sysvsem.undo_list;

	if (!ulp && (ulp = kmalloc_gfp(sizeof(*ulp), GFP_USER))) {
		ulp->refcnt = 1;
		INIT_LIST_HEAD(&ulp->list_proc);
		current->sysvsem.undo_list = ulp;
	}
	return ulp;
}

static void free_undo(struct sem_undo *un)
{
	list_del(&un->list_proc);
	list_del(&un->list_id);
	ipc_free_blocks((void **)un->semadj, un->nsems, sizeof(int16_t));
	kfree(un);
}

/* current's record for the set, made (all zeros) on first use; NULL: no memory. */
static struct sem_undo *find_alloc_undo(struct sem_array *sma)
{
	struct sem_undo_list *ulp = get_undo_list();
	struct sem_undo *un;

	if (!ulp)
		return NULL;
	list_for_each_entry(un, &ulp->list_proc, list_proc)
		if (un->semid == sma->id)
			return un;
	if (!(un = kmalloc_gfp(sizeof(*un), GFP_USER)))
		return NULL;
	un->semid = sma->id;
	un->nsems = sma->u.sem_nsems;
	if (!(un->semadj = (int16_t **)ipc_alloc_blocks(un->nsems,
							sizeof(int16_t)))) {
		kfree(un);
		return NULL;
	}
	list_add(&un->list_proc, &ulp->list_proc);
	list_add(&un->list_id, &sma->list_id);
	return un;
}

/* SETVAL and SETALL: the records of every process forget semaphore n (-1: all). */
static void clear_semadj(struct sem_array *sma, int n)
{
	struct sem_undo *un;

	list_for_each_entry(un, &sma->list_id, list_id) {
		for (uint32_t i = 0; i < un->nsems; i++)
			if (n < 0 || (int)i == n)
				*semadj_at(un, i) = 0;
	}
}

/*
 * clone: with CLONE_SYSVSEM the child shares current's records (made now
 * if current has none), else it starts with none.  -ENOMEM if they cannot
 * be made.
 */
int copy_semundo(uint32_t clone_flags, struct task *tsk)
{
	struct sem_undo_list *ulp;

	tsk->sysvsem.undo_list = NULL;
	if (!(clone_flags & CLONE_SYSVSEM))
		return 0;
	if (!(ulp = get_undo_list()))
		return -ENOMEM;
	ulp->refcnt++;
	tsk->sysvsem.undo_list = ulp;
	return 0;
}

/*
 * exit: the last process using the records adds each adjustment to its
 * semaphore, keeping the value within 0 and SEMVMX (so an undo may not
 * take back exactly what was done, if others changed the value since), as
 * Linux does, and serves the sleepers that can go now.  A record whose
 * set was removed is gone already: freeary took it.
 */
void exit_sem(struct task *tsk)
{
	struct sem_undo_list *ulp = tsk->sysvsem.undo_list;

	if (!ulp)
		return;
	tsk->sysvsem.undo_list = NULL;
	if (--ulp->refcnt > 0)
		return;
	while (!list_empty(&ulp->list_proc)) {
		struct sem_undo *un = list_first_entry(&ulp->list_proc,
						       struct sem_undo, list_proc);
		struct sem_array *sma = sem_obtain_object_check(un->semid);

		for (uint32_t i = 0; i < un->nsems; i++) {
			struct sem *s = sem_at(sma, i);
			int adj = *semadj_at(un, i);

			if (!adj)
				continue;
			s->semval += adj;
			if (s->semval < 0)
				s->semval = 0;
			if (s->semval > SEMVMX)
				s->semval = SEMVMX;
			s->sempid = tsk->tgid;
		}
		free_undo(un);
		do_smart_update(sma, NULL, 0, 1);
		cond_resched();
	}
	kfree(ulp);
}

/* ---- semop, semtimedop ---- */

/* A timeout as the caller gave it, 32- or 64-bit; checked later, as Linux. */
static int get_timeout(const void *uts, int ts64, struct timespec64 *ts)
{
	struct timespec32 ts32;

	if (ts64)
		return copy_from_user(ts, uts, sizeof(*ts));
	if (copy_from_user(&ts32, uts, sizeof(ts32)))
		return -EFAULT;
	ts->tv_sec = ts32.tv_sec;
	ts->tv_nsec = ts32.tv_nsec;
	return 0;
}

/* The deadline (ktime_ns) of a valid timeout (at most 2^32 s away: "for ever"). */
static uint64_t timeout_end(const struct timespec64 *ts)
{
	int64_t sec = ts->tv_sec < (1ll << 32) ? ts->tv_sec : 1ll << 32;

	return ktime_ns() + sec * NSEC_PER_SEC + ts->tv_nsec;
}

/*
 * Sleeps until update_queue or freeary sets q's result, a signal comes
 * (-EINTR), or the timeout expires (-EAGAIN; NULL: none): an hrtimer the
 * caller started (kernel/hrtimer.c), done once its deadline has passed.
 * q is on a pending list until then; only the sleeper takes it off for a
 * signal or a timeout, and whoever sets its result takes it off first.  So
 * while the result is unset the set exists: it needs no reference.
 */
static int sem_sleep(struct sem_queue *q, struct hrtimer_sleeper *timeout)
{
	/* LAB sem: sleep until q has a result; EINTR on a signal, EAGAIN at the timeout */
	for (;;) {
		if (timeout)
			hrtimer_sleep_on(q, timeout);
		else
			sleep_on(q, NULL, 0);
		if (q->status != -EINTR)
			return q->status;
		if (signal_pending(current))
			break;
		if (timeout && timeout->done) {
			q->status = -EAGAIN;
			break;
		}
	}
	list_del(&q->list);
	return q->status;
	/* LAB sem END; stub: list_del(&q->list); return -ENOSYS; */
}

/*
 * semop and semtimedop for every entry: ipc(SEMOP) has no timeout,
 * ipc(SEMTIMEDOP) a 32-bit one, semtimedop_time64 a 64-bit one (ts64).
 * Linux's checks, in its order.
 */
long do_semtimedop(int semid, struct sembuf *tsops, uint32_t nsops,
		   const void *timeout, int ts64)
{
	struct sembuf fast_sops[SEMOPM_FAST], *sops = fast_sops, *sop;
	struct timespec64 ts;
	struct sem_array *sma;
	struct sem_queue queue;
	struct hrtimer_sleeper timer;
	uint64_t end = 0;
	int max = 0, undos = 0, alter = 0;
	long error;

	if (timeout && get_timeout(timeout, ts64, &ts))
		return -EFAULT;
	if (nsops < 1 || semid < 0)
		return -EINVAL;
	if (nsops > (uint32_t)current->nsproxy->ipc_ns->sc_semopm)
		return -E2BIG;
	/* A page holds SEMOPM's 500; should root allow more, ENOMEM. */
	if (nsops > SEMOPM_FAST &&
	    (nsops > PAGE_SIZE / sizeof(*sops) || !(sops = get_free_page())))
		return -ENOMEM;
	error = -EFAULT;
	if (copy_from_user(sops, tsops, nsops * sizeof(*sops)))
		goto out_free;
	if (timeout) {
		error = -EINVAL;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
		    ts.tv_nsec >= (int64_t)NSEC_PER_SEC)
			goto out_free;
		end = timeout_end(&ts);
	}
	for (sop = sops; sop < sops + nsops; sop++) {
		if (sop->sem_num >= max)
			max = sop->sem_num;
		undos |= sop->sem_flg & SEM_UNDO;
		alter |= sop->sem_op != 0;
	}

	error = -EINVAL;
	if (!(sma = sem_obtain_object_check(semid)))
		goto out_free;
	error = -EFBIG;
	if (max >= (int)sma->u.sem_nsems)
		goto out_free;
	error = -EACCES;
	if (ipcperms(&sma->u.sem_perm, alter ? 0222 : 0444))
		goto out_free;
	error = -ENOMEM;
	queue.undo = NULL;
	if (undos && !(queue.undo = find_alloc_undo(sma)))
		goto out_free;

	queue.sops = sops;
	queue.nsops = nsops;
	queue.pid = current->tgid;
	queue.sleeper = current;
	error = perform_atomic_semop(sma, &queue);
	if (error == 0) {
		if (alter)
			do_smart_update(sma, sops, nsops, 1);
		else
			sma->u.sem_otime = get_seconds();
	} else if (error > 0) {
		/* Sleep at the tail: the oldest sleepers are served first. */
		queue.status = -EINTR;
		list_add_tail(&queue.list, alter ? &sma->pending_alter :
						   &sma->pending_const);
		if (end)
			hrtimer_start(&timer, end, 0);	/* relative: the monotonic clock */
		error = sem_sleep(&queue, end ? &timer : NULL);
		if (end)
			hrtimer_cancel(&timer);
	}
out_free:
	if (sops != fast_sops)
		free_kpage(sops);
	return error;
}

long sys_semtimedop_time64(int semid, struct sembuf *tsops, uint32_t nsops,
			   const void *timeout)
{
	return do_semtimedop(semid, tsops, nsops, timeout, 1);
}

/* ---- semctl ---- */

/*
 * The sleepers waiting on semaphore semnum: to grow (GETNCNT) or to be 0
 * (GETZCNT, zero).  A sleeper waits on the first of its operations that
 * cannot go, as SUSv3 says (Linux since 3.16).
 */
static int count_semcnt(struct sem_array *sma, int semnum, int zero)
{
	struct list_head *lists[2] = { &sma->pending_alter, &sma->pending_const };
	struct sem_queue *q;
	int n = 0;

	for (int i = 0; i < 2; i++) {
		list_for_each_entry(q, lists[i], list) {
			struct sembuf *sop = q->blocking;

			n += sop->sem_num == semnum &&
			     (zero ? sop->sem_op == 0 : sop->sem_op < 0);
		}
	}
	return n;
}

/*
 * IPC_RMID: every record of the set goes, every sleeper wakes with EIDRM,
 * and the set is freed.
 */
static void freeary(struct ipc_namespace *ns, struct sem_array *sma)
{
	struct sem_undo *un, *tu;
	struct sem_queue *q, *tq;

	list_for_each_entry_safe(un, tu, &sma->list_id, list_id)
		free_undo(un);
	list_for_each_entry_safe(q, tq, &sma->pending_const, list)
		wake_up_sem_queue(q, -EIDRM);
	list_for_each_entry_safe(q, tq, &sma->pending_alter, list)
		wake_up_sem_queue(q, -EIDRM);
	ipc_rmid(ns->sem_ids, sma->id);
	ns->used_sems -= sma->u.sem_nsems;
	sem_free(sma);
}

/* The namespace's last reference went: every set goes, as Linux's sem_exit_ns. */
void sem_exit_ns(struct ipc_namespace *ns)
{
	for (int idx = 0; idx <= ns->sem_ids->max_idx; idx++) {
		struct sem_array *sma = (struct sem_array *)
			ipc_obtain_object_idr(ns->sem_ids, idx);

		if (sma)
			freeary(ns, sma);
	}
}

/* IPC_INFO: the limits; SEM_INFO: the same with what is in use. */
static long semctl_info(int cmd, void *buf)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;
	struct seminfo info = {
		.semmni = ns->sc_semmni, .semmns = ns->sc_semmns, .semmsl = ns->sc_semmsl,
		.semopm = ns->sc_semopm, .semvmx = SEMVMX, .semmnu = SEMMNU,
		.semmap = SEMMAP, .semume = SEMUME,
		.semusz = cmd == SEM_INFO ? ns->sem_ids->in_use : SEMUSZ,
		.semaem = cmd == SEM_INFO ? ns->used_sems : SEMAEM,
	};

	if (copy_to_user(buf, &info, sizeof(info)))
		return -EFAULT;
	return ns->sem_ids->max_idx < 0 ? 0 : ns->sem_ids->max_idx;
}

/* IPC_STAT by id; SEM_STAT and SEM_STAT_ANY by slot, returning the id. */
static long semctl_stat(int semid, int cmd, void *buf)
{
	struct sem_array *sma = cmd == IPC_STAT ? sem_obtain_object_check(semid) :
						  sem_obtain_object(semid);

	if (!sma)
		return -EINVAL;
	if (cmd != SEM_STAT_ANY && ipcperms(&sma->u.sem_perm, 0444))
		return -EACCES;
	if (copy_to_user(buf, &sma->u, sizeof(sma->u)))
		return -EFAULT;
	return cmd == IPC_STAT ? 0 : sma->id;
}

static long semctl_setval(int semid, int semnum, int val)
{
	struct sem_array *sma;
	struct sem *curr;

	if (val > SEMVMX || val < 0)
		return -ERANGE;
	if (!(sma = sem_obtain_object_check(semid)))
		return -EINVAL;
	if (semnum < 0 || semnum >= (int)sma->u.sem_nsems)
		return -EINVAL;
	if (ipcperms(&sma->u.sem_perm, 0222))
		return -EACCES;
	clear_semadj(sma, semnum);
	curr = sem_at(sma, semnum);
	curr->semval = val;
	curr->sempid = current->tgid;
	sma->u.sem_ctime = get_seconds();
	do_smart_update(sma, NULL, 0, 0);
	return 0;
}

#define VALS_PER_BLOCK	(IPC_BLOCK_BYTES / sizeof(uint16_t))

/* GETALL: the values at one moment, then copied out a block at a time. */
static long semctl_getall(struct sem_array *sma, uint16_t *array)
{
	uint32_t n = sma->u.sem_nsems;
	uint16_t **vals = (uint16_t **)ipc_alloc_blocks(n, sizeof(uint16_t));
	long err = 0;

	if (!vals)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++)
		vals[i / VALS_PER_BLOCK][i % VALS_PER_BLOCK] = sem_at(sma, i)->semval;
	for (uint32_t b = 0; b * VALS_PER_BLOCK < n && !err; b++) {
		uint32_t len = n - b * VALS_PER_BLOCK < VALS_PER_BLOCK ?
			       n - b * VALS_PER_BLOCK : VALS_PER_BLOCK;

		if (copy_to_user(array + b * VALS_PER_BLOCK, vals[b],
				 len * sizeof(uint16_t)))
			err = -EFAULT;
	}
	ipc_free_blocks((void **)vals, n, sizeof(uint16_t));
	return err;
}

/*
 * SETALL: all the new values are read and checked before any is set.
 * Reading user memory may let others run (a page fault): the set is
 * looked up again after, and may have gone (EIDRM, as Linux says then).
 */
static long semctl_setall(int semid, struct sem_array *sma, uint16_t *array)
{
	uint32_t n = sma->u.sem_nsems;
	uint16_t **vals = (uint16_t **)ipc_alloc_blocks(n, sizeof(uint16_t));
	long err = 0;

	if (!vals)
		return -ENOMEM;
	for (uint32_t b = 0; b * VALS_PER_BLOCK < n && !err; b++) {
		uint32_t len = n - b * VALS_PER_BLOCK < VALS_PER_BLOCK ?
			       n - b * VALS_PER_BLOCK : VALS_PER_BLOCK;

		if (copy_from_user(vals[b], array + b * VALS_PER_BLOCK,
				   len * sizeof(uint16_t)))
			err = -EFAULT;
	}
	for (uint32_t i = 0; i < n && !err; i++)
		if (vals[i / VALS_PER_BLOCK][i % VALS_PER_BLOCK] > SEMVMX)
			err = -ERANGE;
	if (!err && sem_obtain_object_check(semid) != sma)
		err = -EIDRM;
	if (!err) {
		for (uint32_t i = 0; i < n; i++) {
			sem_at(sma, i)->semval = vals[i / VALS_PER_BLOCK][i % VALS_PER_BLOCK];
			sem_at(sma, i)->sempid = current->tgid;
		}
		clear_semadj(sma, -1);
		sma->u.sem_ctime = get_seconds();
		do_smart_update(sma, NULL, 0, 0);
	}
	ipc_free_blocks((void **)vals, n, sizeof(uint16_t));
	return err;
}

/* GETALL, SETALL, and the commands on one semaphore. */
static long semctl_main(int semid, int semnum, int cmd, void *p)
{
	struct sem_array *sma = sem_obtain_object_check(semid);
	struct sem *curr;

	if (!sma)
		return -EINVAL;
	if (ipcperms(&sma->u.sem_perm, cmd == SETALL ? 0222 : 0444))
		return -EACCES;
	if (cmd == GETALL)
		return semctl_getall(sma, p);
	if (cmd == SETALL)
		return semctl_setall(semid, sma, p);
	if (semnum < 0 || semnum >= (int)sma->u.sem_nsems)
		return -EINVAL;
	curr = sem_at(sma, semnum);
	switch (cmd) {
	case GETVAL:
		return curr->semval;
	case GETPID:
		return curr->sempid;
	case GETNCNT:
		return count_semcnt(sma, semnum, 0);
	default:	/* GETZCNT */
		return count_semcnt(sma, semnum, 1);
	}
}

/* IPC_SET and IPC_RMID: for the owner, the creator or root. */
static long semctl_down(int semid, int cmd, const struct semid64_ds *in)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;
	long err = 0;
	struct sem_array *sma = (struct sem_array *)
		ipcctl_obtain_check(ns->sem_ids, semid, &err);

	if (!sma)
		return err;
	if (cmd == IPC_RMID) {
		freeary(ns, sma);
		return 0;
	}
	if ((err = ipc_update_perm(&in->sem_perm, &sma->u.sem_perm)))
		return err;
	sma->u.sem_ctime = get_seconds();
	return 0;
}

/* The commands that take a semid64_ds, which shmos has only in the IPC_64 layout. */
static int has_layout(int cmd)
{
	return cmd == IPC_STAT || cmd == SEM_STAT || cmd == SEM_STAT_ANY ||
	       cmd == IPC_SET;
}

/*
 * semctl for both entries: arg is the union semun, by value (ipc() reads
 * it from its pointer); ipc64 says which layouts the caller uses.
 */
long do_semctl(int semid, int semnum, int cmd, uint32_t arg, int ipc64)
{
	struct semid64_ds in;

	if (semid < 0 || (!ipc64 && has_layout(cmd)))
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case SEM_INFO:
		return semctl_info(cmd, (void *)arg);
	case IPC_STAT:
	case SEM_STAT:
	case SEM_STAT_ANY:
		return semctl_stat(semid, cmd, (void *)arg);
	case GETALL:
	case GETVAL:
	case GETPID:
	case GETNCNT:
	case GETZCNT:
	case SETALL:
		return semctl_main(semid, semnum, cmd, (void *)arg);
	case SETVAL:
		return semctl_setval(semid, semnum, arg);
	case IPC_SET:
		if (copy_from_user(&in, (void *)arg, sizeof(in)))
			return -EFAULT;
		return semctl_down(semid, cmd, &in);
	case IPC_RMID:
		return semctl_down(semid, cmd, NULL);
	default:
		return -EINVAL;
	}
}

/* The direct call: always the 64-bit layouts, IPC_64 is no command. */
long sys_semctl(int semid, int semnum, int cmd, uint32_t arg)
{
	return do_semctl(semid, semnum, cmd, arg, 1);
}

/* ---- /proc/sysvipc/sem ---- */

const char sem_proc_header[] =
	"       key      semid perms      nsems   uid   gid  cuid  cgid"
	"      otime      ctime\n";

/* As Linux's sysvipc_sem_proc_show; 0 for a free slot. */
int sem_proc_show(int idx, char *buf, int size)
{
	struct sem_array *sma = sem_obtain_object(idx);
	char mode[8];

	if (!sma)
		return 0;
	return snprintf(buf, size,
		"%10d %10d  %4s %10u %5u %5u %5u %5u %10llu %10llu\n",
		sma->u.sem_perm.key, sma->id,
		ipc_octal(sma->u.sem_perm.mode, mode), sma->u.sem_nsems,
		sma->u.sem_perm.uid, sma->u.sem_perm.gid, sma->u.sem_perm.cuid,
		sma->u.sem_perm.cgid, (unsigned long long)sma->u.sem_otime,
		(unsigned long long)sma->u.sem_ctime);
}
