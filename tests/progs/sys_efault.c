// sys_efault: system calls handed bad user pointers must fail with EFAULT and leave the
// process running. Where glibc would touch the pointer itself (time conversions, the vDSO
// on Linux) the call goes straight to syscall().
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

// Going through a volatile hides the bad value from the compiler's nonnull checks.
static void *bad(uintptr_t addr)
{
	volatile uintptr_t v = addr;

	return (void *)v;
}

static void io(void)
{
	int p[2];

	pipe(p);
	TRY("write(1, NULL, 5)", write(1, bad(0), 5));
	TRY("write(pipe, 0xC0000000, 5)", write(p[1], bad(0xC0000000), 5));
	write(p[1], "data", 4);
	TRY("read(pipe, 0xC0000000, 4)", read(p[0], bad(0xC0000000), 4));
	TRY("read(pipe, 0xFFFFF000, 4)", read(p[0], bad(0xFFFFF000), 4));
	close(p[0]);
	close(p[1]);
}

static void paths(char *self)
{
	struct stat st;
	char *argv[] = { "x", NULL };

	TRY("stat(NULL)", stat(bad(0), &st));
	TRY("open(NULL)", open(bad(0), O_RDONLY));
	TRY("open(0xC0000000)", open(bad(0xC0000000), O_RDONLY));
	TRY("open(0xFFFFF000)", open(bad(0xFFFFF000), O_RDONLY));
	TRY("mkdir(NULL)", mkdir(bad(0), 0755));
	TRY("unlink(NULL)", unlink(bad(0)));
	TRY("chdir(NULL)", chdir(bad(0)));
	TRY("execve(NULL)", execve(bad(0), argv, NULL));
	TRY("execve(self, argv 0xC0000000)", execve(self, bad(0xC0000000), NULL));
	TRY("getcwd(0xC0000000, 100)", syscall(SYS_getcwd, bad(0xC0000000), 100));
}

static void info(void)
{
	TRY("uname(NULL)", uname(bad(0)));
	TRY("sysinfo(1)", sysinfo(bad(1)));
	TRY("gettimeofday(0xC0000000)", syscall(SYS_gettimeofday, bad(0xC0000000), NULL));
	TRY("clock_gettime(REALTIME, 0xC0000000)",
	    syscall(SYS_clock_gettime, CLOCK_REALTIME, bad(0xC0000000)));
	TRY("time(0xC0000000)", syscall(SYS_time, bad(0xC0000000)));
	TRY("clock_nanosleep(MONOTONIC, 0, NULL)",
	    syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, bad(0), NULL));
}

// pipe2 must not leave descriptors behind when it cannot store them.
static void pipe_fds(void)
{
	int before, after;

	before = open("/dev/null", O_RDONLY);
	close(before);
	TRY("pipe(NULL)", pipe(bad(0)));
	TRY("pipe(0xC0000000)", pipe(bad(0xC0000000)));
	after = open("/dev/null", O_RDONLY);
	close(after);
	printf("no descriptors leaked: %s\n", before == after ? "yes" : "no");
}

int main(int argc, char **argv)
{
	(void)argc;
	setvbuf(stdout, NULL, _IONBF, 0);
	io();
	paths(argv[0]);
	info();
	pipe_fds();
	printf("still running: yes\n");
	return 0;
}
