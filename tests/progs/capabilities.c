// capabilities: capget(2) and prctl's capability questions, which Debian's setpriv
// --dump, capsh and libcap ask: root's sets (full permitted and effective, empty
// inheritable), the version handshake, a child's, and after setresuid to nobody (the
// effective uid: the effective set empty; all three: every set). capset may write
// back what it read, and never raise the effective set above the permitted.
// host: uids
#define _GNU_SOURCE
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "check.h"

struct cap_header {
	unsigned version;
	int pid;
};

struct cap_data {
	unsigned effective, permitted, inheritable;
};

static long capget(struct cap_header *h, struct cap_data *d)
{
	return syscall(SYS_capget, h, d);
}

static long capset(struct cap_header *h, struct cap_data *d)
{
	return syscall(SYS_capset, h, d);
}

/*
 * A few capabilities of a set, by name, and whether it has any past the last
 * (40): the host's test sandbox may lack others (CAP_SYS_RESOURCE).
 */
static const char *caps(unsigned low, unsigned high)
{
	static char buf[8][80];
	static int n;
	char *b = buf[n++ % 8];

	snprintf(b, 80, "[%s%s%s%s%s%s]", low & 1 << 0 ? " chown" : "",
		 low & 1 << 5 ? " kill" : "", low & 1 << 7 ? " setuid" : "",
		 low & 1 << 21 ? " sys_admin" : "", high & 1 << 8 ? " checkpoint_restore" : "",
		 high >> 9 ? " past-last" : "");
	return b;
}

static void show(const char *what, unsigned version, int pid)
{
	struct cap_header h = { version, pid };
	struct cap_data d[2] = { { 0 } };
	long r;

	errno = 0;
	r = capget(&h, d);
	if (r < 0)
		printf("capget(%s): -1 %s, version now %#x\n", what, ename(errno), h.version);
	else
		printf("capget(%s): effective %s, permitted %s, inheritable %s\n", what,
		       caps(d[0].effective, d[1].effective),
		       caps(d[0].permitted, d[1].permitted),
		       caps(d[0].inheritable, d[1].inheritable));
}

int main(void)
{
	struct cap_header h = { 0x20080522, 0 };
	struct cap_data d[2];
	int status;
	pid_t pid;

	show("v3, self", 0x20080522, 0);
	show("v3, own pid", 0x20080522, getpid());
	show("v1", 0x19980330, 0);
	show("bad version", 0x12345678, 0);
	show("pid -1", 0x20080522, -1);
	show("no such pid", 0x20080522, 99999);
	h.version = 0x12345678;
	TRY("capget(bad version, NULL data)", capget(&h, NULL));
	printf("version then: %#x\n", h.version);
	h.version = 0x20080522;
	TRY("capget(v3, NULL data)", capget(&h, NULL));
	TRY("capget(v3, data)", capget(&h, d));
	TRY("capset(the same)", capset(&h, d));
	h.pid = 99999;
	TRY("capset(another pid)", capset(&h, d));
	h.pid = 0;
	d[0].permitted = d[1].permitted = 0;
	TRY("capset(effective outside permitted)", capset(&h, d));
	show("after those", 0x20080522, 0);

	TRY("prctl(PR_CAPBSET_READ, 0)", prctl(PR_CAPBSET_READ, 0, 0, 0, 0));
	TRY("prctl(PR_CAPBSET_READ, 40)", prctl(PR_CAPBSET_READ, 40, 0, 0, 0));
	TRY("prctl(PR_CAPBSET_READ, 64)", prctl(PR_CAPBSET_READ, 64, 0, 0, 0));
	TRY("prctl(PR_GET_SECUREBITS)", prctl(PR_GET_SECUREBITS, 0, 0, 0, 0));
	TRY("prctl(PR_GET_KEEPCAPS)", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
	TRY("prctl(PR_CAP_AMBIENT_IS_SET, 0)", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 0, 0, 0));
	TRY("prctl(PR_CAP_AMBIENT_IS_SET, 64)", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 64, 0, 0));
	TRY("prctl(PR_CAP_AMBIENT_RAISE, 0)", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, 0, 0, 0));
	TRY("prctl(PR_CAP_AMBIENT_LOWER, 0)", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, 0, 0, 0));
	TRY("prctl(PR_CAP_AMBIENT_CLEAR_ALL)", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0));
	TRY("prctl(PR_CAP_AMBIENT, 9)", prctl(PR_CAP_AMBIENT, 9, 0, 0, 0));

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		show("child", 0x20080522, 0);
		if (setresuid(0, 65534, 0) == 0)
			show("effective uid nobody", 0x20080522, 0);
		if (setresuid(65534, 65534, 65534) == 0)
			show("all uids nobody", 0x20080522, 0);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	show("the child, exited", 0x20080522, pid);
	return 0;
}
