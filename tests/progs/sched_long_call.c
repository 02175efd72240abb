// sched_long_call: a long system call does not stop the machine.  One process reads
// 510 MiB of /dev/zero in a single readv (255 iovecs over the same 2 MiB buffer, so
// it needs little memory); another, busy in user mode all along, must get the CPU
// while that call runs (it takes a second or more under QEMU, many time slices).  On shmos the call passes cond_resched() points, where the
// timer's end of its time slice switches to the other process; on Linux the call is
// preempted, or the other process runs on another CPU.  Before the kernel had them,
// shmos finished the call with the timer held off and the other process never saw
// it.  Prints the call's result and whether the busy process saw the caller inside
// the call: nothing about time.
// timeout: 60
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define CHUNK	(2 << 20)
#define NIOV	255

struct shared {
	volatile int started;	// the busy process runs
	volatile int phase;	// 1 while the caller is in the call, 2 after
	volatile int seen;	// the busy process saw phase 1
};

static struct iovec iov[NIOV];

int main(void)
{
	struct shared *s;
	char *buf;
	ssize_t n;
	pid_t pid;
	int fd;

	setvbuf(stdout, NULL, _IONBF, 0);
	s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	buf = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fd = open("/dev/zero", O_RDONLY);
	if (s == MAP_FAILED || buf == MAP_FAILED || fd < 0) {
		printf("setup failed: %s\n", ename(errno));
		return 1;
	}
	for (int i = 0; i < NIOV; i++)
		iov[i] = (struct iovec){ buf, CHUNK };

	pid = fork();
	if (pid == 0) {
		s->started = 1;
		while (s->phase != 2)
			if (s->phase == 1)
				s->seen = 1;
		_exit(0);
	}
	while (!s->started)
		sched_yield();
	// One more turn for the busy process: the call starts with a whole time slice,
	// so a tick held back during it and delivered after could not end that slice.
	sched_yield();
	s->phase = 1;
	n = readv(fd, iov, NIOV);
	s->phase = 2;
	waitpid(pid, NULL, 0);
	printf("readv of %d x 2 MiB from /dev/zero: %zd\n", NIOV, n);
	printf("the busy process ran during the call: %s\n", yes(s->seen));
	return 0;
}
