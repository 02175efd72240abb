/*
 * The system call layer.  syscall() (kernel/syscall.c) takes int $0x80 with
 * the Linux i386 number in eax and calls the handler the table gives for it.
 *
 * The handlers are declared without parameter lists: the table calls each
 * with the six argument registers, and each defines its own typed
 * parameters (cdecl ignores the extra ones), as Linux's i386 table does.
 */
#ifndef KERNEL_SYSCALLS_H
#define KERNEL_SYSCALLS_H

#include "kernel/trap.h"

/* One past the highest Linux i386 call number (kernel/syscall_names.c). */
#define NR_SYSCALLS	451

void syscall(struct trapframe *tf);

/* Linux's name for each number, NULL where i386 has no call. */
extern const char *const syscall_names[NR_SYSCALLS];

long sys_access();
long sys_alarm();
long sys_brk();
long sys_chdir();
long sys_chmod();
long sys_chown32();
long sys_clock_getres();
long sys_clock_getres64();
long sys_clock_gettime();
long sys_clock_gettime64();
long sys_clock_nanosleep();
long sys_clock_nanosleep64();
long sys_clone();
long sys_close();
long sys_creat();
long sys_dup();
long sys_dup2();
long sys_dup3();
long sys_execve();
long sys_exit();
long sys_exit_group();
long sys_faccessat();
long sys_faccessat2();
long sys_fchdir();
long sys_fchmod();
long sys_fchmodat();
long sys_fchown32();
long sys_fchownat();
long sys_fcntl();
long sys_fcntl64();
long sys_fdatasync();
long sys_flock();
long sys_fork();
long sys_fstat64();
long sys_fstatat64();
long sys_fsync();
long sys_ftruncate();
long sys_ftruncate64();
long sys_futimesat();
long sys_get_thread_area();
long sys_getcwd();
long sys_getdents64();
long sys_getegid();
long sys_geteuid();
long sys_getgid();
long sys_getgroups();
long sys_getitimer();
long sys_getpgid();
long sys_getpgrp();
long sys_getpid();
long sys_getppid();
long sys_getpriority();
long sys_getrandom();
long sys_getresgid();
long sys_getresuid();
long sys_getrlimit();
long sys_getrusage();
long sys_getsid();
long sys_gettid();
long sys_gettimeofday();
long sys_getuid();
long sys_ioctl();
long sys_ipc();
long sys_kill();
long sys_lchown32();
long sys_link();
long sys_linkat();
long sys_llseek();
long sys_lseek();
long sys_lstat64();
long sys_madvise();
long sys_mkdir();
long sys_mkdirat();
long sys_mmap2();
long sys_mprotect();
long sys_munmap();
long sys_nanosleep();
long sys_old_getrlimit();
long sys_old_mmap();
long sys_open();
long sys_openat();
long sys_pause();
long sys_pipe();
long sys_pipe2();
long sys_poll();
long sys_ppoll();
long sys_ppoll_time64();
long sys_prctl();
long sys_pread64();
long sys_prlimit64();
long sys_pselect6();
long sys_pselect6_time64();
long sys_pwrite64();
long sys_read();
long sys_readlink();
long sys_readlinkat();
long sys_readv();
long sys_reboot();
long sys_rename();
long sys_renameat();
long sys_renameat2();
long sys_rmdir();
long sys_rt_sigaction();
long sys_rt_sigpending();
long sys_rt_sigprocmask();
long sys_rt_sigreturn();
long sys_rt_sigsuspend();
long sys_rt_sigtimedwait();
long sys_rt_sigtimedwait_time64();
long sys_sched_get_priority_max();
long sys_sched_get_priority_min();
long sys_sched_getaffinity();
long sys_sched_getparam();
long sys_sched_getscheduler();
long sys_sched_setaffinity();
long sys_sched_setparam();
long sys_sched_setscheduler();
long sys_sched_yield();
long sys_select();
long sys_set_thread_area();
long sys_set_tid_address();
long sys_setdomainname();
long sys_setgid();
long sys_setgroups();
long sys_sethostname();
long sys_setitimer();
long sys_setpgid();
long sys_setpriority();
long sys_setregid();
long sys_setresgid();
long sys_setresuid();
long sys_setreuid();
long sys_setrlimit();
long sys_setsid();
long sys_setuid();
long sys_shmat();
long sys_shmctl();
long sys_shmdt();
long sys_shmget();
long sys_sigaltstack();
long sys_sigreturn();
long sys_sigsuspend();
long sys_stat64();
long sys_statx();
long sys_swapoff();
long sys_swapon();
long sys_symlink();
long sys_symlinkat();
long sys_sync();
long sys_sysinfo();
long sys_syslog();
long sys_tgkill();
long sys_time();
long sys_times();
long sys_tkill();
long sys_truncate();
long sys_truncate64();
long sys_umask();
long sys_uname();
long sys_unlink();
long sys_unlinkat();
long sys_utime();
long sys_utimensat();
long sys_utimensat_time64();
long sys_utimes();
long sys_vfork();
long sys_wait4();
long sys_waitpid();
long sys_write();
long sys_writev();

#endif
