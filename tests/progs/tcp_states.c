// tcp_states: the states of TCP connections on the loopback device as Linux's
// /proc/net/tcp shows them, and what they do: a half-close (shutdown SHUT_WR) is
// FIN_WAIT2 on its side and CLOSE_WAIT on the other, which reads to the end and may still
// write; the side that closed first ends in TIME_WAIT (its socket closed, its
// getpeername ENOTCONN), holding its port against a bind unless both the new socket and
// the old connection's said SO_REUSEADDR; a socket closed first is an orphan in FIN_WAIT2
// until its peer closes, or writes to it and is reset (EPIPE after). Only the lines of
// this test's port are shown (a state each, local or remote), sorted: their order and
// the ports are Linux's choice.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"

#define SA(a)	((struct sockaddr *)&(a))

static const char *states[] = { "?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
				"FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK",
				"LISTEN", "CLOSING" };

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "what: [local|remote] STATE, ..." for /proc/net/tcp's lines with port p (host order). */
static void show_states(const char *what, int p)
{
	char line[512], *got[32];
	unsigned lport, rport, st;
	int n = 0;
	FILE *f;

	usleep(20000);		/* Linux's loopback delivers in a softirq: let it */
	f = fopen("/proc/net/tcp", "r");
	fgets(line, sizeof(line), f);
	while (fgets(line, sizeof(line), f) && n < 32)
		if (sscanf(line, "%*d: %*8x:%x %*8x:%x %x", &lport, &rport, &st) == 3 &&
		    (lport == (unsigned)p || rport == (unsigned)p) && st < 12)
			if (asprintf(&got[n], "%s %s", lport == (unsigned)p ? "local" : "remote",
				     states[st]) > 0)
				n++;
	fclose(f);
	qsort(got, n, sizeof(got[0]), cmp);
	printf("%s:", what);
	for (int i = 0; i < n; i++) {
		printf("%s %s", i ? "," : "", got[i]);
		free(got[i]);
	}
	printf("\n");
}

/* A listener on 127.0.0.1 (SO_REUSEADDR if reuse), its port in *p. */
static int listener(int reuse, int *p)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0);

	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof(reuse));
	bind(l, SA(a), sizeof(a));
	listen(l, 4);
	getsockname(l, SA(a), &len);
	*p = ntohs(a.sin_port);
	return l;
}

/* A connection to l at port p: the client, the accepted socket in *a. */
static int connection(int l, int p, int *a)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(p),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int c = socket(AF_INET, SOCK_STREAM, 0);

	connect(c, SA(to), sizeof(to));
	*a = accept(l, NULL, NULL);
	return c;
}

/* bind a new socket to 127.0.0.1:p, with SO_REUSEADDR or not. */
static void try_bind(const char *what, int p, int reuse)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(p),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int s = socket(AF_INET, SOCK_STREAM, 0);

	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof(reuse));
	TRY(what, bind(s, SA(a), sizeof(a)));
	close(s);
}

static void half_close(void)
{
	int p, l = listener(0, &p), a, c = connection(l, p, &a);
	char buf[8] = "";
	struct sockaddr_in peer;
	socklen_t len = sizeof(peer);

	show_states("connected", p);
	TRY("client shutdown(SHUT_WR)", shutdown(c, SHUT_WR));
	show_states("  then", p);
	TRY("  server reads", read(a, buf, sizeof(buf)));
	TRY("  server writes", write(a, "late", 4));
	TRY("  client reads", read(c, buf, sizeof(buf)));
	TRY("server closes", close(a));
	show_states("  then", p);
	TRY("  client getpeername", getpeername(c, SA(peer), &len));
	TRY("  client reads", read(c, buf, sizeof(buf)));
	close(c);
	show_states("client closes", p);
	close(l);
}

static void server_first(int reuse)
{
	int p, l = listener(reuse, &p), a, c = connection(l, p, &a);
	char buf[8];

	printf("listener with SO_REUSEADDR %d; the server closes first\n", reuse);
	close(a);
	show_states("  then", p);
	TRY("  client reads", read(c, buf, sizeof(buf)));
	close(c);
	show_states("  client closes", p);
	close(l);
	show_states("  listener closes", p);
	try_bind("  bind its port", p, 0);
	try_bind("  bind its port, SO_REUSEADDR", p, 1);
}

static void orphan_reset(void)
{
	int p, l = listener(0, &p), a, c = connection(l, p, &a);
	char buf[8];

	printf("the server closes first, the client writes\n");
	close(a);
	TRY("  client writes", send(c, "x", 1, MSG_NOSIGNAL));
	show_states("  then", p);
	TRY("  client writes", send(c, "x", 1, MSG_NOSIGNAL));
	TRY("  client reads", read(c, buf, sizeof(buf)));
	close(c);
	close(l);
	show_states("  all closed", p);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	half_close();
	server_first(0);
	server_first(1);
	orphan_reset();
	return 0;
}
