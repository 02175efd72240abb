// task_attrs: what a process keeps about itself that Debian's setarch, ionice, setpriv
// and unshare set and read: personality(2), ioprio_get/ioprio_set, prctl's
// no-new-privileges flag, and unshare(2) of what clone shares (no namespaces: their
// errnos differ between a kernel that has them and one that has not). Each is kept
// across fork.
#define _GNU_SOURCE
#include <sched.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "check.h"

#define IOPRIO_WHO_PROCESS	1
#define IOPRIO_WHO_PGRP		2
#define IOPRIO(class, data)	((class) << 13 | (data))

static long ioprio_get(int which, int who)
{
	return syscall(SYS_ioprio_get, which, who);
}

static long ioprio_set(int which, int who, int prio)
{
	return syscall(SYS_ioprio_set, which, who, prio);
}

/* What a child of fork sees: its personality, I/O priority and no_new_privs. */
static void child_sees(const char *when)
{
	int status;
	pid_t pid;

	fflush(stdout);		/* or the child's exit writes our buffer again */
	pid = fork();

	if (pid == 0) {
		printf("%s: child: personality %#lx, ioprio %ld, no_new_privs %d\n", when,
		       (long)personality(0xffffffff), ioprio_get(IOPRIO_WHO_PROCESS, 0),
		       prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
}

int main(void)
{
	TRY("personality(query)", personality(0xffffffff));
	TRY("personality(ADDR_NO_RANDOMIZE)", personality(ADDR_NO_RANDOMIZE));
	TRY("personality(query)", personality(0xffffffff));

	TRY("ioprio_get(process, self)", ioprio_get(IOPRIO_WHO_PROCESS, 0));
	TRY("ioprio_set(best-effort 3)", ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO(2, 3)));
	TRY("ioprio_get(process, self)", ioprio_get(IOPRIO_WHO_PROCESS, getpid()));
	TRY("ioprio_get(pgrp, own)", ioprio_get(IOPRIO_WHO_PGRP, 0));
	TRY("ioprio_set(class 5)", ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO(5, 0)));
	TRY("ioprio_set(none, level 1)", ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO(0, 1)));
	TRY("ioprio_set(which 4)", ioprio_set(4, 0, IOPRIO(2, 0)));
	TRY("ioprio_get(which 0)", ioprio_get(0, 0));
	TRY("ioprio_set(no such pid)", ioprio_set(IOPRIO_WHO_PROCESS, 99999, IOPRIO(2, 0)));
	TRY("ioprio_get(no such pid)", ioprio_get(IOPRIO_WHO_PROCESS, 99999));
	child_sees("before idle");
	TRY("ioprio_set(idle)", ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO(3, 0)));
	TRY("ioprio_get(process, self)", ioprio_get(IOPRIO_WHO_PROCESS, 0));

	TRY("unshare(0)", unshare(0));
	TRY("unshare(CLONE_FILES | CLONE_FS)", unshare(CLONE_FILES | CLONE_FS));
	TRY("unshare(CLONE_SYSVSEM)", unshare(CLONE_SYSVSEM));
	TRY("unshare(CLONE_VM), single-threaded", unshare(CLONE_VM));
	TRY("unshare(CLONE_PIDFD)", unshare(0x1000));
	TRY("unshare(CLONE_SETTLS)", unshare(CLONE_SETTLS));

	TRY("prctl(PR_GET_NO_NEW_PRIVS)", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	TRY("prctl(PR_SET_NO_NEW_PRIVS, 0)", prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0));
	TRY("prctl(PR_SET_NO_NEW_PRIVS, 1, 1)", prctl(PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0));
	TRY("prctl(PR_SET_NO_NEW_PRIVS, 1)", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	TRY("prctl(PR_GET_NO_NEW_PRIVS, 1)", prctl(PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0));
	TRY("prctl(PR_GET_NO_NEW_PRIVS)", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	child_sees("at the end");
	return 0;
}
