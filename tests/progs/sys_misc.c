// sys_misc: small system calls whose values differ between Linux and shmos, so the test
// prints only whether they behave: uname, sched_yield, getpid, sysinfo, umask, and
// syscall numbers the kernel does not know.
#include <errno.h>
#include <stdio.h>
#include <sched.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "check.h"

static void unknown(long nr)
{
	long r;

	errno = 0;
	r = syscall(nr);
	printf("syscall(%ld): %ld %s\n", nr, r, ename(errno));
}

int main(void)
{
	struct utsname u;
	struct sysinfo si;
	int r;

	setvbuf(stdout, NULL, _IONBF, 0);
	memset(&u, 0, sizeof(u));
	r = uname(&u);
	printf("uname: %d\n", r);
	printf("uname sysname, release, machine non-empty: %s\n",
	       yes(u.sysname[0] && u.release[0] && u.machine[0]));
	printf("sched_yield: %d\n", sched_yield());
	printf("getpid > 0: %s\n", yes(getpid() > 0));
	printf("getpid stable: %s\n", yes(getpid() == getpid()));
	unknown(9999);
	unknown(1000);
	unknown(-1);
	r = sysinfo(&si);
	printf("sysinfo: %d\n", r);
	printf("sysinfo mem_unit > 0: %s\n", yes(si.mem_unit > 0));
	printf("sysinfo totalram > 0: %s\n", yes(si.totalram > 0));
	printf("sysinfo totalram >= freeram: %s\n", yes(si.totalram >= si.freeram));
	printf("sysinfo procs >= 1: %s\n", yes(si.procs >= 1));
	umask(077);
	printf("umask returns the previous mask: %s\n", yes(umask(022) == 077));
	printf("umask(022) then umask: %03o\n", (unsigned)umask(022));
	return 0;
}
