// proc_net_unix: /proc/net/unix lists the AF_UNIX sockets (fuser, lsof and ss read it):
// its header, then a line per socket with Linux's fields: protocol 0, the listener's flag
// (__SO_ACCEPTCON), the type, the state (SS_UNCONNECTED 01, SS_CONNECTED 03, and 02 for a
// connection not yet accepted, which has no socket: inode 0), the socket's inode, as
// fstat gives it, and the name: a path, or an abstract one as '@' and the rest (each NUL
// an '@'). A closed socket's line goes. Only this program's sockets are shown (the host's
// list has all of its own), without the address and the reference count.
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "check.h"

#define PATH	"/tmp/proc_net_unix.sock"

static unsigned long inodes[8];
static int ninodes;

static void note(int fd)
{
	struct stat st;

	fstat(fd, &st);
	inodes[ninodes++] = st.st_ino;
}

// Ours: our sockets' inodes, or an embryo of our listener (inode 0, its path).
static int ours(unsigned long ino, const char *name)
{
	for (int i = 0; i < ninodes; i++)
		if (inodes[i] == ino)
			return i + 1;
	return ino == 0 && !strcmp(name, PATH) ? 9 : 0;
}

static void show(const char *what)
{
	FILE *f = fopen("/proc/net/unix", "r");
	char line[512], name[256], found[10][300] = { { 0 } };
	unsigned int proto, flags, type, st;
	unsigned long ino;

	printf("%s:\n", what);
	if (!f) {
		printf("  %s\n", ename(errno));
		return;
	}
	if (fgets(line, sizeof(line), f))
		printf("  header: %s", line);
	while (fgets(line, sizeof(line), f)) {
		name[0] = 0;
		if (sscanf(line, "%*x: %*x %x %x %x %x %lu %255s", &proto, &flags, &type, &st,
			   &ino, name) < 5)
			continue;
		if (ours(ino, name))	// (Linux's order is its hash table's)
			snprintf(found[ours(ino, name)], sizeof(found[0]),
				 "  socket %d: %08X %08X %04X %02X %s %s\n", ours(ino, name),
				 proto, flags, type, st, ino ? "inode" : "0", name);
	}
	fclose(f);
	for (int i = 1; i < 10; i++)
		fputs(found[i], stdout);
}

int main(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = PATH };
	struct sockaddr_un abstract = { .sun_family = AF_UNIX };
	int pair[2], lfd, cfd, dfd, afd;

	memcpy(abstract.sun_path, "\0shmos\0x", 8);
	unlink(PATH);
	socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
	note(pair[0]);
	note(pair[1]);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(lfd, (struct sockaddr *)&a, sizeof(a));
	listen(lfd, 4);
	note(lfd);
	dfd = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind(dfd, (struct sockaddr *)&abstract, offsetof(struct sockaddr_un, sun_path) + 8);
	note(dfd);
	cfd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	note(cfd);
	show("pair, listener, abstract datagram, seqpacket");
	close(cfd);
	cfd = socket(AF_UNIX, SOCK_STREAM, 0);
	ninodes--;
	note(cfd);
	connect(cfd, (struct sockaddr *)&a, sizeof(a));
	show("seqpacket closed, a stream connected, not accepted");
	afd = accept(lfd, NULL, NULL);
	note(afd);
	show("accepted");
	unlink(PATH);
	return 0;
}
