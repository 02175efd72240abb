// shm_uaccess: system calls that read or write user memory inside shm attaches:
// untouched pages must be faulted in, read-only attaches refused with EFAULT.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PG 4096
#define SHMAT 21	// ipc() call numbers
#define SHMCTL 24
#define IPC_64 0x100

static char dir[] = "/tmp/shm_uaccess.XXXXXX";

static void yesno(const char *what, int cond)
{
	printf("%s: %s\n", what, cond ? "yes" : "no");
}

static void count(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%s: %ld\n", what, r);
}

static int all_zero(const char *p, int n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

static void pipes(int id)
{
	int fd[2];
	pipe(fd);
	char *p = shmat(id, NULL, 0);
	write(fd[1], "into an untouched page", 22);
	count("read from a pipe into an untouched page", read(fd[0], p + PG + 5, 22));
	yesno("data arrived", memcmp(p + PG + 5, "into an untouched page", 22) == 0);
	count("write to a pipe from an untouched page", write(fd[1], p, 64));
	char buf[64];
	memset(buf, 1, sizeof buf);
	read(fd[0], buf, sizeof buf);
	yesno("zeros arrived", all_zero(buf, sizeof buf));

	char *ro = shmat(id, NULL, SHM_RDONLY);
	count("write to a pipe from a read-only attach", write(fd[1], ro + PG + 5, 22));
	read(fd[0], buf, 22);
	yesno("data arrived", memcmp(buf, "into an untouched page", 22) == 0);
	int zero = open("/dev/zero", O_RDONLY);
	count("read /dev/zero into a read-only attach", read(zero, ro, 16));
	write(fd[1], "x", 1);
	count("read a pipe into a read-only attach", read(fd[0], ro + 100, 1));
	yesno("read-only attach unchanged", ro[100] == 0 && p[100] == 0);
	close(zero);
	shmdt(ro);
	shmdt(p);
	close(fd[0]);
	close(fd[1]);
}

// Two one-page segments attached back to back: one copy spans both.
static void back_to_back(void)
{
	int a = shmget(IPC_PRIVATE, PG, 0600), b = shmget(IPC_PRIVATE, PG, 0600);
	int hole = shmget(IPC_PRIVATE, 3 * PG, 0600);
	char *x = shmat(hole, NULL, 0);
	shmdt(x);
	shmctl(hole, IPC_RMID, NULL);
	yesno("first at the hole", shmat(a, x, 0) == x);
	yesno("second right after it", shmat(b, x + PG, 0) == x + PG);
	int fd[2];
	pipe(fd);
	write(fd[1], "0123456789abcdefghij", 20);
	count("read across both attaches", read(fd[0], x + PG - 10, 20));
	count("write from the page after the attaches", write(fd[1], x + 2 * PG, 10));
	char *pa = shmat(a, NULL, SHM_RDONLY), *pb = shmat(b, NULL, SHM_RDONLY);
	yesno("first holds the first half", memcmp(pa + PG - 10, "0123456789", 10) == 0);
	yesno("second holds the second half", memcmp(pb, "abcdefghij", 10) == 0);
	shmdt(x + PG);
	yesno("second attached read-only after it", shmat(b, x + PG, SHM_RDONLY) == x + PG);
	long r = syscall(SYS_ipc, SHMCTL, a, IPC_STAT | IPC_64, 0, x + PG - 40);
	count("IPC_STAT straddling into a read-only attach", r);
	close(fd[0]);
	close(fd[1]);
	shmdt(x);
	shmdt(x + PG);
	shmdt(pa);
	shmdt(pb);
	shmctl(a, IPC_RMID, NULL);
	shmctl(b, IPC_RMID, NULL);
}

// The kernel reads path names from, and writes results into, untouched pages.
static void kernel_structs(int id)
{
	char *p = shmat(id, NULL, 0);
	count("open with an untouched page as the path", open(p, O_RDONLY));
	strcpy(p + 200, "/dev/null");
	int fd = open(p + 200, O_RDONLY);
	yesno("open with a path in shm", fd >= 0);
	close(fd);

	shmdt(p);
	p = shmat(id, NULL, 0);
	count("IPC_STAT into an untouched page", shmctl(id, IPC_STAT, (struct shmid_ds *)(p + PG)));
	yesno("segsz read back", ((struct shmid_ds *)(p + PG))->shm_segsz == 3 * PG);
	unsigned long *where = (unsigned long *)(p + 2 * PG);
	count("ipc SHMAT storing its result in an untouched page",
	      syscall(SYS_ipc, SHMAT, id, SHM_RDONLY, where, NULL));
	yesno("stored address shows the same data",
	      ((struct shmid_ds *)(*where + PG))->shm_segsz == 3 * PG);
	shmdt((void *)*where);
	shmdt(p);
}

// A file written from one attach and read back into untouched pages of another.
static void files(void)
{
	char path[64];
	snprintf(path, sizeof path, "%s/data", dir);
	int a = shmget(IPC_PRIVATE, 2 * PG, 0600), b = shmget(IPC_PRIVATE, 2 * PG, 0600);
	char *pa = shmat(a, NULL, 0), *pb = shmat(b, NULL, 0);
	for (int i = 0; i < 2 * PG; i++)
		pa[i] = i * 7;
	int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
	count("write 8 KiB from shm to a file", write(fd, pa, 2 * PG));
	lseek(fd, 0, SEEK_SET);
	count("read 8 KiB from the file into untouched shm", read(fd, pb, 2 * PG));
	yesno("same bytes", memcmp(pa, pb, 2 * PG) == 0);
	close(fd);
	unlink(path);
	shmdt(pa);
	shmdt(pb);
	shmctl(a, IPC_RMID, NULL);
	shmctl(b, IPC_RMID, NULL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	int id = shmget(IPC_PRIVATE, 3 * PG, 0600);
	pipes(id);
	back_to_back();
	shmctl(id, IPC_RMID, NULL);
	id = shmget(IPC_PRIVATE, 3 * PG, 0600);
	kernel_structs(id);
	shmctl(id, IPC_RMID, NULL);
	files();
	rmdir(dir);
	return 0;
}
