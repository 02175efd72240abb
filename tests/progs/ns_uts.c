// ns_uts: UTS namespaces. unshare(CLONE_NEWUTS) and clone(CLONE_NEWUTS) give a process
// host and domain names of its own, a copy of its parent's at first: sethostname,
// setdomainname and /proc/sys/kernel/hostname change them in that namespace only, which
// uname and the /proc/sys files of its processes show. /proc/PID/ns/uts is "uts:[INUM]",
// the same for parent and child until one unshares; setns into another's through that
// file, or a pidfd, gives its names. A user may do none of it (EPERM).
// host: root
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "check.h"

static unsigned long ns_ino(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (unsigned long)st.st_ino : 0;
}

static void names(const char *who)
{
	struct utsname u;
	char host[80];

	uname(&u);
	slurp_file("/proc/sys/kernel/hostname", host, sizeof(host));
	printf("%s: nodename %s, domainname %s, /proc/sys/kernel/hostname %s", who,
	       u.nodename, u.domainname, host);
}

static int wait_child(pid_t pid)
{
	int status;

	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(void)
{
	unsigned long ino;
	int ready[2], go[2], fd, pidfd;
	char path[64], c;
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	// Names of the test's own: the programs that run after it in one boot (smp4) keep theirs.
	TRY("unshare(CLONE_NEWUTS), the test's own", unshare(CLONE_NEWUTS));
	sethostname("outer", 5);
	setdomainname("outer.dom", 9);
	ino = ns_ino("/proc/self/ns/uts");
	names("outer");

	pipe(ready);
	pipe(go);
	if ((pid = fork()) == 0) {
		printf("child before unshare, the same namespace: %s\n",
		       yes(ns_ino("/proc/self/ns/uts") == ino));
		TRY("unshare(CLONE_NEWUTS)", unshare(CLONE_NEWUTS));
		printf("after: another: %s\n", yes(ns_ino("/proc/self/ns/uts") != ino));
		names("inner, a copy");
		TRY("sethostname(inner)", sethostname("inner", 5));
		printf("write /proc/sys/kernel/domainname: %s\n",
		       write_string("/proc/sys/kernel/domainname", "inner.dom"));
		names("inner");
		write(ready[1], "r", 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	read(ready[0], &c, 1);
	names("outer, after the child's changes");
	snprintf(path, sizeof(path), "/proc/%d/ns/uts", pid);
	fd = open(path, O_RDONLY);
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	if (fork() == 0) {
		TRY("setns(the child's ns/uts, CLONE_NEWIPC)", setns(fd, CLONE_NEWIPC));
		TRY("setns(the child's ns/uts, CLONE_NEWUTS)", setns(fd, CLONE_NEWUTS));
		names("entered by its ns file");
		_exit(0);
	}
	wait(NULL);
	if (fork() == 0) {
		TRY("setns(the child's pidfd, CLONE_NEWUTS)", setns(pidfd, CLONE_NEWUTS));
		names("entered by its pidfd");
		_exit(0);
	}
	wait(NULL);
	write(go[1], "g", 1);
	wait_child(pid);
	TRY("setns(the exited child's pidfd, CLONE_NEWUTS)", setns(pidfd, CLONE_NEWUTS));

	pid = syscall(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		sethostname("cloned", 6);
		names("clone(CLONE_NEWUTS)'s child");
		_exit(0);
	}
	wait_child(pid);
	names("outer at the end");
	if ((pid = fork()) == 0) {
		if (setuid(65534) < 0)
			_exit(1);
		TRY("as nobody: unshare(CLONE_NEWUTS)", unshare(CLONE_NEWUTS));
		TRY("as nobody: clone(CLONE_NEWUTS)",
		    syscall(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0));
		TRY("as nobody: setns(ns/uts, 0)", setns(fd, 0));
		_exit(0);
	}
	wait_child(pid);
	return 0;
}
