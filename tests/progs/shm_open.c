// shm_open: POSIX shared memory through glibc (shm_open, ftruncate, mmap, shm_unlink), which
// is a file in /dev/shm, a tmpfs: two processes that open the same name and map it share
// its pages, the mapping outlives shm_unlink, and the name goes at once. Then glibc's and
// the kernel's errors: EEXIST, ENOENT, EACCES for a read-only object mapped for writing,
// EINVAL for a name with a slash in it.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PG 4096
#define TMPFS_MAGIC 0x01021994

int main(void)
{
	char name[64], other[64];
	struct statfs sfs;
	struct stat st;
	int fd, fd2, st_child;
	char *p, *q;
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	snprintf(name, sizeof(name), "/shm_open.%d", getpid());
	snprintf(other, sizeof(other), "/shm_open.%d.ro", getpid());

	fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	printf("shm_open O_CREAT|O_EXCL: %s\n", fd < 0 ? ename(errno) : "ok");
	printf("close-on-exec: %s\n", yes(fcntl(fd, F_GETFD) & FD_CLOEXEC));
	fstat(fd, &st);
	printf("a regular file of %ld bytes, mode %o\n", (long)st.st_size, st.st_mode & 07777);
	fstatfs(fd, &sfs);
	printf("on a tmpfs: %s\n", yes(sfs.f_type == TMPFS_MAGIC));
	printf("again with O_EXCL: %s\n",
	       shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600) < 0 ? ename(errno) : "ok");
	TRY("ftruncate to 2 pages", ftruncate(fd, 2 * PG));
	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	printf("mmap: %s, reads zero: %s\n", p == MAP_FAILED ? ename(errno) : "ok",
	       yes(p != MAP_FAILED && p[0] == 0 && p[2 * PG - 1] == 0));
	strcpy(p, "from the parent");

	pid = fork();
	if (pid == 0) {
		// Another process opens the same name: the same pages.
		int cfd = shm_open(name, O_RDWR, 0);
		char *c = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);

		printf("child reads: %s\n", c);
		strcpy(c + PG, "from the child");
		close(cfd);
		_exit(0);
	}
	waitpid(pid, &st_child, 0);
	printf("parent reads: %s\n", p + PG);
	char buf[32] = "";
	pread(fd, buf, 14, PG);
	printf("and read() does: %s\n", buf);

	TRY("shm_unlink", shm_unlink(name));
	printf("shm_open after unlink: %s\n", shm_open(name, O_RDWR, 0) < 0 ? ename(errno) : "ok");
	TRY("shm_unlink again", shm_unlink(name));
	strcpy(p, "after unlink");
	printf("the mapping lives on: %s\n", p);
	munmap(p, 2 * PG);
	close(fd);

	// A read-only object, and a read-only open of it.
	fd = shm_open(other, O_RDWR | O_CREAT, 0400);
	ftruncate(fd, PG);
	close(fd);
	fd2 = shm_open(other, O_RDONLY, 0);
	q = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
	printf("O_RDONLY object, MAP_SHARED for writing: %s\n", q == MAP_FAILED ? ename(errno) : "mapped");
	q = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd2, 0);
	printf("for reading: %s\n", q == MAP_FAILED ? ename(errno) : "mapped");
	munmap(q, PG);
	close(fd2);
	TRY("shm_unlink the read-only one", shm_unlink(other));

	printf("a name with a slash inside: %s\n", shm_open("/a/b", O_RDWR | O_CREAT, 0600) < 0 ? ename(errno) : "ok");
	printf("a name that does not exist: %s\n", shm_open("/shm_open.none", O_RDWR, 0) < 0 ? ename(errno) : "ok");
	TRY("shm_unlink of no such name", shm_unlink("/shm_open.none"));
	return 0;
}
