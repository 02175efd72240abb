// thread_close_busy: a thread closes a descriptor while another thread sleeps in a call
// on its file. The descriptor goes at once, but the file lives until the call ends, as
// Linux's fdget keeps it: a read of a pipe's read end, closed under it, still returns
// what the writer writes next; a write to a full pipe, its write end closed under it,
// still completes when the reader makes room, and the reader then sees the end of the
// file. A poll holds the files it waits on while it sleeps (Linux's poll_wait takes a
// reference): a pipe's write end that a poll waits on, closed by another thread, is
// still a writer until the poll returns, and a reader sees no end of file. Many rounds, so that a file freed
// under its sleeper (the kernel's defect this test was written for) is caught.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int pfd[2];
static long got;
static volatile pid_t busy_tid;	// the thread about to sleep in its call

static void *reader(void *arg)
{
	char buf[16];

	(void)arg;
	busy_tid = gettid();
	got = read(pfd[0], buf, sizeof buf);	// sleeps: the pipe is empty
	return NULL;
}

static void *writer(void *arg)
{
	static char big[70000];

	(void)arg;
	busy_tid = gettid();
	got = write(pfd[1], big, sizeof big);	// sleeps: more than the pipe holds
	return NULL;
}

static void *poller(void *arg)
{
	struct pollfd p = { .fd = pfd[1], .events = POLLIN };	// never ready: it sleeps

	(void)arg;
	busy_tid = gettid();
	got = poll(&p, 1, 300);
	return NULL;
}

// The main thread's wait for the thread to be asleep in its call: its state in
// /proc/self/task/TID/stat is S once it sleeps (it runs nothing else before the call).
static void settle(void)
{
	char path[64], line[256], *p;

	for (int i = 0; i < 2000; i++) {
		int fd, n;

		snprintf(path, sizeof path, "/proc/self/task/%d/stat", busy_tid);
		fd = busy_tid ? open(path, O_RDONLY) : -1;
		n = fd < 0 ? 0 : read(fd, line, sizeof line - 1);
		if (fd >= 0)
			close(fd);
		line[n > 0 ? n : 0] = 0;
		if ((p = strrchr(line, ')')) && p[1] == ' ' && p[2] == 'S')
			break;
		usleep(1000);
	}
	busy_tid = 0;
	usleep(2000);
}

static int read_round(void)
{
	pthread_t t;
	int w;

	if (pipe(pfd) < 0)
		return -1;
	w = pfd[1];
	pthread_create(&t, NULL, reader, NULL);
	settle();
	close(pfd[0]);			// the reader's descriptor goes...
	if (write(w, "hello", 5) != 5)	// ...its file stays: it takes this
		return -2;
	pthread_join(t, NULL);
	close(w);
	return got == 5 ? 0 : -3;
}

static int write_round(void)
{
	pthread_t t;
	char buf[4096];
	long n, total = 0;
	int r;

	if (pipe(pfd) < 0)
		return -1;
	r = pfd[0];
	pthread_create(&t, NULL, writer, NULL);
	settle();
	close(pfd[1]);			// the writer's descriptor goes, its write goes on
	while ((n = read(r, buf, sizeof buf)) > 0)
		total += n;
	pthread_join(t, NULL);
	close(r);
	return got == 70000 && total == 70000 && n == 0 ? 0 : -4;
}

static int poll_round(void)
{
	pthread_t t;
	char c;
	long n;

	if (pipe(pfd) < 0)
		return -1;
	pthread_create(&t, NULL, poller, NULL);
	settle();
	close(pfd[1]);			// the poll still holds the write end
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	n = read(pfd[0], &c, 1);
	pthread_join(t, NULL);
	close(pfd[0]);
	return n < 0 && errno == EAGAIN ? 0 : -5;
}

int main(void)
{
	int bad = 0, err;
	struct pollfd p;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (int i = 0; i < 20 && !bad; i++)
		if ((err = read_round()) != 0)
			printf("read round %d: %d (got %ld)\n", i, err, got), bad = 1;
	printf("read of a pipe whose descriptor another thread closed: %s\n",
	       bad ? "wrong" : "the data written next");
	for (int i = 0; i < 10 && !bad; i++)
		if ((err = write_round()) != 0)
			printf("write round %d: %d (got %ld)\n", i, err, got), bad = 1;
	printf("write to a pipe whose descriptor another thread closed: %s\n",
	       bad ? "wrong" : "all of it, then end of file");
	for (int i = 0; i < 3 && !bad; i++)
		if ((err = poll_round()) != 0)
			printf("poll round %d: %d\n", i, err), bad = 1;
	printf("read of a pipe whose writer, polled by another thread, was closed: %s\n",
	       bad ? "wrong" : "EAGAIN, the poll holds the writer");
	if (pipe(pfd) == 0) {
		close(pfd[0]);
		p = (struct pollfd){ .fd = pfd[0], .events = POLLIN };
		err = poll(&p, 1, 0);
		printf("poll of the closed descriptor: %d, revents %#x\n", err, p.revents);
		close(pfd[1]);
	}
	return bad;
}
