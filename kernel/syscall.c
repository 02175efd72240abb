/*
 * System call dispatch: int $0x80 with the number in eax and arguments in
 * ebx, ecx, edx, esi, edi, ebp, the Linux i386 convention; the result (or
 * -errno) goes back in eax.  A number not in the table returns -ENOSYS and
 * is reported on the console the first time, so a call shmos lacks is never
 * silent.  trace=syscall (kernel/strace.c) prints every call; ptrace
 * (kernel/ptrace.c) stops a traced task at each one's entry and exit.
 */
#include "kernel/syscalls.h"
#include "fs/file.h"
#include "mm/swap.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/ptrace.h"
#include "kernel/strace.h"
#include "kernel/task.h"

typedef long (*syscall_fn)(uint32_t, uint32_t, uint32_t, uint32_t,
			   uint32_t, uint32_t);

/*
 * Linux's sys_ni_syscall ("not implemented"), with a line the first time
 * each number is seen: which program wanted what.  One bit per number, and
 * one for every number past the table.
 */
static long sys_ni_syscall(void)
{
	static uint32_t reported[NR_SYSCALLS / 32 + 1];
	uint32_t nr = current->syscall_nr;
	uint32_t bit = nr < NR_SYSCALLS ? nr : NR_SYSCALLS;
	const char *name = nr < NR_SYSCALLS ? syscall_names[nr] : NULL;

	if (!(reported[bit / 32] & (1u << bit % 32))) {
		reported[bit / 32] |= 1u << bit % 32;
		printk("shmos: pid %d (%s) called unknown system call %u%s%s%s: "
		       "ENOSYS\n", current->pid, current->comm, nr,
		       name ? " (" : "", name ? name : "", name ? ")" : "");
	}
	return -ENOSYS;
}

#define SYS(nr, fn)	[nr] = (syscall_fn)fn

/*
 * Every entry starts as sys_ni_syscall and the calls shmos has override
 * theirs, as Linux's table is built: so the dispatch needs no hole check.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const syscall_fn syscall_table[NR_SYSCALLS] = {
	[0 ... NR_SYSCALLS - 1] = (syscall_fn)sys_ni_syscall,
	SYS(0, sys_restart_syscall),
	SYS(1, sys_exit),
	SYS(2, sys_fork),
	SYS(3, sys_read),
	SYS(4, sys_write),
	SYS(5, sys_open),
	SYS(6, sys_close),
	SYS(7, sys_waitpid),
	SYS(8, sys_creat),
	SYS(9, sys_link),
	SYS(10, sys_unlink),
	SYS(11, sys_execve),
	SYS(12, sys_chdir),
	SYS(13, sys_time),
	SYS(14, sys_mknod),
	SYS(15, sys_chmod),
	SYS(19, sys_lseek),
	SYS(20, sys_getpid),
	SYS(21, sys_mount),
	SYS(22, sys_oldumount),
	SYS(25, sys_stime),
	SYS(26, sys_ptrace),
	SYS(27, sys_alarm),
	SYS(29, sys_pause),
	SYS(30, sys_utime),
	SYS(33, sys_access),
	SYS(36, sys_sync),
	SYS(37, sys_kill),
	SYS(38, sys_rename),
	SYS(39, sys_mkdir),
	SYS(40, sys_rmdir),
	SYS(41, sys_dup),
	SYS(42, sys_pipe),
	SYS(43, sys_times),
	SYS(45, sys_brk),
	SYS(52, sys_umount),
	SYS(54, sys_ioctl),
	SYS(55, sys_fcntl),
	SYS(57, sys_setpgid),
	SYS(60, sys_umask),
	SYS(61, sys_chroot),
	SYS(63, sys_dup2),
	SYS(64, sys_getppid),
	SYS(65, sys_getpgrp),
	SYS(66, sys_setsid),
	SYS(72, sys_sigsuspend),
	SYS(73, sys_sigpending),
	SYS(74, sys_sethostname),
	SYS(75, sys_setrlimit),
	SYS(76, sys_old_getrlimit),
	SYS(77, sys_getrusage),
	SYS(78, sys_gettimeofday),
	SYS(79, sys_settimeofday),
	SYS(83, sys_symlink),
	SYS(85, sys_readlink),
	SYS(87, sys_swapon),
	SYS(88, sys_reboot),
	SYS(90, sys_old_mmap),
	SYS(91, sys_munmap),
	SYS(92, sys_truncate),
	SYS(93, sys_ftruncate),
	SYS(94, sys_fchmod),
	SYS(96, sys_getpriority),
	SYS(97, sys_setpriority),
	SYS(99, sys_statfs),
	SYS(100, sys_fstatfs),
	SYS(102, sys_socketcall),
	SYS(103, sys_syslog),
	SYS(104, sys_setitimer),
	SYS(105, sys_getitimer),
	SYS(114, sys_wait4),
	SYS(115, sys_swapoff),
	SYS(116, sys_sysinfo),
	SYS(117, sys_ipc),
	SYS(118, sys_fsync),
	SYS(119, sys_sigreturn),
	SYS(120, sys_clone),
	SYS(121, sys_setdomainname),
	SYS(122, sys_uname),
	SYS(124, sys_adjtimex),
	SYS(125, sys_mprotect),
	SYS(126, sys_sigprocmask),
	SYS(132, sys_getpgid),
	SYS(133, sys_fchdir),
	SYS(136, sys_personality),
	SYS(140, sys_llseek),
	SYS(142, sys_select),
	SYS(143, sys_flock),
	SYS(144, sys_msync),
	SYS(145, sys_readv),
	SYS(146, sys_writev),
	SYS(147, sys_getsid),
	SYS(148, sys_fdatasync),
	SYS(150, sys_mlock),
	SYS(151, sys_munlock),
	SYS(152, sys_mlockall),
	SYS(153, sys_munlockall),
	SYS(154, sys_sched_setparam),
	SYS(155, sys_sched_getparam),
	SYS(156, sys_sched_setscheduler),
	SYS(157, sys_sched_getscheduler),
	SYS(158, sys_sched_yield),
	SYS(159, sys_sched_get_priority_max),
	SYS(160, sys_sched_get_priority_min),
	SYS(161, sys_sched_rr_get_interval),
	SYS(162, sys_nanosleep),
	SYS(163, sys_mremap),
	SYS(168, sys_poll),
	SYS(172, sys_prctl),
	SYS(173, sys_rt_sigreturn),
	SYS(174, sys_rt_sigaction),
	SYS(175, sys_rt_sigprocmask),
	SYS(176, sys_rt_sigpending),
	SYS(177, sys_rt_sigtimedwait),
	SYS(178, sys_rt_sigqueueinfo),
	SYS(179, sys_rt_sigsuspend),
	SYS(180, sys_pread64),
	SYS(181, sys_pwrite64),
	SYS(183, sys_getcwd),
	SYS(184, sys_capget),
	SYS(185, sys_capset),
	SYS(186, sys_sigaltstack),
	SYS(187, sys_sendfile),
	SYS(190, sys_vfork),
	SYS(191, sys_getrlimit),
	SYS(192, sys_mmap2),
	SYS(193, sys_truncate64),
	SYS(194, sys_ftruncate64),
	SYS(195, sys_stat64),
	SYS(196, sys_lstat64),
	SYS(197, sys_fstat64),
	SYS(198, sys_lchown32),
	SYS(199, sys_getuid),
	SYS(200, sys_getgid),
	SYS(201, sys_geteuid),
	SYS(202, sys_getegid),
	SYS(203, sys_setreuid),
	SYS(204, sys_setregid),
	SYS(205, sys_getgroups),
	SYS(206, sys_setgroups),
	SYS(207, sys_fchown32),
	SYS(208, sys_setresuid),
	SYS(209, sys_getresuid),
	SYS(210, sys_setresgid),
	SYS(211, sys_getresgid),
	SYS(212, sys_chown32),
	SYS(213, sys_setuid),
	SYS(214, sys_setgid),
	SYS(217, sys_pivot_root),
	SYS(218, sys_mincore),
	SYS(219, sys_madvise),
	SYS(220, sys_getdents64),
	SYS(221, sys_fcntl64),
	SYS(224, sys_gettid),
	SYS(226, sys_setxattr),
	SYS(227, sys_lsetxattr),
	SYS(228, sys_fsetxattr),
	SYS(229, sys_getxattr),
	SYS(230, sys_lgetxattr),
	SYS(231, sys_fgetxattr),
	SYS(232, sys_listxattr),
	SYS(233, sys_llistxattr),
	SYS(234, sys_flistxattr),
	SYS(235, sys_removexattr),
	SYS(236, sys_lremovexattr),
	SYS(237, sys_fremovexattr),
	SYS(238, sys_tkill),
	SYS(239, sys_sendfile64),
	SYS(240, sys_futex),
	SYS(241, sys_sched_setaffinity),
	SYS(242, sys_sched_getaffinity),
	SYS(243, sys_set_thread_area),
	SYS(244, sys_get_thread_area),
	SYS(250, sys_fadvise64),
	SYS(252, sys_exit_group),
	SYS(254, sys_epoll_create),
	SYS(255, sys_epoll_ctl),
	SYS(256, sys_epoll_wait),
	SYS(257, sys_remap_file_pages),
	SYS(258, sys_set_tid_address),
	SYS(259, sys_timer_create),
	SYS(260, sys_timer_settime),
	SYS(261, sys_timer_gettime),
	SYS(262, sys_timer_getoverrun),
	SYS(263, sys_timer_delete),
	SYS(264, sys_clock_settime),
	SYS(265, sys_clock_gettime),
	SYS(266, sys_clock_getres),
	SYS(267, sys_clock_nanosleep),
	SYS(268, sys_statfs64),
	SYS(269, sys_fstatfs64),
	SYS(270, sys_tgkill),
	SYS(271, sys_utimes),
	SYS(272, sys_fadvise64_64),
	SYS(277, sys_mq_open),
	SYS(278, sys_mq_unlink),
	SYS(279, sys_mq_timedsend),
	SYS(280, sys_mq_timedreceive),
	SYS(281, sys_mq_notify),
	SYS(282, sys_mq_getsetattr),
	SYS(284, sys_waitid),
	SYS(289, sys_ioprio_set),
	SYS(290, sys_ioprio_get),
	SYS(291, sys_inotify_init),
	SYS(292, sys_inotify_add_watch),
	SYS(293, sys_inotify_rm_watch),
	SYS(295, sys_openat),
	SYS(296, sys_mkdirat),
	SYS(297, sys_mknodat),
	SYS(298, sys_fchownat),
	SYS(299, sys_futimesat),
	SYS(300, sys_fstatat64),
	SYS(301, sys_unlinkat),
	SYS(302, sys_renameat),
	SYS(303, sys_linkat),
	SYS(304, sys_symlinkat),
	SYS(305, sys_readlinkat),
	SYS(306, sys_fchmodat),
	SYS(307, sys_faccessat),
	SYS(308, sys_pselect6),
	SYS(309, sys_ppoll),
	SYS(310, sys_unshare),
	SYS(311, sys_set_robust_list),
	SYS(312, sys_get_robust_list),
	SYS(313, sys_splice),
	SYS(315, sys_tee),
	SYS(316, sys_vmsplice),
	SYS(314, sys_sync_file_range),
	SYS(318, sys_getcpu),
	SYS(319, sys_epoll_pwait),
	SYS(320, sys_utimensat),
	SYS(321, sys_signalfd),
	SYS(322, sys_timerfd_create),
	SYS(323, sys_eventfd),
	SYS(324, sys_fallocate),
	SYS(325, sys_timerfd_settime),
	SYS(326, sys_timerfd_gettime),
	SYS(327, sys_signalfd4),
	SYS(328, sys_eventfd2),
	SYS(329, sys_epoll_create1),
	SYS(330, sys_dup3),
	SYS(331, sys_pipe2),
	SYS(332, sys_inotify_init1),
	SYS(333, sys_preadv),
	SYS(334, sys_pwritev),
	SYS(335, sys_rt_tgsigqueueinfo),
	SYS(337, sys_recvmmsg),
	SYS(340, sys_prlimit64),
	SYS(343, sys_clock_adjtime),
	SYS(344, sys_syncfs),
	SYS(345, sys_sendmmsg),
	SYS(346, sys_setns),
	SYS(347, sys_process_vm_readv),
	SYS(348, sys_process_vm_writev),
	SYS(351, sys_sched_setattr),
	SYS(352, sys_sched_getattr),
	SYS(353, sys_renameat2),
	SYS(355, sys_getrandom),
	SYS(356, sys_memfd_create),
	SYS(358, sys_execveat),
	SYS(359, sys_socket),
	SYS(360, sys_socketpair),
	SYS(361, sys_bind),
	SYS(362, sys_connect),
	SYS(363, sys_listen),
	SYS(364, sys_accept4),
	SYS(365, sys_getsockopt),
	SYS(366, sys_setsockopt),
	SYS(367, sys_getsockname),
	SYS(368, sys_getpeername),
	SYS(369, sys_sendto),
	SYS(370, sys_sendmsg),
	SYS(371, sys_recvfrom),
	SYS(372, sys_recvmsg),
	SYS(373, sys_shutdown),
	SYS(376, sys_mlock2),
	SYS(377, sys_copy_file_range),
	SYS(378, sys_preadv2),
	SYS(379, sys_pwritev2),
	SYS(383, sys_statx),
	SYS(386, sys_rseq),
	SYS(393, sys_semget),
	SYS(394, sys_semctl),
	SYS(395, sys_shmget),
	SYS(396, sys_shmctl),
	SYS(397, sys_shmat),
	SYS(398, sys_shmdt),
	SYS(399, sys_msgget),
	SYS(400, sys_msgsnd),
	SYS(401, sys_msgrcv),
	SYS(402, sys_msgctl),
	SYS(403, sys_clock_gettime64),
	SYS(404, sys_clock_settime64),
	SYS(405, sys_clock_adjtime64),
	SYS(406, sys_clock_getres64),
	SYS(407, sys_clock_nanosleep64),
	SYS(408, sys_timer_gettime64),
	SYS(409, sys_timer_settime64),
	SYS(410, sys_timerfd_gettime64),
	SYS(411, sys_timerfd_settime64),
	SYS(412, sys_utimensat_time64),
	SYS(413, sys_pselect6_time64),
	SYS(414, sys_ppoll_time64),
	SYS(417, sys_recvmmsg),
	SYS(418, sys_mq_timedsend_time64),
	SYS(419, sys_mq_timedreceive_time64),
	SYS(420, sys_semtimedop_time64),
	SYS(421, sys_rt_sigtimedwait_time64),
	SYS(422, sys_futex_time64),
	SYS(423, sys_sched_rr_get_interval_time64),
	SYS(424, sys_pidfd_send_signal),
	SYS(434, sys_pidfd_open),
	SYS(435, sys_clone3),
	SYS(436, sys_close_range),
	SYS(438, sys_pidfd_getfd),
	SYS(439, sys_faccessat2),
	SYS(441, sys_epoll_pwait2),
	SYS(449, sys_futex_waitv),
};
#pragma GCC diagnostic pop

static inline long dispatch(const struct trapframe *tf, uint32_t nr)
{
	if (nr < NR_SYSCALLS)
		return syscall_table[nr](tf->ebx, tf->ecx, tf->edx, tf->esi,
					 tf->edi, tf->ebp);
	return sys_ni_syscall();
}

/*
 * A call with work around it (current->syscall_work): ptrace's entry stop,
 * where the tracer may change the call or skip it (PTRACE_SYSEMU skips
 * each), the kernel tracer's
 * lines, ptrace's exit stop or single step's trap.  Out of line, so that the plain path keeps
 * its registers to itself.
 */
static void __attribute__((noinline)) syscall_traced(struct trapframe *tf)
{
	uint32_t nr;

	if (!(current->syscall_work & (SYSCALL_WORK_PTRACE | SYSCALL_WORK_SYSEMU)) ||
	    !ptrace_report_syscall_entry(tf)) {
		nr = current->syscall_nr;	/* the tracer's, after the entry stop */
		if (current->syscall_work & SYSCALL_WORK_STRACE)
			strace_enter(tf);
		tf->eax = dispatch(tf, nr);
		if (current->syscall_work & SYSCALL_WORK_STRACE)
			strace_exit(tf, nr);	/* (sigreturn has made syscall_nr -1) */
	}
	if (current->syscall_work & (SYSCALL_WORK_PTRACE | SYSCALL_WORK_SYSCALL_EXIT_TRAP))
		ptrace_report_syscall_exit(tf);
}

void syscall(struct trapframe *tf)
{
	uint32_t nr = tf->eax;

	/*
	 * Low on memory: pages go out to swap first, here where the task holds
	 * nothing and may sleep, as a fault does (mm/vmscan.c).  The memory a
	 * call takes (page tables for fork, a pipe's page, a file's) does not
	 * reclaim itself: without this it would find only the kernel's reserve
	 * and call the out-of-memory killer while swap has room.
	 */
	try_to_free_pages();
	current->syscall_nr = nr;
	if (__builtin_expect(current->syscall_work, 0))
		syscall_traced(tf);
	else
		tf->eax = dispatch(tf, nr);
	if (__builtin_expect(current->nr_call_files, 0))
		fput_call_files();	/* fget's, for a shared table (fs/file.c) */
}
