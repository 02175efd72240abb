/*
 * rseq(2), as Linux 6.1's kernel/rseq.c.  A thread registers its struct
 * rseq (32 bytes, 32-aligned; glibc does it for every thread it starts,
 * with the abort signature RSEQ_SIG).  The kernel writes cpu_id_start and
 * cpu_id there before the thread next runs in user mode, and again
 * whenever the thread has moved to another CPU.  rseq_cs, when the thread
 * sets it, points at a struct rseq_cs: a critical section [start_ip,
 * start_ip + post_commit_offset) and its abort_ip, preceded in memory by the
 * signature.  A thread preempted, moved, or given a signal inside the
 * section goes on at abort_ip, so that a section that commits with its
 * last instruction either ran alone on its CPU or not at all.
 *
 * Where: the scheduler sets task->rseq_resume when it switches a thread in
 * on a CPU its struct does not name (__schedule), return_to_user when the
 * thread was preempted; the way back to user mode then comes here
 * (do_signal), as does a signal's delivery (handle_signal).  A struct the
 * kernel cannot read or write, or a section that makes no sense, is the
 * thread's fault: SIGSEGV, as on Linux.
 */
#include "kernel/rseq.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/smp.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/trap.h"
#include "mm/layout.h"
#include "mm/uaccess.h"

/* Linux's struct rseq, as 6.1 has it (uapi/linux/rseq.h). */
struct rseq {
	uint32_t cpu_id_start;	/* always a CPU that exists */
	uint32_t cpu_id;	/* the CPU, or RSEQ_CPU_ID_UNINITIALIZED */
	uint64_t rseq_cs;	/* the section the thread is in; 0: none */
	uint32_t flags;
	uint32_t pad[3];
};

struct rseq_cs {
	uint32_t version;	/* 0 */
	uint32_t flags;
	uint64_t start_ip, post_commit_offset, abort_ip;
};

#define RSEQ_FLAG_UNREGISTER		1
#define RSEQ_CPU_ID_UNINITIALIZED	((uint32_t)-1)
#define RSEQ_SIZE			32
#define RSEQ_OFF_CS			8	/* offsetof(struct rseq, rseq_cs) */
#define RSEQ_OFF_FLAGS			16	/* offsetof(struct rseq, flags) */

/*
 * The section that rseq_cs names, after Linux's rseq_get_rseq_cs checks
 * (-EINVAL for a section that cannot be, or whose abort address lacks the
 * thread's signature just before it).
 */
static int rseq_get_rseq_cs(uint64_t ucs, struct rseq_cs *cs)
{
	uint32_t sig;

	if (ucs >= TASK_SIZE)
		return -EINVAL;
	if (copy_from_user(cs, (void *)(uint32_t)ucs, sizeof(*cs)))
		return -EFAULT;
	if (cs->start_ip >= TASK_SIZE || cs->start_ip + cs->post_commit_offset >= TASK_SIZE ||
	    cs->abort_ip >= TASK_SIZE || cs->version > 0)
		return -EINVAL;
	if (cs->start_ip + cs->post_commit_offset < cs->start_ip)
		return -EINVAL;		/* it wraps around */
	if (cs->abort_ip - cs->start_ip < cs->post_commit_offset)
		return -EINVAL;		/* the abort address is inside the section */
	if (copy_from_user(&sig, (void *)(uint32_t)(cs->abort_ip - 4), sizeof(sig)))
		return -EFAULT;
	return sig == current->rseq_sig ? 0 : -EINVAL;
}

/*
 * A thread inside its section goes to abort_ip; either way rseq_cs is
 * cleared, the section having ended (Linux's rseq_ip_fixup).  The flags
 * that once asked not to restart are gone from Linux: any is EINVAL.
 */
static int rseq_ip_fixup(struct trapframe *tf)
{
	uint32_t base = current->rseq, flags;
	struct rseq_cs cs;
	uint64_t ucs, zero = 0;
	int err;

	if (copy_from_user(&ucs, (void *)(base + RSEQ_OFF_CS), sizeof(ucs)))
		return -EFAULT;
	if (!ucs)
		return 0;
	if ((err = rseq_get_rseq_cs(ucs, &cs)))
		return err;
	if (tf->eip - (uint32_t)cs.start_ip < cs.post_commit_offset) {
		if (copy_from_user(&flags, (void *)(base + RSEQ_OFF_FLAGS), sizeof(flags)))
			return -EFAULT;
		if (cs.flags || flags)
			return -EINVAL;
		tf->eip = cs.abort_ip;
	}
	return copy_to_user((void *)(base + RSEQ_OFF_CS), &zero, sizeof(zero));
}

static int rseq_update_cpu_id(uint32_t cpu)
{
	uint32_t ids[2] = { cpu, cpu };

	if (copy_to_user((void *)current->rseq, ids, sizeof(ids)))
		return -EFAULT;
	current->rseq_cpu = cpu;
	return 0;
}

/*
 * A thread being killed goes no further; one whose struct cannot be written
 * because it is being killed meanwhile (the out-of-memory killer, as the
 * write faulted its page in) dies of that, not of SIGSEGV.
 */
void rseq_handle_notify_resume(struct trapframe *tf)
{
	current->rseq_resume = 0;
	if (!current->rseq || fatal_signal_pending(current))
		return;
	if ((rseq_ip_fixup(tf) || rseq_update_cpu_id(smp_processor_id())) &&
	    !fatal_signal_pending(current))
		force_sig(SIGSEGV);
}

void rseq_fork(struct task *c, int share_vm)
{
	if (share_vm) {		/* a thread (CLONE_VM): it registers its own */
		c->rseq = c->rseq_sig = 0;
	} else {
		c->rseq = current->rseq;
		c->rseq_sig = current->rseq_sig;
		c->rseq_resume = c->rseq != 0;	/* the child's CPU, before it runs */
	}
	c->rseq_cpu = -1;
}

void rseq_execve(struct task *t)
{
	t->rseq = t->rseq_sig = 0;
	t->rseq_resume = 0;
}

/*
 * Linux 6.1's sys_rseq, its checks in its order.  Registering writes
 * nothing yet: the way back to user mode does (rseq_resume).  Unregistering
 * leaves cpu_id saying RSEQ_CPU_ID_UNINITIALIZED.
 */
long sys_rseq(uint32_t rseq, uint32_t len, int flags, uint32_t sig)
{
	if (flags & RSEQ_FLAG_UNREGISTER) {
		uint32_t ids[2] = { 0, RSEQ_CPU_ID_UNINITIALIZED };

		if (flags & ~RSEQ_FLAG_UNREGISTER)
			return -EINVAL;
		if (current->rseq != rseq || !current->rseq || len != RSEQ_SIZE)
			return -EINVAL;
		if (current->rseq_sig != sig)
			return -EPERM;
		if (copy_to_user((void *)rseq, ids, sizeof(ids)))
			return -EFAULT;
		rseq_execve(current);
		return 0;
	}
	if (flags)
		return -EINVAL;
	if (current->rseq) {
		if (current->rseq != rseq || len != RSEQ_SIZE)
			return -EINVAL;
		if (current->rseq_sig != sig)
			return -EPERM;
		return -EBUSY;
	}
	if ((rseq & (RSEQ_SIZE - 1)) || len != RSEQ_SIZE)
		return -EINVAL;
	if (rseq >= TASK_SIZE || TASK_SIZE - rseq < RSEQ_SIZE)
		return -EFAULT;
	current->rseq = rseq;
	current->rseq_sig = sig;
	current->rseq_resume = 1;
	return 0;
}
