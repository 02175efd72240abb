// fifo: mkfifo (glibc's, through mknodat) and mknod make named pipes, device nodes, sockets'
// names and plain files, with Linux's errors. A FIFO's open waits for the other end: a
// reader for a writer and a writer for a reader; O_NONBLOCK reading does not wait, O_NONBLOCK
// writing without a reader is ENXIO, O_RDWR never waits. Then it is a pipe: EOF when the
// writers have gone, EPIPE when the readers have, no seeking, and no data kept once no end is
// open.
// host: uids
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static char dir[] = "/tmp/fifo.XXXXXX";

#define at(name) path_in(dir, name)

static void on_alarm(int sig)
{
	(void)sig;
}

static void nodes(void)
{
	struct stat st;

	TRY("mkfifo", mkfifo(at("f"), 0644));
	stat(at("f"), &st);
	printf("a FIFO: %s, mode %o, size %ld\n", yes(S_ISFIFO(st.st_mode)), st.st_mode & 0777,
	       (long)st.st_size);
	TRY("mkfifo again", mkfifo(at("f"), 0644));
	TRY("mkfifo in a missing directory", mkfifo(at("none/f"), 0644));
	TRY("mkfifo with a trailing slash", mkfifo(at("g/"), 0644));
	TRY("mknod a directory", mknod(at("d"), S_IFDIR | 0755, 0));
	TRY("mknod of an unknown type", mknod(at("u"), 0170000 | 0644, 0));
	TRY("mknod S_IFREG", mknod(at("r"), S_IFREG | 0600, 0));
	TRY("mknod of type 0", mknod(at("z"), 0600, 0));
	stat(at("z"), &st);
	printf("type 0 is a regular file: %s\n", yes(S_ISREG(st.st_mode)));
	TRY("mknod a character device 1,3 (root)", mknod(at("c"), S_IFCHR | 0600, makedev(1, 3)));
	stat(at("c"), &st);
	printf("its st_rdev: %u,%u\n", major(st.st_rdev), minor(st.st_rdev));
	TRY("mknod a block device (root)", mknod(at("b"), S_IFBLK | 0600, makedev(240, 7)));
	TRY("mknod a socket's name", mknod(at("s"), S_IFSOCK | 0600, 0));
	printf("open the socket's name: %s\n", open(at("s"), O_RDWR) < 0 ? ename(errno) : "ok");

	pid_t pid = fork();
	if (pid == 0) {
		setuid(65534);
		TRY("nobody: mknod a character device", mknod(at("c2"), S_IFCHR | 0600, makedev(1, 3)));
		TRY("nobody: mkfifo", mkfifo(at("nf"), 0600));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void opens(void)
{
	int r, w, st;
	char buf[32];
	pid_t pid;

	r = open(at("f"), O_RDONLY | O_NONBLOCK);
	printf("O_RDONLY|O_NONBLOCK, no writer: %s\n", r < 0 ? ename(errno) : "ok");
	TRY("  read with no writer", read(r, buf, sizeof(buf)));
	w = open(at("f"), O_WRONLY | O_NONBLOCK);
	printf("O_WRONLY|O_NONBLOCK with a reader: %s\n", w < 0 ? ename(errno) : "ok");
	TRY("  write", write(w, "nb", 2));
	TRY("  read", read(r, buf, sizeof(buf)));
	TRY("  lseek", lseek(r, 0, SEEK_SET));
	close(w);
	close(r);
	w = open(at("f"), O_WRONLY | O_NONBLOCK);
	printf("O_WRONLY|O_NONBLOCK, no reader: %s\n", w < 0 ? ename(errno) : "ok");

	// A blocking reader waits for a writer, and the writer's data comes through.
	pid = fork();
	if (pid == 0) {
		usleep(100000);
		int cw = open(at("f"), O_WRONLY);
		write(cw, "through the fifo", 16);
		close(cw);
		_exit(0);
	}
	r = open(at("f"), O_RDONLY);
	printf("blocking O_RDONLY: %s\n", r < 0 ? ename(errno) : "ok, a writer came");
	memset(buf, 0, sizeof(buf));
	int n = 0, k;
	while ((k = read(r, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += k;
	printf("read %d bytes, \"%s\", then EOF: %d\n", n, buf, k);
	close(r);
	waitpid(pid, &st, 0);

	// A blocking writer waits for a reader.
	pid = fork();
	if (pid == 0) {
		usleep(100000);
		int cr = open(at("f"), O_RDONLY);
		char cbuf[8] = "";
		read(cr, cbuf, 5);
		printf("child read: %s\n", cbuf);
		close(cr);
		_exit(0);
	}
	w = open(at("f"), O_WRONLY);
	printf("blocking O_WRONLY: %s\n", w < 0 ? ename(errno) : "ok, a reader came");
	write(w, "hello", 5);
	waitpid(pid, &st, 0);
	signal(SIGPIPE, SIG_IGN);
	TRY("write with the reader gone", write(w, "x", 1));
	close(w);

	// O_RDWR: both ends, never waits; what is left when the last end closes is gone.
	int rw = open(at("f"), O_RDWR);
	printf("O_RDWR: %s\n", rw < 0 ? ename(errno) : "ok");
	TRY("  write", write(rw, "kept?", 5));
	close(rw);
	rw = open(at("f"), O_RDWR | O_NONBLOCK);
	TRY("  reopened, read", read(rw, buf, sizeof(buf)));
	close(rw);

	// A signal ends a wait with EINTR (no SA_RESTART).
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	r = open(at("f"), O_RDONLY);
	printf("blocking O_RDONLY, interrupted: %s\n", r < 0 ? ename(errno) : "opened");
	w = open(at("f"), O_WRONLY | O_NONBLOCK);
	printf("  then O_WRONLY|O_NONBLOCK: %s (no reader is left waiting)\n", w < 0 ? ename(errno) : "ok");

	// Unlinked while open: still a pipe.
	r = open(at("f"), O_RDWR);
	TRY("unlink while open", unlink(at("f")));
	write(r, "after unlink", 12);
	memset(buf, 0, sizeof(buf));
	read(r, buf, 12);
	printf("  read: %s\n", buf);
	close(r);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	mkdtemp(dir);
	chmod(dir, 0777);
	nodes();
	opens();
	const char *names[] = { "r", "z", "c", "b", "s", "nf", "c2" };
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(at(names[i]));
	TRY("rmdir", rmdir(dir));
	return 0;
}
