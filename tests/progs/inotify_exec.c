// inotify_exec: what a directory's watch hears of a program executed from it, as Linux
// tells it: execve opens the file (IN_OPEN) and reads it (IN_ACCESS); the program's
// mappings hold the file open until it exits (IN_CLOSE_NOWRITE). The program here is a
// copy of this one, which run as "prog R G" tells its parent it runs on descriptor R, then
// waits for the end of file on G.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "inotify_events.h"

static char dir[] = "/tmp/inotify_exec.XXXXXX";
#define at(name) path_in(dir, name)

// A copy of this program as dir/prog, executable.
static void copy_self(void)
{
	int from = open("/proc/self/exe", O_RDONLY), to;
	char buf[4096];
	long n;

	to = open(at("prog"), O_CREAT | O_WRONLY | O_TRUNC, 0700);
	while ((n = read(from, buf, sizeof buf)) > 0)
		write(to, buf, n);
	close(from);
	close(to);
}

int main(int argc, char **argv)
{
	int in, ready[2], go[2];
	pid_t kid;
	char c;

	if (argc > 2) {		// prog R G
		write(atoi(argv[1]), "r", 1);
		read(atoi(argv[2]), &c, 1);
		return 0;
	}
	mkdtemp(dir);
	copy_self();
	in = inotify_init1(IN_NONBLOCK);
	inotify_add_watch(in, dir, IN_ALL_EVENTS);
	pipe(ready);
	pipe(go);
	if ((kid = fork()) == 0) {
		char r[16], g[16];

		snprintf(r, sizeof r, "%d", ready[1]);
		snprintf(g, sizeof g, "%d", go[0]);
		close(ready[0]);
		close(go[1]);
		execl(at("prog"), "prog", r, g, (char *)NULL);
		_exit(127);
	}
	close(ready[1]);
	close(go[0]);
	read(ready[0], &c, 1);
	drain(in, "execve, running");
	close(go[1]);
	close(ready[0]);
	waitpid(kid, NULL, 0);
	drain(in, "exited");
	unlink(at("prog"));
	rmdir(dir);
	drain(in, NULL);
	close(in);
	return 0;
}
