// Operations on POSIX message queues: mq_open of names of the worker's own
// ("/fuzzmq.W.N", and bad names), with random flags, modes and sizes; sends and
// receives with random lengths, priorities, deadlines and pointers; mq_notify with
// every kind of sigevent (signals every worker ignores, SIGEV_THREAD's netlink
// socket); mq_getsetattr; mq_unlink; close. A call that may sleep runs under
// bounded()'s timer. Children use the descriptors they inherit. What a worker
// leaves, its cleanup (and the parent, for a worker that died) unlinks.
#include "fuzz.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define NR_mq_open 277
#define NR_mq_unlink 278
#define NR_mq_timedsend 279
#define NR_mq_timedreceive 280
#define NR_mq_notify 281
#define NR_mq_getsetattr 282
#define NR_mq_timedsend_time64 418
#define NR_mq_timedreceive_time64 419
#define NMQ 4
#define AF_NETLINK_ 16

static int mqds[NMQ];		// descriptors mq_open gave us (some closed since)
static int nmqds;

// The kernel's name (glibc strips the slash): ours, or one it must refuse.
static long mq_name(void)
{
	static const char *const bad[] = { "", ".", "..", "a/b", "/", "fuzzmq/x" };
	static char name[32];

	if (chance(10))
		return chance(50) ? (long)PICK(bad) : bad_ptr();
	snprintf(name, sizeof name, "fuzzmq.%d.%u", me, below(NMQ));
	return (long)name;
}

static long mqd(void)
{
	return nmqds && chance(85) ? mqds[below(nmqds)] : chance(50) ? fd_any() : bad_fd();
}

// A struct mq_attr in scratch: flags, maxmsg, msgsize, curmsgs (i386 longs).
static long attr(void)
{
	static const long maxmsg[] = { 1, 2, 10, 0, -1, 11, 65536, 0x7fffffff };
	static const long msgsize[] = { 1, 64, 8192, 0, -1, 8193, 0x7fffffff };
	long *a = (long *)scratch;

	if (chance(30))
		return chance(50) ? 0 : bad_ptr();
	memset(a, 0, 32);
	a[0] = chance(80) ? 0 : chance(50) ? O_NONBLOCK : (long)rnd();
	a[1] = chance(80) ? (long)(1 + below(4)) : PICK(maxmsg);
	a[2] = chance(80) ? (long)(1 + below(256)) : PICK(msgsize);
	return (long)a;
}

// An absolute deadline on the wall clock: soon, past, bad, or none.
static long deadline(int is64)
{
	long *t = (long *)(scratch + 64);
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	switch (below(6)) {
	case 0: return 0;
	case 1: return bad_ptr();
	case 2: now.tv_sec = 0; break;			// long past
	case 3: now.tv_nsec = chance(50) ? -1 : 1000000000; break;
	default: now.tv_nsec += below(20000000);	// within 20 ms
		if (now.tv_nsec >= 1000000000)
			now.tv_sec++, now.tv_nsec -= 1000000000;
	}
	if (is64) {
		t[0] = now.tv_sec, t[1] = 0, t[2] = now.tv_nsec, t[3] = 0;
	} else {
		t[0] = now.tv_sec, t[1] = now.tv_nsec;
	}
	return (long)t;
}

static void mq_open_op(void)
{
	static const long flags[] = { O_RDWR, O_RDONLY, O_WRONLY, O_ACCMODE, O_RDWR | O_NONBLOCK };
	long fl = PICK(flags) | (chance(70) ? O_CREAT : 0) | (chance(20) ? O_EXCL : 0);
	long fd = SC(NR_mq_open, mq_name(), fl, chance(80) ? 0600 : mode(), attr(), 0);

	if (fd >= 0 && nmqds < NMQ)
		mqds[nmqds++] = fd;
	else if (fd >= 0)
		close(fd);
}

// A struct sigevent in scratch: value, signo, notify; SIGEV_THREAD's socket and cookie.
static long sigevent(void)
{
	static const long signos[] = { SIGALRM, SIGVTALRM, SIGPROF, 0, 65, -1 };
	static const long notify[] = { 0 /* SIGNAL */, 1 /* NONE */, 2 /* THREAD */, 4, -1 };
	static int nl = -1;
	long *ev = (long *)scratch;

	if (chance(15))
		return chance(50) ? 0 : bad_ptr();
	memset(ev, 0, 64);
	ev[2] = PICK(notify);
	ev[1] = PICK(signos);
	ev[0] = below(100);
	if (ev[2] == 2) {	// the cookie at scratch + 128, the socket a netlink one (or not)
		if (nl < 0)
			nl = socket(AF_NETLINK_, SOCK_RAW, 0);
		ev[0] = chance(85) ? (long)(scratch + 128) : bad_ptr();
		ev[1] = chance(85) ? nl : fd_any();
	}
	return (long)ev;
}

void op_mqueue(void)
{
	char *buf = scratch + 256;
	long len = chance(80) ? (long)below(300) : (long)rnd();
	int is64 = chance(50);

	switch (below(8)) {
	case 0: case 1:
		mq_open_op();
		break;
	case 2:
		bounded(1);
		SC(is64 ? NR_mq_timedsend_time64 : NR_mq_timedsend, mqd(),
		   chance(90) ? (long)buf : bad_ptr(), len, chance(90) ? below(8) : rnd(),
		   deadline(is64));
		bounded(0);
		break;
	case 3:
		bounded(1);
		SC(is64 ? NR_mq_timedreceive_time64 : NR_mq_timedreceive, mqd(),
		   chance(90) ? (long)buf : bad_ptr(), chance(80) ? 8192 : len,
		   chance(50) ? (long)(scratch + 60) : chance(50) ? 0 : bad_ptr(), deadline(is64));
		bounded(0);
		break;
	case 4:
		SC(NR_mq_notify, mqd(), sigevent(), 0, 0, 0);
		break;
	case 5:
		SC(NR_mq_getsetattr, mqd(), attr(), chance(70) ? (long)(scratch + 512) : 0, 0, 0);
		break;
	case 6:
		SC(NR_mq_unlink, mq_name(), 0, 0, 0, 0);
		break;
	default:
		if (nmqds) {
			int i = below(nmqds);

			// Only a descriptor that is still a queue: another operation may have
			// closed ours (close_range, dup2 onto it) and the number be a pipe's now,
			// whose end the worker counts on (a worker exited with 3, seed 31).
			if (syscall(NR_mq_getsetattr, mqds[i], 0, scratch + 512) == 0)
				close(mqds[i]);
			mqds[i] = mqds[--nmqds];
		}
	}
}

// The worker's names, for its cleanup or the parent's (a worker that died).
void mqueue_cleanup(int worker)
{
	char name[32];

	for (int i = 0; i < NMQ; i++) {
		snprintf(name, sizeof name, "fuzzmq.%d.%d", worker, i);
		syscall(NR_mq_unlink, name);
	}
}
