// unix_scm: control messages on AF_UNIX sockets as Linux has them. SCM_RIGHTS passes open
// files: the receiver gets new descriptors (the lowest free, MSG_CMSG_CLOEXEC honoured) for
// the same open files (one offset); a buffer too small for them truncates (MSG_CTRUNC) and
// closes the rest; a stream read stops after the data that brought files; MSG_PEEK gives
// copies; bad descriptors and bad headers are errors. Files in flight stay open until
// received, and go when the message does: with the receiving socket, or, for a cycle
// (a socket in its own queue, two in each other's), by the garbage collector, which a pipe
// whose writer was in the cycle sees as end of file. SCM_CREDENTIALS with SO_PASSCRED: the
// sender's pid, uid and gid, from socketpair, connect and a datagram's sender, and
// SO_PEERCRED.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

// Send len bytes of data with n descriptors: sendmsg's result.
static long send_fds(int s, const char *data, int len, const int *fds, int n)
{
	char ctl[CMSG_SPACE(sizeof(int) * 8)];
	struct iovec iov = { (void *)data, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;

	if (n) {
		memset(ctl, 0, sizeof(ctl));
		m.msg_control = ctl;
		m.msg_controllen = CMSG_SPACE(sizeof(int) * n);
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * n);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	}
	errno = 0;
	return sendmsg(s, &m, 0);
}

// Receive into buf with a control buffer of ctllen bytes; print what came.
static long recv_show(const char *what, int s, int ctllen, int flags, int *fds)
{
	char buf[32] = "", ctl[256];
	struct iovec iov = { buf, sizeof(buf) - 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctllen ? ctl : NULL,
			    .msg_controllen = ctllen };
	struct cmsghdr *c;
	long r;

	errno = 0;
	r = recvmsg(s, &m, flags);
	printf("%s: ", what);
	if (r < 0) {
		printf("-1 %s\n", ename(errno));
		return r;
	}
	printf("%ld \"%s\"%s, controllen %d", r, buf, m.msg_flags & MSG_CTRUNC ? " MSG_CTRUNC" : "",
	       (int)m.msg_controllen);
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			int n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);

			printf(", SCM_RIGHTS %d:", n);
			for (int i = 0; i < n; i++) {
				int fd;

				memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
				printf(" fd %d%s", fd, fcntl(fd, F_GETFD) == FD_CLOEXEC ? " (cloexec)" : "");
				if (fds)
					fds[i] = fd;
			}
		} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
			struct ucred u;

			memcpy(&u, CMSG_DATA(c), sizeof(u));
			printf(", SCM_CREDENTIALS: pid %s, uid %d gid %d",
			       u.pid == getpid() ? "ours" : u.pid ? "another" : "0", u.uid, u.gid);
		}
	}
	printf("\n");
	return r;
}

// Does the pipe's read end see its last writer gone within ms?
static const char *writer_gone(int rfd, int ms)
{
	struct pollfd p = { rfd, POLLIN, 0 };

	return yes(poll(&p, 1, ms) == 1 && (p.revents & POLLHUP));
}

static void rights(void)
{
	int sv[2], p[2], fds[8], got[8] = { -1, -1 }, bad = 99;
	char buf[8] = "";
	off_t off;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	fds[0] = p[1];
	fds[1] = open("/", O_RDONLY);
	TRY("send two files", send_fds(sv[0], "two", 3, fds, 2));
	close(p[1]);
	close(fds[1]);
	printf("the pipe's writer in flight: gone %s\n", writer_gone(p[0], 0));
	recv_show("recv them", sv[1], 256, 0, got);
	TRY("write through the received pipe end", write(got[0], "via", 3));
	TRY("read it", read(p[0], buf, 3));
	close(got[0]);
	close(got[1]);
	printf("received ends closed: writer gone %s\n", writer_gone(p[0], 0));
	close(p[0]);

	fds[0] = open("/proc/self/stat", O_RDONLY);
	TRY("send one, with MSG_CMSG_CLOEXEC at the receiver", send_fds(sv[0], "x", 1, fds, 1));
	recv_show("recv MSG_CMSG_CLOEXEC", sv[1], 256, MSG_CMSG_CLOEXEC, got);
	read(got[0], buf, 2);
	off = lseek(fds[0], 0, SEEK_CUR);
	printf("one open file: the sender's offset moved to %ld\n", (long)off);
	close(got[0]);

	fds[1] = fds[2] = fds[0];
	TRY("send three", send_fds(sv[0], "three", 5, fds, 3));
	recv_show("recv with room for one", sv[1], CMSG_SPACE(sizeof(int)), 0, got);
	close(got[0]);
	TRY("send one", send_fds(sv[0], "y", 1, fds, 1));
	recv_show("recv with no control buffer", sv[1], 0, 0, NULL);

	TRY("send a bad descriptor", send_fds(sv[0], "z", 1, &bad, 1));
	{
		char ctl[CMSG_SPACE(sizeof(int))];
		struct iovec iov = { "q", 1 };
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
				    .msg_controllen = sizeof(ctl) };
		struct cmsghdr *c = CMSG_FIRSTHDR(&m);

		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = sizeof(ctl) + 4;
		TRY("cmsg_len past the buffer", sendmsg(sv[0], &m, 0));
		c->cmsg_len = CMSG_LEN(sizeof(int));
		c->cmsg_type = 99;
		TRY("an unknown type", sendmsg(sv[0], &m, 0));
	}
	TRY("nothing was queued", recv(sv[1], buf, 8, MSG_DONTWAIT));

	// A stream read stops after the data that brought files.
	send(sv[0], "ab", 2, 0);
	send_fds(sv[0], "cd", 2, fds, 1);
	send(sv[0], "ef", 2, 0);
	recv_show("stream read over three writes, the second with a file", sv[1], 256, 0, got);
	close(got[0]);
	recv_show("the rest", sv[1], 256, 0, NULL);
	send_fds(sv[0], "pk", 2, fds, 1);
	recv_show("MSG_PEEK", sv[1], 256, MSG_PEEK, got);
	close(got[0]);
	recv_show("then for real", sv[1], 256, 0, got);
	close(got[0]);
	close(fds[0]);
	close(sv[0]);
	close(sv[1]);
}

static void in_flight(void)
{
	int sv[2], tv[2], p[2], fds[2], trigger[2];

	// Unread when the receiver closes: the message goes, and its files.
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	pipe(p);
	send_fds(sv[0], "m", 1, &p[1], 1);
	close(p[1]);
	close(sv[1]);
	printf("receiver closed with the writer unread: writer gone %s\n", writer_gone(p[0], 1000));
	close(p[0]);
	close(sv[0]);

	// A socket in its own queue, with a pipe's writer beside it.
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	fds[0] = p[1];
	fds[1] = sv[1];
	TRY("send sv[1] into its own queue", send_fds(sv[0], "c", 1, fds, 2));
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
	socketpair(AF_UNIX, SOCK_STREAM, 0, trigger);	// a socket's release runs the collector
	close(trigger[0]);
	close(trigger[1]);
	printf("self cycle collected: writer gone %s\n", writer_gone(p[0], 2000));
	close(p[0]);

	// Two sockets, each in the other's queue.
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, tv);
	pipe(p);
	fds[0] = tv[0];
	fds[1] = p[1];
	send_fds(sv[0], "1", 1, fds, 2);	// sv[1]'s queue: tv[0], the writer
	send_fds(tv[1], "2", 1, &sv[1], 1);	// tv[0]'s queue: sv[1]
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
	close(tv[0]);
	close(tv[1]);
	socketpair(AF_UNIX, SOCK_STREAM, 0, trigger);
	close(trigger[0]);
	close(trigger[1]);
	printf("two-socket cycle collected: writer gone %s\n", writer_gone(p[0], 2000));
	close(p[0]);
}

static void credentials(void)
{
	int sv[2], on = 1, s, l, c;
	struct ucred u;
	socklen_t len = sizeof(u);
	struct sockaddr_un a = { AF_UNIX };

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	send(sv[0], "no", 2, 0);
	recv_show("without SO_PASSCRED", sv[1], 256, 0, NULL);
	TRY("setsockopt SO_PASSCRED", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)));
	on = 0;
	getsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, &len);
	printf("SO_PASSCRED: %d\n", on);
	send(sv[0], "yes", 3, 0);
	recv_show("with SO_PASSCRED", sv[1], 256, 0, NULL);
	send(sv[0], "room", 4, 0);
	recv_show("with SO_PASSCRED, no control buffer", sv[1], 0, 0, NULL);
	if (fork() == 0) {
		send(sv[0], "child", 5, 0);
		_exit(0);
	}
	wait(NULL);
	recv_show("from a child", sv[1], 256, 0, NULL);
	len = sizeof(u);
	getsockopt(sv[1], SOL_SOCKET, SO_PEERCRED, &u, &len);
	printf("SO_PEERCRED of a pair: pid ours %s, uid %d gid %d\n", yes(u.pid == getpid()), u.uid, u.gid);
	{
		char ctl[CMSG_SPACE(sizeof(struct ucred))];
		struct iovec iov = { "own", 3 };
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
				    .msg_controllen = sizeof(ctl) };
		struct cmsghdr *c = CMSG_FIRSTHDR(&m);

		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_CREDENTIALS;
		c->cmsg_len = CMSG_LEN(sizeof(struct ucred));
		u = (struct ucred){ getpid(), getuid(), getgid() };
		memcpy(CMSG_DATA(c), &u, sizeof(u));
		TRY("sendmsg with its own SCM_CREDENTIALS", sendmsg(sv[0], &m, 0));
		recv_show("recv", sv[1], 256, 0, NULL);
		c->cmsg_len = CMSG_LEN(sizeof(struct ucred)) - 4;
		TRY("SCM_CREDENTIALS of a wrong length", sendmsg(sv[0], &m, 0));
	}
	close(sv[0]);
	close(sv[1]);

	// connect: the listener sees the client's; the client the listener's.
	snprintf(a.sun_path + 1, sizeof(a.sun_path) - 1, "shmos-unix-scm-%d", getpid());
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(l, (struct sockaddr *)&a, sizeof(a));
	listen(l, 1);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	len = sizeof(u);
	memset(&u, 0, sizeof(u));
	TRY("SO_PEERCRED unconnected", getsockopt(c, SOL_SOCKET, SO_PEERCRED, &u, &len));
	printf("  pid %d uid %d gid %d\n", u.pid, u.uid, u.gid);
	on = 1;
	setsockopt(c, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));
	if (fork() == 0) {
		connect(c, (struct sockaddr *)&a, sizeof(a));
		send(c, "hi", 2, 0);
		_exit(0);
	}
	s = accept(l, NULL, NULL);
	wait(NULL);
	len = sizeof(u);
	getsockopt(s, SOL_SOCKET, SO_PEERCRED, &u, &len);
	printf("accepted SO_PEERCRED: the child's pid %s\n", yes(u.pid != getpid() && u.pid > 0));
	setsockopt(s, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));
	recv_show("accepted recv with SO_PASSCRED", s, 256, 0, NULL);
	len = sizeof(a);
	getsockname(c, (struct sockaddr *)&a, &len);
	printf("SO_PASSCRED before connect autobound the client: length %d\n", (int)len);
	close(s);
	close(c);
	close(l);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	rights();
	in_flight();
	credentials();
	return 0;
}
