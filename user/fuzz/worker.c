// A worker and its children: what each knows about itself, its setup, the
// table of operations it draws from, and its cleanup.
#include "fuzz.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

// ---- who this process is, and where it may write ----

char *arena;
uintptr_t brk0;
int me, is_kid, trace;
unsigned seed;
char dir[] = "/tmp/fuzz.XXXXXX";
static char root[64];		// this worker's own directory inside dir
char paths[NPATH][200];		// names under root (absolute and relative)
char longname[5000];
key_t keys[4];

// ---- the two kinds of process ----

enum { WORKER = 1, KID = 2, BOTH = 3 };

static const struct op {
	void (*fn)(void);
	int weight, who;
} ops[] = {
	{ op_open, 6, BOTH }, { op_close, 4, BOTH }, { op_rw, 8, BOTH }, { op_seek, 2, BOTH },
	{ op_dup, 3, BOTH }, { op_fcntl, 2, BOTH }, { op_ioctl, 2, BOTH }, { op_stat, 4, BOTH },
	{ op_names, 6, BOTH }, { op_where, 3, BOTH }, { op_links, 3, BOTH }, { op_poll, 2, BOTH }, { op_inotify, 2, BOTH }, { op_pipe, 2, WORKER }, { op_pipe_io, 5, WORKER },
	{ op_splice, 2, WORKER }, { op_pipe_size, 1, WORKER },
	{ op_mmap, 4, BOTH }, { op_munmap, 4, BOTH }, { op_madvise, 2, BOTH }, { op_brk, 2, BOTH }, { op_touch, 5, BOTH },
	{ op_shmget, 6, BOTH }, { op_shmat, 6, BOTH }, { op_shmdt, 4, BOTH }, { op_shmctl, 6, BOTH },
	{ op_shm_thread, 2, WORKER }, { op_shm_remap, 2, WORKER },
	{ op_semget, 3, BOTH }, { op_semop, 6, BOTH }, { op_semctl, 4, BOTH }, { op_msgget, 3, BOTH }, { op_msgsnd, 4, BOTH }, { op_msgrcv, 4, BOTH }, { op_msgctl, 3, BOTH },
	{ op_mqueue, 4, BOTH },
	{ op_fork, 2, WORKER }, { op_wait, 3, BOTH }, { op_kill, 2, BOTH }, { op_signals, 2, BOTH },
	{ op_exec, 1, KID }, { op_time, 2, BOTH }, { op_settime, 1, BOTH }, { op_info, 3, BOTH },
	{ op_timers, 2, WORKER }, { op_utime, 2, BOTH },
	{ op_fpu, 2, BOTH }, { op_sigreturn, 1, BOTH }, { op_sigaltstack, 1, BOTH },
	{ op_sigwait, 2, BOTH },
	{ op_deep, 1, WORKER }, { op_symlinks, 2, BOTH },
	{ op_dirs, 3, BOTH }, { op_long, 1, BOTH },
	{ op_exec_args, 2, BOTH }, { op_elf, 2, BOTH }, { op_tls, 2, BOTH }, { op_clone, 2, BOTH },
	{ op_prot, 3, BOTH }, { op_many_maps, 1, BOTH }, { op_fill, 1, BOTH }, { op_rlimit, 2, BOTH },
	{ op_overcommit, 1, WORKER },
	{ op_proc_read, 3, BOTH }, { op_proc_links, 2, BOTH }, { op_sysctl_calls, 2, BOTH },
	{ op_locks, 3, BOTH },
	{ op_tty, 3, WORKER },
	{ op_futex, 4, BOTH }, { op_futex_waitv, 2, BOTH }, { op_futex_thread, 2, BOTH },
	{ op_fallocate, 2, BOTH }, { op_fadvise, 1, BOTH }, { op_sendfile, 2, BOTH },
	{ op_copy_file_range, 2, BOTH }, { op_syncfs, 1, BOTH }, { op_sync_file_range, 1, BOTH },
	{ op_mincore, 2, BOTH },
	{ op_posix_timers, 3, BOTH }, { op_task, 3, BOTH }, { op_loop, 3, BOTH }, { op_cgroup, 3, BOTH },
	{ op_net, 6, BOTH }, { op_ptrace, 2, WORKER },
};

static void one_op(void)
{
	int total = 0, who = is_kid ? KID : WORKER;
	for (unsigned i = 0; i < N(ops); i++)
		total += ops[i].who & who ? ops[i].weight : 0;
	int w = below(total);
	for (unsigned i = 0; i < N(ops); i++) {
		if (!(ops[i].who & who))
			continue;
		if (w < ops[i].weight) {
			ops[i].fn();
			return;
		}
		w -= ops[i].weight;
	}
}

void kid_main(void)
{
	alarm(10);	// whatever it gets stuck in, a child does not outlive this
	for (int i = below(KID_OPS); i > 0; i--)
		one_op();
	if (chance(30))
		op_exec();
	_exit(below(256));
}

static volatile sig_atomic_t stopping;

static void stop_soon(int sig)
{
	(void)sig;
	stopping = 1;
}

static void worker_setup(void)
{
	snprintf(root, sizeof root, "%s/w%d", dir, me);
	static const char *names[NPATH] = { "a", "b", "c", "d", "e", "d/f", "e/f", "d/f/g",
					    "a/", "d/../e", ".", NULL, NULL, "f", "e/f/g", "c" };
	for (int i = 0; i < NPATH; i++) {
		if (i == 11)
			snprintf(paths[i], sizeof paths[i], "%s", root);
		else if (i == 12 || i == 13 || i == 15)	// relative to the working directory
			snprintf(paths[i], sizeof paths[i], "%s", i == 12 ? "d" : names[i]);
		else
			snprintf(paths[i], sizeof paths[i], "%s/%s", root, names[i]);
	}
	mkdir(root, 0700);
	mkdir(paths[3], 0700);
	chdir(root);
	for (int i = 0; i < 4; i++)
		keys[i] = 0x46000000 | (seed & 0xfff) << 12 | me << 4 | i;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, SIG_IGN);	// op_timers' timers: no harm done when they fire
	signal(SIGVTALRM, SIG_IGN);
	signal(SIGPROF, SIG_IGN);
	signal(SIGIO, SIG_IGN);		// op_fcntl's O_ASYNC files, owned by us
	signal(SIGTERM, stop_soon);
	prctl(PR_SET_PDEATHSIG, SIGTERM);	// Linux: stop and clean up if fuzz is killed
	setsid();	// no controlling terminal (tty.c), and a group job control never stops
	arena = mmap(NULL, ARENA + PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (arena == MAP_FAILED || mprotect(arena + ARENA, PG, PROT_NONE) < 0) {
		printf("fuzz: worker %d: no arena\n", me);
		_exit(1);
	}
	brk0 = syscall(SYS_brk, 0);
	for (int i = 0; i < NPIPE; i++)
		pipes[i] = (struct pipest){ -1, -1, -1 };	// no pipe: fd 0 is not ours
	add_fd(open("/dev/null", O_RDWR), K_NULL, 0);
	add_fd(open("/dev/zero", O_RDONLY), K_ZERO, 0);
	add_fd(open(paths[0], O_RDWR | O_CREAT, 0600), K_FILE, 0);
}

// Give back what only we can give back: children, segments, semaphore sets,
// message queues (System V and POSIX), loop devices and control groups. Exit
// closes the rest.
static void worker_cleanup(void)
{
	for (int i = 0; i < nkids; i++) {
		if (!kids[i].unsure)
			kill(kids[i].pid, SIGKILL);
		waitpid(kids[i].pid, NULL, 0);
	}
	for (int i = 0; i < nsegs; i++)
		shmctl(segs[i].id, IPC_RMID, NULL);
	sysv_cleanup();
	mqueue_cleanup(me);
	for (int i = 0; i < nregs; i++)
		if (regs[i].shm)
			shmdt((void *)regs[i].addr);
	devices_cleanup();
	cgroup_cleanup();
}

// With tracing on, say where a worker or child faulted before it dies.
static void fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	printf("%c%d: %s at %p\n", is_kid ? 'k' : 'w', me, sigabbrev_np(sig), si->si_addr);
	signal(sig, SIG_DFL);
	raise(sig);
}

void worker(int iterations)
{
	if (trace) {
		static char altstack[16384];
		stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };
		sigaltstack(&ss, NULL);
		struct sigaction sa = { .sa_sigaction = fault, .sa_flags = SA_SIGINFO | SA_ONSTACK };
		sigaction(SIGSEGV, &sa, NULL);
		sigaction(SIGBUS, &sa, NULL);
	}
	worker_setup();
	for (int i = 0; i < iterations && !stopping; i++)
		one_op();
	worker_cleanup();
	_exit(0);
}
