// ns_ipc: IPC namespaces. unshare(CLONE_NEWIPC) and clone(CLONE_NEWIPC) give a process
// System V ids of its own: a key made outside is not found inside (ENOENT), an id from
// outside names nothing (EINVAL), and ids start again at 0; the limits in /proc/sys/kernel
// are the namespace's own. /proc/PID/ns/ipc is a link "ipc:[INUM]" whose target's inode
// number is the namespace's: equal for processes in one namespace, another in another. An
// open /proc/PID/ns/ipc keeps a namespace whose processes are gone, and setns enters it;
// when its last reference goes, its segments go and their pages come back. setns's errors in
// Linux's order (EBADF, EINVAL for another kind of file or namespace, EPERM for a user).
// host: root
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "check.h"

#define KEY	0x4e530001
#define BIG	(8 << 20)	// the segment whose pages must come back

static unsigned long ns_ino(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (unsigned long)st.st_ino : 0;
}

// The link's text is "ipc:[INUM]", INUM the inode number stat gives through it.
static int link_names_ino(const char *path)
{
	char text[64], want[64];
	long n = readlink(path, text, sizeof(text) - 1);

	if (n < 0)
		return 0;
	text[n] = 0;
	snprintf(want, sizeof(want), "ipc:[%lu]", ns_ino(path));
	return strcmp(text, want) == 0;
}

// /proc/self/fd/FD, an open ns file, reads "ipc:[INUM]" as /proc/self/ns/ipc does.
static int same_link(int fd)
{
	char path[64], a[64], b[64];
	long n, m;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, a, sizeof(a) - 1);
	m = readlink("/proc/self/ns/ipc", b, sizeof(b) - 1);
	return n > 0 && n == m && memcmp(a, b, n) == 0;
}

static int wait_child(pid_t pid)
{
	int status;

	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// In a new namespace: nothing of the parent's, ids from 0, limits of its own.
static void inside(int parent_id, unsigned long parent_ino)
{
	struct shm_info info;
	char mni[32];

	TRY("unshare(CLONE_NEWIPC)", unshare(CLONE_NEWIPC));
	printf("another namespace inode: %s\n", yes(ns_ino("/proc/self/ns/ipc") != parent_ino));
	printf("its link names it: %s\n", yes(link_names_ino("/proc/self/ns/ipc")));
	TRY("shmget(the parent's key)", shmget(KEY, 0, 0));
	TRY("shmctl(the parent's id, IPC_STAT)", shmctl(parent_id, IPC_STAT, &(struct shmid_ds){0}));
	TRY("shmget(IPC_PRIVATE), the first id", shmget(IPC_PRIVATE, 4096, 0600));
	TRY("semget(IPC_PRIVATE), the first id", semget(IPC_PRIVATE, 1, 0600));
	TRY("msgget(IPC_PRIVATE), the first id", msgget(IPC_PRIVATE, 0600));
	TRY("shmget(the parent's key, IPC_CREAT)", shmget(KEY, 4096, IPC_CREAT | 0600));
	shmctl(0, SHM_INFO, (struct shmid_ds *)&info);
	printf("SHM_INFO used_ids: %d\n", info.used_ids);
	printf("write shmmni 7: %s\n", write_string("/proc/sys/kernel/shmmni", "7"));
	slurp_file("/proc/sys/kernel/shmmni", mni, sizeof(mni));
	printf("shmmni here: %s", mni);
}

// Child: a namespace with a BIG segment, all touched; it waits for the parent to
// open its /proc/PID/ns/ipc, then exits.
static void maker(int ready, int go)
{
	char c;
	int id;
	char *p;

	if (unshare(CLONE_NEWIPC) < 0 || (id = shmget(KEY, BIG, IPC_CREAT | 0600)) < 0 ||
	    (p = shmat(id, NULL, 0)) == (char *)-1)
		_exit(1);
	memset(p, 1, BIG);
	strcpy(p, "made in the namespace");
	shmdt(p);
	write(ready, "r", 1);
	read(go, &c, 1);
	_exit(0);
}

// Shmem (kB) fell by most of BIG within 3 s of the namespace's end (Linux frees it from a work queue).
static int shmem_fell(long before)
{
	long long end = now_ms() + 3000;

	do {
		if (file_value("/proc/meminfo", "Shmem:") < before - (BIG / 1024) * 3 / 4)
			return 1;
		usleep(10000);
	} while (now_ms() < end);
	return 0;
}

static void lifetime(void)
{
	int ready[2], go[2], fd, id;
	char path[64], c;
	long shmem;
	pid_t pid;

	pipe(ready);
	pipe(go);
	if ((pid = fork()) == 0)
		maker(ready[1], go[0]);
	read(ready[0], &c, 1);
	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", pid);
	fd = open(path, O_RDONLY);
	printf("open its /proc/PID/ns/ipc: %s\n", yes(fd >= 0));
	write(go[1], "g", 1);
	printf("maker: %d\n", wait_child(pid));
	shmem = file_value("/proc/meminfo", "Shmem:");
	if ((pid = fork()) == 0) {
		char *p;

		TRY("setns(its ns file, CLONE_NEWUTS)", setns(fd, CLONE_NEWUTS));
		TRY("setns(its ns file, 0)", setns(fd, 0));
		id = shmget(KEY, 0, 0);
		printf("its segment is still there: %s\n", yes(id >= 0));
		p = shmat(id, NULL, SHM_RDONLY);
		printf("it reads: %s\n", p == (char *)-1 ? ename(errno) : p);
		_exit(0);
	}
	wait_child(pid);
	close(fd);
	printf("its pages came back with the namespace: %s\n", yes(shmem_fell(shmem)));
}

// setns's checks; as a user, unshare and setns are EPERM.
static void errors(void)
{
	int fd = open("/proc/self/ns/ipc", O_RDONLY), root = open("/", O_RDONLY);
	int pidfd = syscall(SYS_pidfd_open, getpid(), 0);
	struct stat st;
	char c;
	pid_t pid;

	fstat(fd, &st);
	printf("fstat of the ns file: inode the namespace's: %s, regular: %s\n",
	       yes(st.st_ino == ns_ino("/proc/self/ns/ipc")), yes(S_ISREG(st.st_mode)));
	printf("its /proc/self/fd link reads as ns/ipc: %s\n", yes(same_link(fd)));
	TRY("read(ns file)", read(fd, &c, 1));
	TRY("setns(-1, 0)", setns(-1, 0));
	TRY("setns(\"/\", 0)", setns(root, 0));
	TRY("setns(pidfd, 0)", setns(pidfd, 0));
	TRY("setns(pidfd, CLONE_NEWIPC)", setns(pidfd, CLONE_NEWIPC));
	TRY("setns(own ns file, CLONE_NEWIPC)", setns(fd, CLONE_NEWIPC));
	TRY("clone(CLONE_NEWIPC | CLONE_SYSVSEM)",
	    syscall(SYS_clone, CLONE_NEWIPC | CLONE_SYSVSEM | SIGCHLD, 0, 0, 0, 0));
	if ((pid = fork()) == 0) {
		if (setuid(65534) < 0)
			_exit(1);
		TRY("as nobody: unshare(CLONE_NEWIPC)", unshare(CLONE_NEWIPC));
		TRY("as nobody: setns(own ns file, 0)", setns(fd, 0));
		_exit(0);
	}
	wait_child(pid);
	close(fd);
	close(root);
	close(pidfd);
}

int main(void)
{
	char mni_before[32], mni_after[32];
	unsigned long ino = ns_ino("/proc/self/ns/ipc");
	int id = shmget(KEY, 4096, IPC_CREAT | IPC_EXCL | 0600);
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("a segment here: %s\n", yes(id >= 0));
	printf("the link names the namespace: %s\n", yes(link_names_ino("/proc/self/ns/ipc")));
	slurp_file("/proc/sys/kernel/shmmni", mni_before, sizeof(mni_before));
	if ((pid = fork()) == 0) {
		printf("a child's namespace is its parent's: %s\n",
		       yes(ns_ino("/proc/self/ns/ipc") == ino));
		inside(id, ino);
		_exit(0);
	}
	wait_child(pid);
	slurp_file("/proc/sys/kernel/shmmni", mni_after, sizeof(mni_after));
	printf("shmmni here unchanged: %s\n", yes(strcmp(mni_before, mni_after) == 0));
	TRY("our key still ours", shmget(KEY, 0, 0) == id);

	pid = syscall(SYS_clone, CLONE_NEWIPC | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		TRY("clone(CLONE_NEWIPC)'s child: shmget(our key)", shmget(KEY, 0, 0));
		_exit(0);
	}
	wait_child(pid);
	lifetime();
	errors();
	TRY("shmctl(IPC_RMID)", shmctl(id, IPC_RMID, NULL));
	return 0;
}
