/*
 * execve: replace the caller's program, in the steps of Linux's fs/exec.c.
 *
 *   1. the file is looked up (ENOENT, EACCES...);
 *   2. argv and envp are counted, and checked against ARG_MAX, which
 *      follows the stack rlimit as on Linux (E2BIG);
 *   3. the filename, the envp and the argv strings are copied, top down,
 *      onto the stack of a new mm, where the program will find them;
 *   4. the file's format loads it into the new mm: a "#!" script puts its
 *      interpreter in its place and goes round again, an ELF file is
 *      mapped (kernel/binfmt_script.c, kernel/binfmt_elf.c);
 *   5. begin_new_exec swaps the new mm for the old one and drops what must
 *      not survive exec.
 *
 * The old image is untouched until step 5, which cannot fail, so every
 * failure returns its error to the old program; only what Linux finds past
 * its point of no return (a segment outside user space, say) kills the
 * process instead, with SIGSEGV, as Linux does.  Either way, one exit path
 * frees everything exec allocated.
 */
#include "kernel/exec.h"
#include "kernel/resource.h"
#include "kernel/rseq.h"
#include "kernel/errno.h"
#include "kernel/ptrace.h"
#include "kernel/printk.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "fs/fcntl.h"
#include "fs/file.h"
#include "fs/fs.h"
#include "fs/namei.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

#define MAX_ARG_STRLEN	(32 * PAGE_SIZE)	/* one string, its NUL included */
#define MAX_ARG_STRINGS	0x7FFFFFFF
#define ARG_MAX		(32 * PAGE_SIZE)	/* the strings may always have this */
#define _STK_LIM	(8u << 20)		/* the default stack rlimit */
#define STACK_INITIAL	(128u << 10)
#define MAX_BINFMT_DEPTH 5			/* scripts run by scripts... */

/*
 * Loops over what the user handed in give way to other tasks and stop for
 * SIGKILL: argv may be a long array (Linux's cond_resched and
 * fatal_signal_pending in the same loops).  Init's first exec, from the
 * kernel, has nothing to give way to and no context to switch from.
 */
static int arg_resched(int from_user)
{
	if (!from_user)
		return 0;
	cond_resched();
	return fatal_signal_pending(current) ? -EINTR : 0;
}

/* vec[i]: from the user's memory, or, for init's exec, from the kernel's. */
static int get_arg_ptr(char *const *vec, int i, int from_user, const char **s)
{
	if (!from_user) {
		*s = vec[i];
		return 0;
	}
	return copy_from_user(s, vec + i, sizeof(*s)) ? -EFAULT : 0;
}

/* How many pointers before vec's NULL; a NULL vec has none. */
static int count(char *const *vec, int from_user)
{
	const char *s;
	int i, err;

	for (i = 0; vec; i++) {
		if ((err = get_arg_ptr(vec, i, from_user, &s)))
			return err;
		if (!s)
			break;
		if (i >= MAX_ARG_STRINGS)
			return -E2BIG;
		if ((err = arg_resched(from_user)))
			return err;
	}
	return i;
}

/*
 * The strings may use a quarter of the stack rlimit (at most 3/4 of the
 * default 8 MiB, at least ARG_MAX), less the argv and envp pointers that
 * will go below them.  argmin is where they must stop.
 */
static int bprm_stack_limits(struct linux_binprm *bprm)
{
	uint64_t limit = _STK_LIM / 4 * 3, ptrs;

	if (limit > rlimit(RLIMIT_STACK) / 4)
		limit = rlimit(RLIMIT_STACK) / 4;
	if (limit < ARG_MAX)
		limit = ARG_MAX;
	/* argc 0 still gets argv[0] = "" (do_execveat): room for its pointer */
	ptrs = ((uint64_t)(bprm->argc > 1 ? bprm->argc : 1) + bprm->envc) *
	       sizeof(uint32_t);
	if (limit <= ptrs)
		return -E2BIG;
	bprm->argmin = bprm->p - (uint32_t)(limit - ptrs);
	return 0;
}

/* The new stack: a VMA at the top that grows down as the strings fill it. */
static int bprm_mm_init(struct linux_binprm *bprm)
{
	struct vm_area_struct *v;

	if (!(bprm->mm = mm_alloc()))
		return -ENOMEM;
	v = vma_alloc(bprm->mm, USER_STACK_TOP - STACK_INITIAL, USER_STACK_TOP,
		      VM_STACK_FLAGS);
	if (!v)
		return -ENOMEM;
	insert_vm_struct(bprm->mm, v);
	bprm->mm->start_stack = USER_STACK_TOP;
	bprm->p = USER_STACK_TOP - sizeof(uint32_t);	/* a 0 word on top */
	return 0;
}

/*
 * A kernel window onto the new stack's page at va, faulted in there (the
 * new mm is not the current one); kunmap it after.  NULL when the stack
 * cannot grow so far or no frame is left.
 */
static char *get_arg_page(struct linux_binprm *bprm, uint32_t va)
{
	pte_t *pte;

	if (handle_mm_fault(bprm->mm, va, 1) || !(pte = pte_walk(bprm->mm->pgd, va, 0)))
		return NULL;
	return kmap(pte_page(*pte));
}

/* Puts len bytes of s (the NUL included) below the strings already there. */
static int push_string(struct linux_binprm *bprm, const char *s, uint32_t len,
		       int from_user)
{
	uint32_t pos;

	if (bprm->p - bprm->argmin < len)
		return -E2BIG;
	bprm->p -= len;
	for (pos = bprm->p; len; ) {
		uint32_t off = pos & ~PAGE_MASK;
		uint32_t n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
		char *kaddr = get_arg_page(bprm, pos);
		int err = 0;

		if (!kaddr)
			return -E2BIG;
		if (from_user)
			err = copy_from_user(kaddr + off, s, n);
		else
			memcpy(kaddr + off, s, n);
		kunmap(kaddr);
		if (err)
			return -EFAULT;
		pos += n, s += n, len -= n;
	}
	return 0;
}

int copy_string_kernel(const char *s, struct linux_binprm *bprm)
{
	uint32_t len = strnlen(s, MAX_ARG_STRLEN) + 1;

	if (len > MAX_ARG_STRLEN)
		return -E2BIG;
	return push_string(bprm, s, len, 0);
}

/* vec[n-1] first, down to vec[0]: the stack is filled from the top. */
static int copy_strings(int n, char *const *vec, struct linux_binprm *bprm,
			int from_user)
{
	while (n-- > 0) {
		const char *s;
		uint32_t len;
		int err;

		if (get_arg_ptr(vec, n, from_user, &s) ||
		    !(len = from_user ? strnlen_user(s, MAX_ARG_STRLEN) :
			    strnlen(s, MAX_ARG_STRLEN) + 1))
			return -EFAULT;
		if (len > MAX_ARG_STRLEN)
			return -E2BIG;
		if ((err = push_string(bprm, s, len, from_user)) ||
		    (err = arg_resched(from_user)))
			return err;
	}
	return 0;
}

/* Drops argv[0], the lowest string (a script's path takes its place). */
int remove_arg_zero(struct linux_binprm *bprm)
{
	uint32_t off;

	if (!bprm->argc)
		return 0;
	do {
		char *kaddr = get_arg_page(bprm, bprm->p);

		if (!kaddr)
			return -EFAULT;
		for (off = bprm->p & ~PAGE_MASK; off < PAGE_SIZE && kaddr[off];
		     off++)
			bprm->p++;
		kunmap(kaddr);
	} while (off == PAGE_SIZE);
	bprm->p++;
	bprm->argc--;
	return 0;
}

/* The first bytes of the file, for the formats to recognise it by. */
static int prepare_binprm(struct linux_binprm *bprm)
{
	long n;

	memset(bprm->buf, 0, BINPRM_BUF_SIZE);
	n = inode_read(bprm->inode, bprm->buf, 0, BINPRM_BUF_SIZE, 0);
	return n < 0 ? n : 0;
}

/*
 * A script puts its interpreter in bprm->inode and goes round again, as
 * many as five times, as on Linux; then the file must be ELF.
 */
static int exec_binprm(struct linux_binprm *bprm)
{
	for (int depth = 0; ; depth++) {
		int err;

		if (depth > MAX_BINFMT_DEPTH)
			return -ELOOP;
		if ((err = prepare_binprm(bprm)))
			return err;
		err = load_script(bprm);
		if (err == -ENOEXEC)
			return load_elf_binary(bprm);
		if (err)
			return err;
	}
}

/* Makes mm the address space of the current task, the CPU's included. */
void activate_mm(struct mm_struct *mm)
{
	current->mm = mm;
	switch_pgd(mm->pgd);
}

static void set_comm(const char *path)
{
	const char *base = path;

	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	strlcpy(current->comm, base, TASK_COMM_LEN);
}

/*
 * An execve by one thread ends the others (Linux's de_thread): they get
 * SIGKILL and we wait until they have gone.  If we are not the leader we
 * then take its place: its pid (the process's), its parent and exit
 * signal, and the leader, a zombie by now, is freed.  -EAGAIN if the
 * process is ending anyway or we are killed meanwhile.
 */
static int de_thread(void)
{
	struct task *me = current, *leader;
	struct signal_struct *sig = me->signal;

	if (sig->nr_threads == 1 && thread_group_leader(me))
		return 0;
	if (sig->group_exit || sig->group_exec_task)
		return -EAGAIN;
	sig->group_exec_task = me;
	zap_other_threads(me);
	for (;;) {
		int others = 0;

		/*
		 * A zombie is gone as far as we care, leader or not: a thread's
		 * slot is freed later, by the next task on its CPU
		 * (finish_task_switch), which wakes nobody: waiting for that
		 * slept for good (Linux counts live threads, notify_count).
		 */
		for_each_thread(me, t)
			others += t != me && t->state != TASK_ZOMBIE;
		if (!others)
			break;
		if (sleep_on_killable(&sig->group_exec_task, NULL, 0)) {
			sig->group_exec_task = NULL;
			return -EAGAIN;
		}
	}
	sig->group_exec_task = NULL;
	if (!thread_group_leader(me)) {
		leader = find_task(me->tgid);
		me->pid = leader->pid;
		me->parent = leader->parent;
		me->exit_signal = leader->exit_signal;
		me->start_time = leader->start_time;
		for_each_task(t)
			if (t->parent == leader)
				t->parent = me;
		release_signals(leader);	/* the references the leader held */
		free_task(leader);
	}
	return 0;
}

/*
 * What execve does before its point of no return, where it may still
 * fail: end the other threads, and make the handlers and the descriptor
 * table the task's own if another task (not a thread: those are gone)
 * shares them.
 */
int exec_unshare(void)
{
	int err;

	if ((err = de_thread()) || (err = unshare_sighand(current)))
		return err;
	return unshare_files(current);
}

/*
 * The old image goes and the new one takes its place; nothing here can
 * fail.  What must not survive exec goes too: handlers (and their flags
 * and masks), the alternate signal stack, POSIX timers, TLS, the FPU
 * state, close-on-exec files.
 */
void begin_new_exec(struct linux_binprm *bprm)
{
	struct mm_struct *old = current->mm;
	uint32_t flags;

	exit_mm_release(current, old);	/* clear_child_tid, the vfork parent */
	activate_mm(bprm->mm);
	bprm->mm = NULL;
	mmput(old);
	/* The handlers are sched_lock's: senders read them (sig_ignored). */
	spin_lock_irqsave(&sched_lock, flags);
	flush_signal_handlers(current->sighand);
	spin_unlock_irqrestore(&sched_lock, flags);
	rseq_execve(current);
	current->sas_ss_sp = current->sas_ss_size = 0;	/* no alternate stack */
	exit_itimers(current->signal);	/* POSIX timers (the interval timers stay) */
	memset(current->tls, 0, sizeof(current->tls));
	load_tls(current->tls);
	fpu_reset();
	flush_ptrace_hw_breakpoint(current);
	files_exec(current);
	current->did_exec = 1;
	current->dumpable = 1;		/* shmos runs no set-user-ID programs */
	current->keep_caps = 0;		/* as Linux's cap_bprm_creds_from_file */
	set_comm(bprm->filename);
	/* What /proc/PID/exe names: the file loaded, a script's interpreter. */
	inode_put(current->exe);
	inode_put(current->exe_dir);
	current->exe = inode_get(bprm->inode);
	current->exe_dir = bprm->dir ? inode_get(bprm->dir) : NULL;
	/* What /proc/PID/cmdline shows: argv's strings, below envp's. */
	current->mm->arg_start = bprm->p;
	current->mm->arg_end = bprm->arg_end;
	current->mm->env_end = bprm->exec;
}

/* The new program's registers: all 0 but the segments, eip, esp and IF. */
void start_thread(uint32_t entry, uint32_t sp)
{
	struct trapframe *tf = current->tf;

	memset(tf, 0, sizeof(*tf));
	tf->cs = USER_CS;
	tf->ds = tf->es = tf->ss = USER_DS;
	tf->eflags = 0x200;		/* interrupts on */
	tf->eip = entry;
	tf->esp = sp;
	tf->trapno = T_SYSCALL;
}

/*
 * The name execveat gives a program it runs from a descriptor (Linux's
 * alloc_bprm): "/dev/fd/N", or "/dev/fd/N/PATH" for a relative path; the
 * new image's AT_EXECFN, a script's argument.  A script's would be gone
 * once a close-on-exec N is closed: path_inaccessible says so.  It is kept
 * in a page, as getname's names are: a PATH within a few bytes of PATH_MAX
 * leaves no room for the prefix (ENAMETOOLONG; Linux's kasprintf has it).
 */
static int fd_filename(struct linux_binprm *bprm, int dirfd, const char *path)
{
	if (!(bprm->fdpath = get_free_page()))
		return -ENOMEM;
	if (snprintf(bprm->fdpath, PAGE_SIZE, path[0] ? "/dev/fd/%d/%s" : "/dev/fd/%d",
		     dirfd, path) >= PAGE_SIZE)
		return -ENAMETOOLONG;
	bprm->filename = bprm->interp = bprm->fdpath;
	bprm->path_inaccessible = close_on_exec(dirfd, current->files);
	return 0;
}

/*
 * execveat: the file (dirfd, filename, flags) names, as exec_lookup_at
 * finds it; execve is execveat(AT_FDCWD, filename, 0).  filename, argv and
 * envp are the user's (from_user), or for init's first exec the kernel's.
 * On success the caller returns into the new program, whose eax
 * start_thread has zeroed.
 */
int do_execveat(int dirfd, const char *filename, char *const argv[], char *const envp[],
		int flags, int from_user)
{
	struct linux_binprm *bprm;
	char *kname = NULL;
	int err, fatal = 0;

	if (from_user) {
		if ((err = getname_at(filename, flags, &kname)))
			return err;
		filename = kname;
	}
	err = -ENOMEM;
	if (!(bprm = kzalloc(sizeof(*bprm))))
		goto out_name;
	bprm->filename = bprm->interp = filename;
	if ((err = exec_lookup_at(dirfd, filename, flags, &bprm->inode, &bprm->dir)))
		goto out;
	if (dirfd != AT_FDCWD && filename[0] != '/' &&
	    (err = fd_filename(bprm, dirfd, filename)))
		goto out;
	if ((err = bprm_mm_init(bprm)))
		goto out;
	if ((err = bprm->argc = count(argv, from_user)) < 0 ||
	    (err = bprm->envc = count(envp, from_user)) < 0)
		goto out;
	if ((err = bprm_stack_limits(bprm)) ||
	    (err = copy_string_kernel(bprm->filename, bprm)))
		goto out;
	bprm->exec = bprm->p;
	if ((err = copy_strings(bprm->envc, envp, bprm, from_user)))
		goto out;
	bprm->arg_end = bprm->p;
	if ((err = copy_strings(bprm->argc, argv, bprm, from_user)))
		goto out;
	/* As Linux 5.18: an empty argv still gives the program argv[0] = "". */
	if (bprm->argc == 0) {
		if ((err = copy_string_kernel("", bprm)))
			goto out;
		bprm->argc = 1;
	}
	/* A tracer hears of it, with the pid the caller had (Linux's exec_binprm). */
	if ((err = exec_binprm(bprm)) == 0)
		ptrace_event(PTRACE_EVENT_EXEC, current->pid);
out:
	fatal = err && bprm->point_of_no_return;
	inode_put(bprm->inode);
	inode_put(bprm->dir);
	mmput(bprm->mm);		/* the new image, unless it is running */
	putname(bprm->fdpath);
	kfree(bprm);
out_name:
	putname(kname);
	if (fatal)
		do_exit(SIGSEGV);	/* Linux's force_fatal_sig(SIGSEGV) */
	return err;
}

long sys_execve(const char *filename, char *const argv[], char *const envp[])
{
	return do_execveat(AT_FDCWD, filename, argv, envp, 0, 1);
}

long sys_execveat(int dirfd, const char *filename, char *const argv[], char *const envp[],
		  int flags)
{
	return do_execveat(dirfd, filename, argv, envp, flags, 1);
}
