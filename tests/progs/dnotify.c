// dnotify: fcntl(F_NOTIFY) on a directory as Linux gives it. SIGIO (si_code SI_KERNEL)
// by default, one event only; with F_SETSIG a realtime signal with POLL_MSG, the band
// and si_fd, one per event, DN_MULTISHOT; which operations each DN_* hears (create,
// write, truncate, read, chmod, rename within, out of and into the directory, unlink,
// mkdir, a file in a subdirectory); asking again adds events; F_NOTIFY 0 and close end
// the request; the owner (F_SETOWN's, else whoever asked); F_SETSIG/F_GETSIG,
// F_SETOWN/F_GETOWN, F_SETOWN_EX/F_GETOWN_EX and the errors (ENOTDIR, EINVAL, ESRCH).
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "check.h"

#ifndef F_NOTIFY
#define F_NOTIFY	1026
#define F_SETSIG	10
#define F_GETSIG	11
#define DN_ACCESS	0x01
#define DN_MODIFY	0x02
#define DN_CREATE	0x04
#define DN_DELETE	0x08
#define DN_RENAME	0x10
#define DN_ATTRIB	0x20
#define DN_MULTISHOT	0x80000000
#endif
#define DN_ALL	(DN_ACCESS | DN_MODIFY | DN_CREATE | DN_DELETE | DN_RENAME | DN_ATTRIB)

static char dir[64], other[64];
static int dfd;

static char *in(const char *base, const char *name)
{
	static char path[2][128];
	static int i;

	i ^= 1;
	snprintf(path[i], sizeof(path[i]), "%s/%s", base, name);
	return path[i];
}

/* The signals that came (all blocked), each with what it carries. */
static void collect(const char *what)
{
	struct timespec zero = { 0, 0 };
	sigset_t set;
	siginfo_t si;
	int n = 0, sig;

	sigemptyset(&set);
	sigaddset(&set, SIGIO);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN);
	printf("%s:", what);
	while ((sig = sigtimedwait(&set, &si, &zero)) > 0) {
		printf(" [%s code %d", sig == SIGIO ? "SIGIO" : sig == SIGUSR1 ? "SIGUSR1" :
		       sig == SIGRTMIN ? "SIGRTMIN" : "?", si.si_code);
		if (si.si_code > 0 && si.si_code < 0x80)
			printf(" band %#lx fd-is-dir %s", si.si_band, yes(si.si_fd == dfd));
		printf("]");
		n++;
	}
	printf(" %d\n", n);
}

static void touch(const char *path)
{
	close(open(path, O_CREAT | O_WRONLY, 0644));
}

int main(void)
{
	int ffd, fd2, st, n;
	char buf[8];
	sigset_t set;
	pid_t kid;
	DIR *d;

	setvbuf(stdout, NULL, _IONBF, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGIO);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &set, NULL);
	snprintf(dir, sizeof(dir), "/tmp/dnotify.%d", getpid());
	snprintf(other, sizeof(other), "/tmp/dnotify.%d.other", getpid());
	mkdir(dir, 0755);
	mkdir(other, 0755);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	touch(in(dir, "f"));
	ffd = open(in(dir, "f"), O_RDWR);

	TRY("F_NOTIFY on a file", fcntl(ffd, F_NOTIFY, DN_CREATE));
	TRY("F_NOTIFY 0 on a file", fcntl(ffd, F_NOTIFY, 0));
	TRY("F_NOTIFY DN_MULTISHOT alone on a file", fcntl(ffd, F_NOTIFY, DN_MULTISHOT));
	TRY("F_GETOWN at first", fcntl(dfd, F_GETOWN));
	TRY("F_GETSIG at first", fcntl(dfd, F_GETSIG));
	TRY("F_SETSIG 65", fcntl(dfd, F_SETSIG, 65));
	TRY("F_SETSIG 64", fcntl(dfd, F_SETSIG, 64));
	TRY("F_GETSIG", fcntl(dfd, F_GETSIG));
	TRY("F_SETSIG 0", fcntl(dfd, F_SETSIG, 0));
	TRY("F_SETOWN to no such process", fcntl(dfd, F_SETOWN, 99999));
	TRY("F_SETOWN to no such group", fcntl(dfd, F_SETOWN, -99999));

	/* glibc's F_GETOWN is F_GETOWN_EX */
	struct { int type, pid; } ex = { 7, 7 };
	TRY("F_GETOWN_EX at first", syscall(SYS_fcntl64, dfd, 16, &ex));
	printf("  type %d pid %d\n", ex.type, ex.pid);
	ex.type = 3;
	ex.pid = getpid();
	TRY("F_SETOWN_EX type 3", syscall(SYS_fcntl64, dfd, 15, &ex));
	ex.type = 0;
	TRY("F_SETOWN_EX a thread", syscall(SYS_fcntl64, dfd, 15, &ex));
	ex.pid = 0;
	TRY("F_GETOWN_EX", syscall(SYS_fcntl64, dfd, 16, &ex));
	printf("  type %d pid-is-me %s\n", ex.type, yes(ex.pid == getpid()));
	TRY("F_GETOWN_EX bad pointer", syscall(SYS_fcntl64, dfd, 16, (void *)8));
	TRY("F_SETOWN 0", fcntl(dfd, F_SETOWN, 0));
	TRY("F_GETOWN", fcntl(dfd, F_GETOWN));

	/* SIGIO, one event only */
	TRY("F_NOTIFY DN_CREATE", fcntl(dfd, F_NOTIFY, DN_CREATE));
	printf("F_GETOWN is me: %s\n", yes(fcntl(dfd, F_GETOWN) == getpid()));
	collect("nothing yet");
	touch(in(dir, "a"));
	collect("create a");
	touch(in(dir, "b"));
	collect("create b (the request is over)");

	/* a realtime signal, every event */
	fcntl(dfd, F_SETSIG, SIGRTMIN);
	TRY("F_NOTIFY all, multishot", fcntl(dfd, F_NOTIFY, DN_ALL | DN_MULTISHOT));
	touch(in(dir, "c"));
	collect("create c");
	TRY("write", write(ffd, "hello", 5));
	collect("write f");
	TRY("ftruncate", ftruncate(ffd, 2));
	collect("ftruncate f");
	TRY("pread", pread(ffd, buf, 2, 0));
	collect("read f");
	TRY("chmod", chmod(in(dir, "f"), 0600));
	collect("chmod f");
	TRY("rename within", rename(in(dir, "a"), in(dir, "a2")));
	collect("rename a to a2");
	TRY("rename out", rename(in(dir, "a2"), in(other, "a3")));
	collect("rename a2 out");
	TRY("rename in", rename(in(other, "a3"), in(dir, "a4")));
	collect("rename a3 in");
	TRY("unlink", unlink(in(dir, "b")));
	collect("unlink b");
	TRY("mkdir", mkdir(in(dir, "sub"), 0755));
	collect("mkdir sub");
	touch(in(dir, "sub/x"));
	collect("create sub/x (a subdirectory's)");
	TRY("chmod dir itself", chmod(dir, 0700));
	collect("chmod the directory");
	d = opendir(dir);
	n = 0;
	while (readdir(d))
		n++;
	closedir(d);
	printf("entries %d\n", n);
	collect("readdir");

	/* F_NOTIFY 0 ends it; asking again adds events */
	TRY("F_NOTIFY 0", fcntl(dfd, F_NOTIFY, 0));
	touch(in(dir, "d"));
	collect("create d after F_NOTIFY 0");
	fcntl(dfd, F_SETSIG, SIGUSR1);
	fcntl(dfd, F_NOTIFY, DN_DELETE | DN_MULTISHOT);
	fcntl(dfd, F_NOTIFY, DN_CREATE);
	touch(in(dir, "e"));
	collect("create e (SIGUSR1, added to DN_DELETE)");
	unlink(in(dir, "e"));
	collect("unlink e (multishot kept)");
	fcntl(dfd, F_NOTIFY, 0);

	/* close of another descriptor of the same file ends it; of another file not */
	fd2 = dup(dfd);
	fcntl(dfd, F_SETSIG, SIGRTMIN);
	fcntl(dfd, F_NOTIFY, DN_CREATE | DN_MULTISHOT);
	close(fd2);
	touch(in(dir, "g"));
	collect("create g after closing a dup");
	fd2 = open(dir, O_RDONLY | O_DIRECTORY);
	fcntl(fd2, F_SETSIG, SIGRTMIN);
	fcntl(fd2, F_NOTIFY, DN_CREATE | DN_MULTISHOT);
	touch(in(dir, "h"));
	collect("create h, two files watching");
	close(fd2);
	touch(in(dir, "i"));
	collect("create i, one closed");

	/* the owner: F_SETOWN's process gets it */
	fflush(stdout);
	if ((kid = fork()) == 0) {
		struct timespec t = { 2, 0 };
		siginfo_t si;
		int sig = sigtimedwait(&set, &si, &t);

		printf("child: %s, fd-is-dir %s\n", sig == SIGRTMIN ? "SIGRTMIN" : "nothing",
		       yes(si.si_fd == dfd));
		_exit(0);
	}
	fcntl(dfd, F_NOTIFY, 0);
	TRY("F_SETOWN child", fcntl(dfd, F_SETOWN, kid));
	printf("F_GETOWN is the child: %s\n", yes(fcntl(dfd, F_GETOWN) == kid));
	fcntl(dfd, F_NOTIFY, DN_CREATE);
	printf("F_GETOWN still the child: %s\n", yes(fcntl(dfd, F_GETOWN) == kid));
	touch(in(dir, "j"));
	waitpid(kid, &st, 0);
	collect("the parent");
	fflush(stdout);
	if ((kid = fork()) == 0) {	/* in a group of its own */
		setpgid(0, 0);
		TRY("child: F_SETOWN -pgrp", fcntl(dfd, F_SETOWN, -getpgrp()));
		printf("child: F_GETOWN is -pgrp: %s\n", yes(fcntl(dfd, F_GETOWN) == -getpgrp()));
		fcntl(dfd, F_NOTIFY, DN_CREATE);
		touch(in(dir, "k"));
		collect("child: create k, owner its group");
		_exit(0);
	}
	waitpid(kid, &st, 0);
	collect("the parent");

	/* tidy up: the watched directory's names, then the directories */
	fcntl(dfd, F_NOTIFY, 0);
	for (const char *p = "f\0c\0a4\0d\0g\0h\0i\0j\0k\0sub/x\0"; *p; p += strlen(p) + 1)
		unlink(in(dir, p));
	rmdir(in(dir, "sub"));
	close(ffd);
	close(dfd);
	TRY("rmdir", rmdir(dir));
	TRY("rmdir other", rmdir(other));
	return 0;
}
