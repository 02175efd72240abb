// fs_tmp_full: ramfs has tmpfs's limits, pages of data and inodes (issue 13, defect 4: one
// could fill /tmp until the next process to fault died, init included). Booted with
// ramfs.size=4M ramfs.nr_inodes=64: writes stop with ENOSPC at about 4 MiB (the initramfs
// counts too), a hole costs nothing until written, a long symbolic link takes a page, and
// names stop with ENOSPC at 64 inodes, a hard link counting as one; the memory a process
// needs is still there; everything comes back when the files go.
// host: no (the host's /tmp is a disk, not a small tmpfs, and filling it would hurt the host;
// a tmpfs of its own needs mount(2), which shmos has not yet). Run by hand on Linux in a
// private mount namespace over a tmpfs mounted with size=4M,nr_inodes=64, it prints the same
// but "after 3 to 4 MiB: no": there no initramfs counts, and the writes stop at 4 MiB.
// mem: 16M
// cmdline: ramfs.size=4M ramfs.nr_inodes=64
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "freeram.h"

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

static void data(void)
{
	int fd = open("/tmp/big", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	long total = 0, r;
	char name[300];

	while ((r = write(fd, buf, sizeof buf)) > 0)
		total += r;
	printf("writes stop with: %s\n", r < 0 ? ename(errno) : "0");
	printf("after 3 to 4 MiB: %s\n", yes(total >= 3 << 20 && total < 4 << 20));
	TRY("a write into a hole", pwrite(fd, "x", 1, 8 << 20));
	TRY("ftruncate up to 64 MiB (holes)", ftruncate(fd, 64 << 20));
	TRY("a write of 0 bytes", write(fd, buf, 0));
	int fd2 = open("/tmp/small", O_WRONLY | O_CREAT, 0600);
	printf("a new file: %s\n", fd2 >= 0 ? "ok" : ename(errno));
	TRY("  its first byte", write(fd2, "x", 1));
	memset(name, 'l', 200);
	name[200] = 0;
	TRY("a symlink to 200 bytes", symlink(name, "/tmp/long"));
	TRY("a symlink to 5 bytes", symlink("short", "/tmp/short"));
	printf("a process touches 4 MiB and lives: %s\n", touch(4 << 20));
	TRY("ftruncate down to 1 MiB", ftruncate(fd, 1 << 20));
	TRY("then the new file's first byte", write(fd2, "x", 1));
	TRY("and the long symlink", symlink(name, "/tmp/long"));
	close(fd);
	close(fd2);
	unlink("/tmp/big");
	unlink("/tmp/small");
	unlink("/tmp/long");
	unlink("/tmp/short");
}

// creat, and close at once.
static int creat_close(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT, 0600);

	if (fd >= 0)
		close(fd);
	return fd < 0 ? -1 : 0;
}

static void inodes(void)
{
	char name[64];
	int n = 0, fd;

	for (;;) {
		snprintf(name, sizeof name, "/tmp/f%d", n);
		if ((fd = open(name, O_WRONLY | O_CREAT, 0600)) < 0)
			break;
		close(fd);
		n++;
	}
	printf("creat stops with: %s\n", ename(errno));
	printf("after 40 to 64 files: %s\n", yes(n >= 40 && n < 64));
	TRY("mkdir", mkdir("/tmp/d", 0700));
	TRY("symlink", symlink("f0", "/tmp/s"));
	TRY("link", link("/tmp/f0", "/tmp/h"));
	TRY("rename", rename("/tmp/f0", "/tmp/g"));
	unlink("/tmp/f1");
	TRY("after an unlink, link", link("/tmp/g", "/tmp/h"));
	TRY("then creat", creat_close("/tmp/f1"));
	TRY("unlink one of two names", unlink("/tmp/g"));
	TRY("then creat", creat_close("/tmp/f1"));
	unlink("/tmp/h");
	unlink("/tmp/f1");
	for (int i = 2; i < n; i++) {
		snprintf(name, sizeof name, "/tmp/f%d", i);
		unlink(name);
	}
}

// Fault in the stack, the buffer and what fork needs, so that they do not count as a leak.
static void warm_up(void)
{
	volatile char stack[16 << 10];

	memset((char *)stack, 0, sizeof stack);
	asm volatile("" : : "r"(stack) : "memory");
	memset(buf, 'x', sizeof buf);
	touch(4096);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	warm_up();
	unsigned long free0 = freeram();

	data();
	inodes();
	printf("every page back: %s\n", yes(freeram() == free0));
	return 0;
}
