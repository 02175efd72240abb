// shm_next_id: /proc/sys/kernel/shm_next_id - root asks for the id of the next new
// segment: it gets that id, or the next one up whose slot is free; the file reads -1
// again once a segment took the request, and keeps it while none is made.
// Linux has the file with CONFIG_CHECKPOINT_RESTORE (LTP's shmget05 and shmget06).
// On Linux the .out is recorded in a fresh IPC namespace, where the file starts at -1.
// host: uids (a user other than root may not write it)
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define NEXT_ID "/proc/sys/kernel/shm_next_id"

static void show_file(void)
{
	char buf[32] = "";
	int fd = open(NEXT_ID, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (n < 0)
		printf("read: -1 %s\n", ename(errno));
	else
		printf("reads: %s", buf);
	if (fd >= 0)
		close(fd);
}

static void put(const char *text)
{
	int fd = open(NEXT_ID, O_WRONLY);
	ssize_t n;

	if (fd < 0) {
		printf("write %s: open -1 %s\n", text, ename(errno));
		return;
	}
	n = write(fd, text, strlen(text));
	if (n < 0)
		printf("write %s: -1 %s\n", text, ename(errno));
	else
		printf("write %s: %zd\n", text, n);
	close(fd);
}

static int new_segment(const char *what, key_t key)
{
	int id = shmget(key, 4096, IPC_CREAT | 0600);

	if (id < 0)
		printf("%s: -1 %s\n", what, ename(errno));
	else
		printf("%s: id %d\n", what, id);
	return id;
}

static void rmid(int id)
{
	if (id >= 0)
		shmctl(id, IPC_RMID, NULL);
}

int main(void)
{
	struct stat st;
	struct shmid_ds ds;
	int a, b, c, d, e;
	pid_t pid;
	int status;

	setvbuf(stdout, NULL, _IOLBF, 0);	// a child's lines too, through a pipe
	if (stat(NEXT_ID, &st) == 0)
		printf("mode %o\n", (unsigned)st.st_mode);
	show_file();

	put("4000");
	show_file();
	a = new_segment("asked for 4000", IPC_PRIVATE);
	show_file();
	printf("IPC_STAT of 4000: %s\n", yes(shmctl(4000, IPC_STAT, &ds) == 0 && ds.shm_segsz == 4096));

	// Taken: the next id up whose slot is free.
	put("4000");
	b = new_segment("asked for 4000 again", IPC_PRIVATE);
	show_file();

	// A shmget that makes no segment leaves the request for the next one.
	e = new_segment("key 0x5e5e0001", 0x5e5e0001);
	put("5000");
	TRY("size 0", shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600));
	TRY("no such key", shmget(0x5e5e0003, 4096, 0600));
	printf("key 0x5e5e0001 found: %s\n", yes(shmget(0x5e5e0001, 4096, IPC_CREAT | 0600) == e));
	show_file();
	c = new_segment("asked for 5000", IPC_PRIVATE);
	show_file();
	rmid(e);

	// The largest id there is.
	put("2147483647");
	d = new_segment("asked for 2147483647", 0x5e5e0002);
	printf("its key finds it: %s\n", yes(shmget(0x5e5e0002, 0, 0) == d));

	// Values the file refuses, and what it keeps then.
	put("-1");
	put("-2");
	put("2147483648");
	put("12x");
	show_file();

	// Only root writes it; anyone reads it.
	pid = fork();
	if (pid == 0) {
		if (setuid(65534) < 0) {
			printf("setuid: -1 %s\n", ename(errno));
			_exit(1);
		}
		put("100");
		show_file();
		_exit(0);
	}
	waitpid(pid, &status, 0);

	// Removed, an asked-for id names nothing, and the file is -1 again.
	rmid(a);
	rmid(b);
	rmid(c);
	rmid(d);
	printf("IPC_STAT of 4000 after IPC_RMID: %d %s\n", shmctl(4000, IPC_STAT, &ds), ename(errno));
	show_file();
	return 0;
}
