// proc_pipe: pipes between processes: data, EOF, EPIPE and SIGPIPE, pipe2, dup, dup2,
// descriptor errors, a 64 KiB transfer, and writes of at most PIPE_BUF staying whole.
#define _GNU_SOURCE // pipe2
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static int wait_status(pid_t pid)
{
	int st;

	waitpid(pid, &st, 0);
	return st;
}

// Parent sends a word, child answers it in capitals over a second pipe.
static void talk(void)
{
	int down[2], up[2], n, i;
	char buf[32];
	pid_t pid;

	TRY("pipe", pipe(down));
	pipe(up);
	pid = fork();
	if (pid == 0) {
		close(down[1]);
		close(up[0]);
		n = read(down[0], buf, sizeof(buf));
		for (i = 0; i < n; i++)
			buf[i] -= 'a' - 'A';
		write(up[1], buf, n);
		_exit(0);
	}
	close(down[0]);
	close(up[1]);
	write(down[1], "hello", 5);
	n = read(up[0], buf, sizeof(buf));
	printf("child answered: %d \"%.*s\"\n", n, n > 0 ? n : 0, buf);
	TRY("read after the child exited (EOF)", read(up[0], buf, sizeof(buf)));
	close(down[1]);
	close(up[0]);
	wait_status(pid);
}

// Data written before the writer closes is still read; then EOF.
static void eof(void)
{
	int p[2];
	char buf[32];
	pid_t pid;

	pipe(p);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		usleep(100000);	// the parent is (most likely) already blocked in read
		write(p[1], "late", 4);
		_exit(0);
	}
	close(p[1]);
	TRY("blocking read gets the late data", read(p[0], buf, sizeof(buf)));
	TRY("then EOF", read(p[0], buf, sizeof(buf)));
	TRY("EOF again", read(p[0], buf, sizeof(buf)));
	close(p[0]);
	wait_status(pid);
}

static void broken(void)
{
	int p[2], st;
	pid_t pid;

	pipe(p);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	TRY("write with no reader, SIGPIPE ignored", write(p[1], "x", 1));
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		write(p[1], "x", 1);
		_exit(0);
	}
	close(p[1]);
	st = wait_status(pid);
	printf("child writing with no reader: %s %d\n", WIFSIGNALED(st) ? "killed by signal" :
	       "exited", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	signal(SIGPIPE, SIG_DFL);
}

static void wrong_ends(void)
{
	int p[2];
	char c;
	struct stat st;

	pipe(p);
	TRY("write to the read end", write(p[0], "x", 1));
	TRY("read from the write end", read(p[1], &c, 1));
	TRY("lseek on a pipe", lseek(p[0], 0, SEEK_SET));
	printf("fstat says FIFO: %s\n", yes(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode)));
	close(p[0]);
	close(p[1]);
	TRY("pipe2(O_CLOEXEC)", pipe2(p, O_CLOEXEC));
	write(p[1], "ok", 2);
	TRY("read through it", read(p[0], &c, 1));
	close(p[0]);
	close(p[1]);
	TRY("pipe2(O_APPEND)", pipe2(p, O_APPEND));
}

static void dups(void)
{
	int p[2], q[2], a, b, d, r;
	char buf[8];

	pipe(p);
	a = dup(p[1]);
	b = dup(p[1]);
	close(a);
	d = dup(p[1]);
	printf("dup returns the lowest free fd: %s\n", yes(d == a));
	write(d, "d", 1);
	close(d);
	close(b);
	r = dup2(p[1], 20);
	printf("dup2(fd, 20): %d\n", r);
	write(20, "2", 1);
	printf("dup2(fd, fd) returns fd: %s\n", yes(dup2(p[1], p[1]) == p[1]));
	r = read(p[0], buf, sizeof(buf));
	printf("read what both copies wrote: %d \"%.*s\"\n", r, r > 0 ? r : 0, buf);
	// dup2 onto an open fd closes it first: here the only write end of pipe q.
	pipe(q);
	dup2(p[1], q[1]);
	TRY("reader of the pipe whose writer dup2 replaced", read(q[0], buf, sizeof(buf)));
	close(q[0]);
	close(q[1]);
	close(20);
	close(p[0]);
	close(p[1]);
	TRY("dup(999)", dup(999));
	TRY("dup2(999, 20)", dup2(999, 20));
	TRY("dup2(1, -1)", dup2(1, -1));
	TRY("close(999)", close(999));
	TRY("close(-1)", close(-1));
	TRY("close a closed fd", close(p[0]));
	TRY("read a closed fd", read(p[0], buf, 1));
	TRY("write a closed fd", write(p[1], "x", 1));
}

#define BIG 65536

// One 64 KiB write (more than a pipe holds) against small reads.
static void bulk(void)
{
	static unsigned char buf[BIG];
	unsigned char in[333];
	unsigned long sum = 0, total = 0;
	int p[2], i, n, st;
	pid_t pid;

	pipe(p);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		for (i = 0; i < BIG; i++)
			buf[i] = (unsigned char)(i * 7 + i / 256);
		_exit(write(p[1], buf, BIG) == BIG ? 0 : 1);
	}
	close(p[1]);
	while ((n = read(p[0], in, sizeof(in))) > 0)
		for (i = 0; i < n; i++, total++)
			sum = sum * 31 + in[i];
	close(p[0]);
	st = wait_status(pid);
	printf("64 KiB in one write: child's write complete %s, read %lu bytes, checksum %lu\n",
	       yes(WIFEXITED(st) && WEXITSTATUS(st) == 0), total, sum);
}

#define WRITERS 4
#define RECORDS 100
#define RECLEN 512

// Writes no larger than PIPE_BUF never interleave with other writers' data.
static void atomic(void)
{
	char rec[RECLEN];
	int p[2], w, i, n, got = 0, whole = 0;
	pid_t pid[WRITERS];

	pipe(p);
	for (w = 0; w < WRITERS; w++) {
		pid[w] = fork();
		if (pid[w] == 0) {
			close(p[0]);
			memset(rec, 'a' + w, RECLEN);
			for (i = 0; i < RECORDS; i++)
				write(p[1], rec, RECLEN);
			_exit(0);
		}
	}
	close(p[1]);
	for (;;) {
		for (n = 0; n < RECLEN; n += i) {
			i = read(p[0], rec + n, RECLEN - n);
			if (i <= 0)
				break;
		}
		if (n < RECLEN)
			break;
		got++;
		for (i = 1; i < RECLEN && rec[i] == rec[0]; i++)
			;
		whole += i == RECLEN;
	}
	close(p[0]);
	for (w = 0; w < WRITERS; w++)
		wait_status(pid[w]);
	printf("%d writers x %d records of %d bytes: %d read, %d whole\n", WRITERS, RECORDS,
	       RECLEN, got, whole);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	talk();
	eof();
	broken();
	wrong_ends();
	dups();
	bulk();
	atomic();
	return 0;
}
