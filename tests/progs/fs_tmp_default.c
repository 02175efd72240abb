// fs_tmp_default: with ramfs's default limit, half of RAM as tmpfs's, a user who fills /tmp
// gets ENOSPC, and memory is left for processes: a process that faults in pages afterwards
// lives, init included (issue 13, defect 4: "power off, status 137").
// host: no (the host's /tmp is a disk: filling it would hurt the host)
// mem: 16M
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define CHUNK (64 * 1024)

static char buf[CHUNK];

// A child touches n bytes of new memory: does it live?
static const char *touch(size_t n)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		for (size_t i = 0; i < n; i += 4096)
			p[i] = 1;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "yes" : "no";
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	int fd = open("/tmp/fill", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	long total = 0, r;

	while ((r = write(fd, buf, sizeof buf)) > 0)
		total += r;
	printf("writes stop with: %s\n", r < 0 ? ename(errno) : "0");
	printf("after at most half of RAM: %s\n", yes(total <= 8 << 20 && total > 4 << 20));
	printf("a process touches 2 MiB and lives: %s\n", touch(2 << 20));
	touch(4096);
	r = write(fd, buf, 1);
	printf("still full: %s\n", r < 0 ? ename(errno) : "no");
	close(fd);
	TRY("unlink", unlink("/tmp/fill"));
	fd = open("/tmp/fill", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	TRY("then a write", write(fd, buf, sizeof buf));
	return 0;
}
