// fuzz: what the fuzzer's files share. main.c says what the program does and how
// to run it.
//
//   main.c    the parent: starts the workers, cleans up after them, looks for leaks
//   worker.c  a worker and its children: setup, the table of operations, cleanup
//   args.c    random numbers, the one place system calls are made, argument pools
//   file.c    operations on files, names, descriptors and pipes
//   mm.c      operations on memory: mmap, munmap, mprotect, brk, user-mode writes
//   mem.c     operations on memory's limits: protections used by system calls, many small
//             mappings, a full /tmp, resource limits
//   overcommit.c  much more memory than is free (private, shm, shared anonymous, a /dev/shm
//             file), every word checked: on shmos with swap, nothing may be killed
//   shm.c     operations on System V shared memory, through ipc() and the direct calls
//   sysv.c    operations on System V semaphores and message queues, the same way
//   mqueue.c  operations on POSIX message queues: open, send, receive, notify, unlink
//   proc.c    operations on processes and signals
//   time.c    operations on time, timers, file times and system information
//   sigframe.c operations on signal frames: x87/SSE state across handlers, garbage
//             for sigreturn, alternate stacks, waits with a temporary mask
//   paths.c   operations on path walks: deep directories, long paths, symlink chains and loops
//   exec.c    operations on execve (huge and broken argv, random ELF files), TLS, clone
//   dirs.c    operations on directory offsets: lseek then getdents, on every kind
//   long.c    operations whose work grows with their arguments: long system calls
//   procfs.c  operations on /proc: reads at random places, magic links, syslog, prctl,
//             priorities, the sched_* calls
//   locks.c   operations on file locks: fcntl's record locks and flock, waits in children
//   tty.c     operations on terminals and job control: tty ioctls, sessions, groups,
//             stopping and continuing children
//   futex.c   operations on futexes and threads: every futex operation and futex_waitv,
//             waits always with a short timeout; a thread woken, requeued and joined
//   filedata.c operations on a file's data as a whole: fallocate, fadvise, sendfile,
//             copy_file_range, syncfs, sync_file_range; mincore
//   timers.c  operations on POSIX timers: timer_create with any sigevent, settime, ...
//   task.c    operations on a process's rights and treatment: personality, ioprio,
//             capabilities, unshare, oom_score_adj, /proc/PID/mountinfo and limits
//   devices.c operations on loop devices (shmos only): loop-control, a device bound
//             to our own file, its ioctls and I/O
//   cgroup.c  operations on control groups (shmos only): mounts, our own groups,
//             processes moved, memory.* limits good and bad
//   ptrace.c  operations on a traced child: debug registers, x87/SSE and TLS state,
//             regsets, /proc/PID/mem, written with anything; continued, stepped, emulated
//   net.c     operations on AF_UNIX sockets: pairs, names, connections, data, files
//             and credentials in flight, options, socketcall
//
// Each process (a worker, or a child of one) has its own copy of the state below:
// it describes only what that process made itself, and every call that changes
// something is chosen from it, so that no call can hurt anything but its caller.
#ifndef FUZZ_H
#define FUZZ_H

// Before any system header: every file of the fuzzer includes this one first.
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64	// readdir and stat of the 4 GiB files the workers leave
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>

#define PG 4096
#define ARENA (64 * PG)		// each worker's playground, followed by a guard page
#define NFD 40
#define NPIPE 8
#define NREG 24
#define NSEG 12
#define NKID 6
#define KID_OPS 40
#define PIPE_MAX 256		// never more than this in a pipe: writes cannot block
#define FILE_IO (3 * PG)	// longest write to a file, so files stay small
#define NPATH 16
#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NR_none 1000		// no such system call

// ---- random numbers: xorshift64*, one stream per process (args.c) ----

extern uint64_t rs;
uint32_t rnd(void);
uint32_t below(uint32_t n);
int chance(int percent);

#define PICK(a) ((a)[below(N(a))])

// ---- the one place system calls are made (args.c) ----

// SC(SYS_read, fd, buf, n, 0, 0): always five arguments; `v` traces the call by name.
long sc(const char *name, long nr, long a, long b, long c, long d, long e);

#define SC(nr, ...) sc_(#nr, nr, __VA_ARGS__)
#define sc_(name, nr, a, b, c, d, e) sc(name, nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e))
// SC6: the calls whose 64-bit arguments take two registers each (fallocate, fadvise64_64).
long sc6(const char *name, long nr, long a, long b, long c, long d, long e, long f);
#define SC6(nr, a, b, c, d, e, f) sc6(#nr, nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

// ---- argument pools: sometimes right, often wrong (args.c) ----

long bad_ptr(void);
long ptr(size_t need);
long size(void);
long bad_fd(void);
long fd_any(void);
long fd_data(void);
long fd_file(void);
const char *path_any(void);
const char *path_mine(void);
long mode(void);
long dirfd_any(void);
long offset(void);
// A call that may sleep between bounded(1) and bounded(0) is ended within 20 ms (EINTR).
void bounded(int on);

// ---- what one process knows about its own resources ----

enum { K_FILE, K_NULL, K_ZERO, K_PIPE_R, K_PIPE_W, K_DUP };

struct fdent {
	int fd, kind, pipe;
};

struct pipest {
	int r, w;		// -1 once closed
	int buffered;		// bytes in it; -1 when no longer known (never read again)
};

struct region {			// a mapping or an attach made by us
	uintptr_t addr;
	size_t len;
	int touch;		// still safe to write to from user mode
	int shm;
};

struct seg {
	int id;
	size_t size;
	int live;		// 0: removed by us, the id is stale
};

struct kid {
	pid_t pid;
	int unsure;		// may have been reaped by a wait that then failed: never signal it
};

extern struct fdent fds[NFD];		// file.c
extern int nfds;
extern struct pipest pipes[NPIPE];
extern struct region regs[NREG];	// mm.c
extern int nregs;
extern struct seg segs[NSEG];		// shm.c
extern int nsegs;
extern struct kid kids[NKID];		// proc.c
extern int nkids;

extern char scratch[PG];		// args.c: structures we build for the kernel to read

extern char *arena;			// worker.c
extern uintptr_t brk0;
extern int me, is_kid, trace;
extern unsigned seed;
extern char dir[];			// the run's directory in /tmp
extern char paths[NPATH][200];		// names under the worker's own directory
extern char longname[5000];
extern key_t keys[4];

// ---- bookkeeping ----

void add_fd(int fd, int kind, int pipe);		// file.c
void add_region(uintptr_t addr, size_t len, int touch, int shm);	// mm.c
void clobbered(uintptr_t addr, size_t len);
void drop_region(uintptr_t addr);
void arena_range(long *addr, long *len);

// ---- the operations, one file per kind ----

void op_open(void);		// file.c
void op_close(void);
void op_rw(void);
void op_seek(void);
void op_dup(void);
void op_fcntl(void);
void op_ioctl(void);
void op_stat(void);
void op_names(void);
void op_where(void);
void op_links(void);
void op_poll(void);
void op_inotify(void);
void op_pipe(void);
void op_pipe_io(void);
void op_splice(void);
void op_pipe_size(void);

void op_mmap(void);		// mm.c
void op_munmap(void);
void op_brk(void);
void op_madvise(void);
void op_touch(void);

void op_prot(void);		// mem.c
void op_many_maps(void);
void op_fill(void);
void op_rlimit(void);
void op_overcommit(void);	// overcommit.c

void op_shmget(void);		// shm.c
void *attach_removed(long size, int rdonly);
void op_shmat(void);
void op_shmdt(void);
void op_shmctl(void);
void op_shm_thread(void);
void op_shm_remap(void);

void op_semget(void);		// sysv.c
void op_semop(void);
void op_semctl(void);
void op_msgget(void);
void op_msgsnd(void);
void op_msgrcv(void);
void op_msgctl(void);
void sysv_cleanup(void);	// removes the worker's sets and queues
void op_mqueue(void);		// mqueue.c
void mqueue_cleanup(int worker);	// unlinks worker's POSIX message queues

void op_fork(void);		// proc.c
void op_wait(void);
void op_kill(void);
void op_signals(void);
void op_exec(void);

void op_deep(void);		// paths.c
void op_symlinks(void);

void op_exec_args(void);	// exec.c
void op_elf(void);
void op_tls(void);
void op_clone(void);

void op_time(void);		// time.c
void op_settime(void);
void op_timers(void);
void op_utime(void);
void op_info(void);

void op_fpu(void);		// sigframe.c
void op_sigreturn(void);
void op_sigaltstack(void);
void op_sigwait(void);

void op_dirs(void);		// dirs.c

void op_long(void);		// long.c

void op_proc_read(void);	// procfs.c
void op_proc_links(void);
void op_sysctl_calls(void);

void op_locks(void);		// locks.c

void op_tty(void);		// tty.c

void op_futex(void);		// futex.c
void op_futex_waitv(void);
void op_futex_thread(void);
long thread_clone(void (*fn)(void));	// a raw thread running fn (no glibc in it)
void thread_join(long tid);
void op_fallocate(void);	// filedata.c
void op_fadvise(void);
void op_sendfile(void);
void op_copy_file_range(void);
void op_syncfs(void);
void op_sync_file_range(void);
void op_mincore(void);

void op_posix_timers(void);	// timers.c

void op_task(void);		// task.c

void op_ptrace(void);		// ptrace.c

void op_loop(void);		// devices.c
void devices_cleanup(void);	// unbinds and removes the worker's devices
void devices_begin(void);	// the parent's: before and after the workers
int devices_end(void);
int devices_holds(long fd);	// is fd the bound device's (not in fds[])?

void op_cgroup(void);		// cgroup.c
void cgroup_cleanup(void);	// the worker back in the root; its groups removed
int cgroup_begin(void);		// the parent's: before and after the workers
int cgroup_end(void);

void op_net(void);		// net.c
int net_holds(long fd);

void tty_save(void);
void tty_restore(void);
int tty_holds(long fd);

// ---- the two kinds of process (worker.c) ----

void worker(int iterations);
void kid_main(void);

// ---- the parent (main.c) ----

int on_shmos(void);

#endif
