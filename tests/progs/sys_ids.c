// sys_ids: user and group ids. The test starts as root (the runner is root on Linux and
// shmos starts init as root); a child gives up root with setgid+setuid and cannot get it back.
// host: uids
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static void show_ids(const char *who)
{
	printf("%s: uid %d euid %d gid %d egid %d\n", who, (int)getuid(), (int)geteuid(),
	       (int)getgid(), (int)getegid());
}

static void user_child(void)
{
	pid_t pid;
	int st, p[2];
	char c;

	TRY("child setgid(1000)", setgid(1000));
	TRY("child setuid(1000)", setuid(1000));
	show_ids("child");
	TRY("child setuid(0)", setuid(0));
	TRY("child setgid(0)", setgid(0));
	TRY("child setuid(1001)", setuid(1001));
	TRY("child setuid(1000), its own uid", setuid(1000));
	TRY("child kill(root parent, 0)", kill(getppid(), 0));
	pipe(p);
	pid = fork();
	if (pid == 0) {
		show_ids("grandchild");
		_exit(0);	// closes p[1]
	}
	close(p[1]);
	read(p[0], &c, 1);	// EOF: the grandchild has printed
	close(p[0]);
	TRY("child kill(own exited child, 0)", kill(pid, 0));	// a zombie still exists
	waitpid(pid, &st, 0);
	show_ids("child still");
}

int main(void)
{
	pid_t pid;
	int st;

	setvbuf(stdout, NULL, _IONBF, 0);
	show_ids("parent");
	TRY("parent setuid(0)", setuid(0));
	TRY("parent setgid(0)", setgid(0));
	pid = fork();
	if (pid == 0) {
		user_child();
		_exit(3);
	}
	waitpid(pid, &st, 0);
	printf("child exit status: %d\n", WEXITSTATUS(st));
	show_ids("parent after child");
	return 0;
}
