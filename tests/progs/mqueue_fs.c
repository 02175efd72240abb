/*
 * The mqueue file system (mq_overview(7), "Mounting the message queue
 * file system"): a mount shows the queues of the IPC namespace as files
 * (ls, stat: mode, size 80; statfs's MQUEUE_MAGIC), reading one gives
 * its QSIZE line, open(O_CREAT) there makes a queue with the default
 * sizes, unlink is mq_unlink, and a directory, FIFO or symlink cannot be
 * made there.  The host side mounts its own in a private mount namespace.
 * Each IPC namespace has its own queues and limits: a child's new one sees
 * none of its parent's, and what it makes goes with it.
 */
// host: root (mount(2), unshare(2))
#define _GNU_SOURCE
#include "check.h"
#include <dirent.h>
#include <mqueue.h>
#include <sched.h>
#include <sys/wait.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#define MQDIR	"/tmp/shmos-mqfs"

/* The names, sorted: Linux lists the newest first, tmpfs's way; shmos the oldest. */
static void list(const char *what)
{
	struct dirent **names;
	int n = scandir(MQDIR, &names, NULL, alphasort);

	printf("%s:", what);
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.')
			printf(" %s", names[i]->d_name);
		free(names[i]);
	}
	printf("\n");
	free(names);
}

static void namespaces(void)
{
	mqd_t q = mq_open("/outside", O_RDWR | O_CREAT, 0600, NULL);
	char max[16];
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		TRY("child: unshare(CLONE_NEWIPC)", unshare(CLONE_NEWIPC));
		TRY("child: mq_open the parent's /outside", mq_open("/outside", O_RDWR));
		TRY("child: mq_open O_CREAT /inside", mq_open("/inside", O_RDWR | O_CREAT, 0600, NULL) >= 0);
		int fd = open("/proc/sys/fs/mqueue/msg_max", O_WRONLY);
		TRY("child: msg_max 5", write(fd, "5\n", 2));
		close(fd);
		slurp_file("/proc/sys/fs/mqueue/msg_max", max, sizeof(max));
		printf("child: msg_max %s", max);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	slurp_file("/proc/sys/fs/mqueue/msg_max", max, sizeof(max));
	printf("parent: msg_max %s", max);
	TRY("parent: mq_open the child's /inside", mq_open("/inside", O_RDWR));
	TRY("parent: mq_open its /outside", mq_open("/outside", O_RDWR) >= 0);
	mq_close(q);
	mq_unlink("/outside");
}

int main(void)
{
	struct mq_attr attr = { .mq_maxmsg = 2, .mq_msgsize = 32 }, got;
	struct statfs sfs;
	struct stat st;
	char line[100];
	mqd_t q, r;
	int fd;

	umask(022);
	mkdir(MQDIR, 0755);
	TRY("mount -t mqueue", mount("none", MQDIR, "mqueue", 0, NULL));
	statfs(MQDIR, &sfs);
	printf("f_type 0x%lx\n", (unsigned long)sfs.f_type);
	stat(MQDIR, &st);
	printf("the directory: mode %o\n", st.st_mode);
	q = mq_open("/one", O_RDWR | O_CREAT, 0640, &attr);
	mq_send(q, "hello", 5, 1);
	list("after mq_open /one");
	stat(MQDIR "/one", &st);
	printf("/one: mode %o size %ld\n", st.st_mode, (long)st.st_size);
	slurp_file(MQDIR "/one", line, sizeof(line));
	printf("read: %s", line);
	TRY("open O_CREAT of /two", fd = open(MQDIR "/two", O_RDWR | O_CREAT, 0600));
	close(fd);
	r = mq_open("/two", O_RDONLY);
	mq_getattr(r, &got);
	printf("/two: maxmsg %ld msgsize %ld\n", got.mq_maxmsg, got.mq_msgsize);
	mq_close(r);
	TRY("mkdir there", mkdir(MQDIR "/d", 0755));
	TRY("mkfifo there", mkfifo(MQDIR "/f", 0600));
	TRY("symlink there", symlink("one", MQDIR "/s"));
	list("before unlink");
	TRY("unlink /one", unlink(MQDIR "/one"));
	TRY("mq_open /one", mq_open("/one", O_RDWR));
	TRY("mq_unlink /two", mq_unlink("/two"));
	list("after both");
	mq_close(q);
	TRY("umount", umount(MQDIR));
	rmdir(MQDIR);
	namespaces();
	return 0;
}
