/*
 * init: the first user process (pid 1) on shmos.
 *
 *  1. Make sure file descriptors 0, 1 and 2 are the console.  The kernel
 *     normally opens them before starting us; this is only a fallback.
 *  2. Print /etc/motd, then run the start-up demo /bin/shm_demo.
 *  3. Run the shell in a session of its own, as getty would, and start a
 *     new one whenever it exits: /bin/sh, or the command init's arguments
 *     name (the kernel command line `init=/bin/init /usr/bin/sh -l` gives
 *     busybox's login shell: make run USERLAND=debian, docs/userland.md).
 *     The kernel gives init no controlling terminal (it opens /dev/console
 *     for us, which never becomes one); the shell, leading its session,
 *     takes the terminal.
 *
 * Like every init, it also reaps orphans: a process whose parent exited
 * becomes a child of pid 1, and its zombie stays in the process table until
 * someone waits for it.  So init waits for any child, not one in particular.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void open_console(void)
{
	if (fcntl(0, F_GETFD) >= 0)
		return;		/* already open */
	if (open("/dev/console", O_RDWR) != 0)
		return;		/* nowhere to complain to */
	dup2(0, 1);
	dup2(0, 2);
}

static void print_file(const char *path)
{
	char buf[512];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (write(1, buf, n) != n)
			break;
	close(fd);
}

/* Start path with argv in a child process, in a new session if asked; returns its pid, or -1. */
static pid_t spawn(const char *path, char *const argv[], int new_session)
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("init: fork");
		return -1;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);	/* init ignores it; they must not */
		if (new_session)
			setsid();
		execv(path, argv);
		fprintf(stderr, "init: %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Wait until child pid exits, reaping any orphan that exits meanwhile. */
static int wait_for(pid_t pid)
{
	pid_t p;
	int st;

	while ((p = wait(&st)) != pid) {
		if (p < 0 && errno != EINTR)
			return -1;	/* no children at all: cannot happen */
	}
	return st;
}

int main(int argc, char *argv[])
{
	char *demo[] = { "shm_demo", NULL }, *sh[] = { "sh", NULL };
	char **shell = argc > 1 ? argv + 1 : sh;
	const char *shell_path = argc > 1 ? argv[1] : "/bin/sh";

	if (getpid() != 1) {
		fprintf(stderr, "init: must be run as process 1\n");
		return 1;
	}
	open_console();
	setvbuf(stdout, NULL, _IONBF, 0);	/* no stdio buffer to fork */
	signal(SIGINT, SIG_IGN);	/* Ctrl-C must never end the system */
	setenv("PATH", "/bin:/tests", 0);	/* keep one the kernel gave us */
	setenv("HOME", "/", 0);
	if (chdir("/") < 0)
		perror("init: chdir /");

	print_file("/etc/motd");

	pid_t pid = spawn("/bin/shm_demo", demo, 0);

	if (pid > 0)
		wait_for(pid);

	for (;;) {
		time_t start = time(NULL);
		int st;

		pid = spawn(shell_path, shell, 1);
		if (pid < 0) {
			sleep(1);
			continue;
		}
		st = wait_for(pid);
		if (WIFSIGNALED(st))
			printf("init: sh killed by signal %d; starting a new one\n",
			       WTERMSIG(st));
		else
			printf("init: sh exited with status %d; starting a new one\n",
			       WEXITSTATUS(st));
		/* A shell that dies at once (e.g. missing) must not flood us. */
		if (time(NULL) - start < 1)
			sleep(1);
	}
}
