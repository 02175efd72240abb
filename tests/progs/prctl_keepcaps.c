// prctl_keepcaps: PR_SET_KEEPCAPS and PR_GET_KEEPCAPS, the flag that keeps a process's
// permitted capabilities across a setuid away from root. util-linux's setpriv sets it
// before it changes any id, and stopped with "keep process capabilities failed" where the
// call was EINVAL. The flag is the securebit SECURE_KEEP_CAPS (PR_GET_SECUREBITS shows
// it, 0x10), only 0 and 1 may be set, a fork's child has its parent's, and execve clears
// it (the program re-executes itself to see).
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

int main(int argc, char **argv)
{
	int status;

	if (argc > 1) {		// after the execve
		TRY("after execve: PR_GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
		TRY("after execve: PR_GET_SECUREBITS", prctl(PR_GET_SECUREBITS, 0, 0, 0, 0));
		return 0;
	}
	TRY("PR_GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
	TRY("PR_SET_KEEPCAPS 2", prctl(PR_SET_KEEPCAPS, 2, 0, 0, 0));
	TRY("PR_SET_KEEPCAPS -1", prctl(PR_SET_KEEPCAPS, -1, 0, 0, 0));
	TRY("PR_SET_KEEPCAPS 1", prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0));
	TRY("PR_GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
	TRY("PR_GET_SECUREBITS", prctl(PR_GET_SECUREBITS, 0, 0, 0, 0));
	fflush(stdout);
	if (fork() == 0) {
		TRY("in a fork's child: PR_GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
		fflush(stdout);
		execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
		_exit(127);
	}
	wait(&status);
	printf("child: exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	TRY("PR_SET_KEEPCAPS 0", prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0));
	TRY("PR_GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
	TRY("PR_GET_SECUREBITS", prctl(PR_GET_SECUREBITS, 0, 0, 0, 0));
	return 0;
}
