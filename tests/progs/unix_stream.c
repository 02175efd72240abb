// unix_stream: AF_UNIX stream sockets as Linux has them. socketpair: data both ways,
// FIONREAD, MSG_PEEK, MSG_DONTWAIT, MSG_WAITALL, shutdown (EOF, EPIPE and SIGPIPE, or none
// with MSG_NOSIGNAL), poll's bits, ECONNRESET for data left unread, fstat's S_IFSOCK and
// /proc/self/fd's socket:[N]; socket()'s errors (other families: EAFNOSUPPORT); a named
// socket: bind (its S_IFSOCK node, EADDRINUSE), listen, connect (ENOENT, ECONNREFUSED,
// EPROTOTYPE), accept4 with its flags, the backlog, the names and credentials each side
// sees; an abstract name and autobind; an accept that a signal interrupts; the same calls
// through socketcall(2), i386's other way in.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "unix_sock.h"

static char dir[] = "/tmp/unix_stream.XXXXXX";
static int sigpipes, alarms;

static void on_sigpipe(int sig)
{
	sigpipes++;
}

static void on_alarm(int sig)
{
	alarms++;
}

static void pair(void)
{
	int sv[2], n = -1;
	char buf[64] = "", link[64] = "", path[64];
	struct stat st;

	TRY("socketpair(AF_UNIX, SOCK_STREAM)", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	fstat(sv[0], &st);
	printf("fstat: S_ISSOCK %s, mode %o\n", yes(S_ISSOCK(st.st_mode)), st.st_mode & 0777);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", sv[0]);
	readlink(path, link, sizeof(link) - 1);
	printf("/proc/self/fd link: %.8s ino matches %s\n", link,
	       yes(atol(link + 8) == (long)st.st_ino));
	show_poll("fresh pair", sv[0]);
	TRY("write hello", write(sv[0], "hello", 5));
	TRY("send world", send(sv[0], " world", 6, 0));
	ioctl(sv[1], FIONREAD, &n);
	printf("FIONREAD: %d\n", n);
	show_poll("with data", sv[1]);
	TRY("recv MSG_PEEK 4", recv(sv[1], buf, 4, MSG_PEEK));
	TRY("read 64 (both writes)", read(sv[1], buf, 64));
	printf("  got \"%s\"\n", buf);
	TRY("recv MSG_DONTWAIT, empty", recv(sv[1], buf, 64, MSG_DONTWAIT));
	TRY("recv of 0 bytes, MSG_DONTWAIT, empty", recv(sv[1], buf, 0, MSG_DONTWAIT));
	TRY("write back", write(sv[1], "pong", 4));
	memset(buf, 0, sizeof(buf));
	TRY("read on the other side", read(sv[0], buf, 64));
	printf("  got \"%s\"\n", buf);
	if (fork() == 0) {
		for (int i = 0; i < 4; i++) {
			usleep(20000);
			write(sv[1], "ab", 2);
		}
		_exit(0);
	}
	TRY("recv MSG_WAITALL 8 (four writes of 2)", recv(sv[0], buf, 8, MSG_WAITALL));
	wait(NULL);
	TRY("shutdown(SHUT_WR)", shutdown(sv[0], SHUT_WR));
	show_poll("peer shut its writing", sv[1]);
	TRY("read after the peer's SHUT_WR", read(sv[1], buf, 64));
	TRY("write after own SHUT_WR", write(sv[0], "x", 1));
	printf("  SIGPIPEs: %d\n", sigpipes);
	TRY("send MSG_NOSIGNAL after own SHUT_WR", send(sv[0], "x", 1, MSG_NOSIGNAL));
	printf("  SIGPIPEs: %d\n", sigpipes);
	TRY("shutdown how 3", shutdown(sv[0], 3));
	close(sv[0]);
	close(sv[1]);

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "unread", 6);
	close(sv[1]);
	show_poll("peer closed with our data unread", sv[0]);
	TRY("read", read(sv[0], buf, 64));
	TRY("read again", read(sv[0], buf, 64));
	TRY("write to a closed peer", write(sv[0], "x", 1));
	printf("  SIGPIPEs: %d\n", sigpipes);
	close(sv[0]);

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[1], "data", 4);
	close(sv[1]);
	show_poll("peer closed, its data unread here", sv[0]);
	TRY("read the data", read(sv[0], buf, 64));
	TRY("then EOF", read(sv[0], buf, 64));
	close(sv[0]);
}

static void creating(void)
{
	int sv[2];

	int fd;

	// The host has these families and shmos has not (EAFNOSUPPORT, as a Linux built
	// without them): either answer passes, any other fails.
	fd = socket(AF_INET, SOCK_STREAM, 0);
	printf("socket(AF_INET): a socket or EAFNOSUPPORT: %s\n", yes(fd >= 0 || errno == EAFNOSUPPORT));
	close(fd);
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	printf("socket(AF_INET6): a socket or EAFNOSUPPORT: %s\n", yes(fd >= 0 || errno == EAFNOSUPPORT));
	close(fd);
	TRY("socket(999)", socket(999, SOCK_STREAM, 0));
	TRY("socket(AF_UNIX, type 99)", socket(AF_UNIX, 99, 0));
	TRY("socket(AF_UNIX, SOCK_RDM)", socket(AF_UNIX, SOCK_RDM, 0));
	TRY("socket(AF_UNIX, SOCK_STREAM, protocol 6)", socket(AF_UNIX, SOCK_STREAM, 6));
	TRY("socket(AF_UNIX, SOCK_STREAM | 0x100000)", socket(AF_UNIX, SOCK_STREAM | 0x100000, 0));
	TRY("getsockname of a pipe", getsockname(0 * pipe(sv) + sv[0], NULL, NULL));
	close(sv[0]);
	close(sv[1]);
	TRY("listen on a bad descriptor", listen(-1, 1));
}

static void named(void)
{
	struct sockaddr_un a, b;
	socklen_t len, blen, clen;
	struct ucred cred;
	struct stat st;
	int l, c, s, d, c2, c3, v;
	char buf[16];

	l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	printf("SOCK_CLOEXEC: FD_CLOEXEC %d\n", fcntl(l, F_GETFD));
	len = sun_at(&a, dir, "s");
	TRY("listen before bind", listen(l, 1));
	TRY("bind", bind(l, (struct sockaddr *)&a, len));
	stat(a.sun_path, &st);
	printf("its node: S_ISSOCK %s\n", yes(S_ISSOCK(st.st_mode)));
	TRY("bind again", bind(l, (struct sockaddr *)&a, len));
	d = socket(AF_UNIX, SOCK_STREAM, 0);
	TRY("bind another to the same path", bind(d, (struct sockaddr *)&a, len));
	TRY("bind with sun_family AF_INET", bind(d, (struct sockaddr *)&(struct sockaddr){ AF_INET }, len));
	TRY("bind in a missing directory", bind(d, (struct sockaddr *)&b, sun_at(&b, dir, "no/s")));
	close(d);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	TRY("connect before listen", connect(c, (struct sockaddr *)&a, len));
	TRY("listen", listen(l, 1));
	v = 0;
	getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &v, &(socklen_t){ sizeof(v) });
	printf("SO_ACCEPTCONN: %d\n", v);
	TRY("connect to a missing path", connect(c, (struct sockaddr *)&b, sun_at(&b, dir, "none")));
	TRY("connect to a regular file", connect(c, (struct sockaddr *)&b,
						 sun_at(&b, dir, "file") * (close(creat(b.sun_path, 0644)) + 1)));
	d = socket(AF_UNIX, SOCK_DGRAM, 0);
	TRY("connect a datagram socket to it", connect(d, (struct sockaddr *)&a, len));
	close(d);
	show_poll("listener, nobody waiting", l);
	TRY("connect", connect(c, (struct sockaddr *)&a, len));
	TRY("connect again", connect(c, (struct sockaddr *)&a, len));
	show_poll("listener, one waiting", l);
	TRY("write before accept", write(c, "early", 5));
	c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	TRY("second connect (backlog 1)", connect(c2, (struct sockaddr *)&a, len));
	c3 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	TRY("third connect, non-blocking, backlog full", connect(c3, (struct sockaddr *)&a, len));
	blen = sizeof(b);
	memset(&b, 0, sizeof(b));
	s = accept4(l, (struct sockaddr *)&b, &blen, SOCK_NONBLOCK | SOCK_CLOEXEC);
	printf("accept4: %s, peer's name length %d, O_NONBLOCK %s, FD_CLOEXEC %d\n",
	       yes(s >= 0), (int)blen, yes(fcntl(s, F_GETFL) & O_NONBLOCK), fcntl(s, F_GETFD));
	TRY("read what came before accept", read(s, buf, sizeof(buf)));
	TRY("read again, non-blocking", read(s, buf, sizeof(buf)));
	blen = sizeof(b);
	getsockname(s, (struct sockaddr *)&b, &blen);
	printf("accepted getsockname: the listener's name %s\n",
	       yes(blen == len && strcmp(b.sun_path, a.sun_path) == 0));
	blen = sizeof(b);
	getpeername(c, (struct sockaddr *)&b, &blen);
	printf("client getpeername: the listener's name %s\n",
	       yes(blen == len && strcmp(b.sun_path, a.sun_path) == 0));
	blen = sizeof(b);
	TRY("client getsockname (unbound)", getsockname(c, (struct sockaddr *)&b, &blen));
	printf("  its length %d\n", (int)blen);
	blen = 4;
	getsockname(l, (struct sockaddr *)&b, &blen);
	printf("getsockname into 4 bytes: length %d\n", (int)blen);
	clen = sizeof(cred);
	getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cred, &clen);
	printf("SO_PEERCRED: %d bytes, pid is ours %s, uid %d gid %d\n", (int)clen,
	       yes(cred.pid == getpid()), cred.uid, cred.gid);
	TRY("getpeername on the listener", getpeername(l, (struct sockaddr *)&b, &blen));
	TRY("accept the second", (d = accept(l, NULL, NULL)) >= 0);
	close(d);
	close(c2);
	close(c3);
	close(s);
	TRY("read after the accepted end closed", read(c, buf, sizeof(buf)));
	close(c);
	TRY("accept non-blocking, nobody", accept4(l, NULL, NULL, 0 * fcntl(l, F_SETFL, O_NONBLOCK)));
	fcntl(l, F_SETFL, 0);
	sigaction(SIGALRM, &(struct sigaction){ .sa_handler = on_alarm }, NULL);	/* no SA_RESTART */
	ualarm(50000, 0);
	TRY("accept that a signal interrupts", accept(l, NULL, NULL));
	printf("  alarms: %d\n", alarms);
	TRY("accept with bad flags", accept4(l, NULL, NULL, 1));
	close(l);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	TRY("connect after the listener closed", connect(c, (struct sockaddr *)&a, len));
	TRY("unlink the name", unlink(a.sun_path));
	TRY("connect after unlink", connect(c, (struct sockaddr *)&a, len));
	close(c);
}

static void abstract(void)
{
	struct sockaddr_un a = { AF_UNIX }, b;
	socklen_t len, blen = sizeof(b);
	int l, c, s, n;
	char buf[8];

	n = snprintf(a.sun_path + 1, sizeof(a.sun_path) - 1, "shmos-unix-stream-%d", getpid());
	len = offsetof(struct sockaddr_un, sun_path) + 1 + n;
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	TRY("bind abstract", bind(l, (struct sockaddr *)&a, len));
	getsockname(l, (struct sockaddr *)&b, &blen);
	printf("its name: same length %s, same bytes %s\n", yes(blen == len),
	       yes(memcmp(&a, &b, len) == 0));
	listen(l, 5);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	TRY("connect with one byte less", connect(c, (struct sockaddr *)&a, len - 1));
	TRY("connect", connect(c, (struct sockaddr *)&a, len));
	s = accept(l, NULL, NULL);
	write(c, "abc", 3);
	TRY("read", read(s, buf, sizeof(buf)));
	close(s);
	close(c);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	TRY("bind to the family alone (autobind)", bind(c, (struct sockaddr *)&a, sizeof(sa_family_t)));
	blen = sizeof(b);
	getsockname(c, (struct sockaddr *)&b, &blen);
	printf("autobind: length %d, abstract %s\n", (int)blen, yes(b.sun_path[0] == 0));
	close(c);
	close(l);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	TRY("connect after the listener closed", connect(c, (struct sockaddr *)&a, len));
	close(c);
}

// socketcall(2): glibc on i386 may use either way; both reach the same code.
static void socketcall_way(void)
{
	int sv[2];
	long args[4] = { AF_UNIX, SOCK_STREAM, 0, (long)sv };
	char buf[4];
	long rargs[4];

	TRY("socketcall(SYS_SOCKETPAIR)", syscall(SYS_socketcall, 8, args));
	write(sv[0], "sc", 2);
	rargs[0] = sv[1];
	rargs[1] = (long)buf;
	rargs[2] = sizeof(buf);
	rargs[3] = 0;
	TRY("socketcall(SYS_RECV)", syscall(SYS_socketcall, 10, rargs));
	TRY("socketcall(0)", syscall(SYS_socketcall, 0, args));
	TRY("socketcall(21)", syscall(SYS_socketcall, 21, args));
	TRY("socketcall with a bad pointer", syscall(SYS_socketcall, 1, (void *)8));
	args[0] = 999;
	TRY("socketcall(SYS_SOCKET, family 999)", syscall(SYS_socketcall, 1, args));
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	signal(SIGPIPE, on_sigpipe);
	setvbuf(stdout, NULL, _IONBF, 0);
	umask(022);
	if (!mkdtemp(dir))
		return 1;
	pair();
	creating();
	named();
	abstract();
	socketcall_way();
	unlink(path_in(dir, "file"));
	TRY("rmdir (nothing left behind)", rmdir(dir));
	return 0;
}
