// inotify_unlinked: what a directory's watch hears of a file that was open when its name
// went, as Linux tells it: the file keeps the name it was opened by (its dentry), so the
// directory still hears of its reads, writes, attributes and close by that name, unless
// the watch has IN_EXCL_UNLINK; the file's own watch hears IN_DELETE_SELF and IN_IGNORED
// only at the last close. A file renamed while open is told by its new name; a directory
// removed while open is told by its old one. Events are printed by name (inotify_events.h).
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "inotify_events.h"

static char dir[] = "/tmp/inotify_unlinked.XXXXXX";
#define at(name) path_in(dir, name)

// A file opened, its name unlinked, then used and closed, under a directory watch of mask.
static void unlinked(int in, uint32_t mask, const char *what)
{
	int dw = inotify_add_watch(in, dir, mask), fd, fw;
	char c;

	close(open(at("a"), O_CREAT | O_WRONLY, 0600));
	fd = open(at("a"), O_RDWR);
	fw = inotify_add_watch(in, at("a"), IN_ALL_EVENTS);
	printf("%s: dir wd %d, file wd %d\n", what, dw > 0, fw > dw);
	drain(in, NULL);
	unlink(at("a"));
	drain(in, "  unlink");
	write(fd, "x", 1);
	pread(fd, &c, 1, 0);
	fchmod(fd, 0644);
	drain(in, "  write, pread, fchmod");
	close(fd);
	drain(in, "  close");
	inotify_rm_watch(in, dw);
	drain(in, NULL);
}

int main(void)
{
	int in = inotify_init1(IN_NONBLOCK), fd, dw;

	mkdtemp(dir);
	unlinked(in, IN_ALL_EVENTS, "IN_ALL_EVENTS");
	unlinked(in, IN_ALL_EVENTS | IN_EXCL_UNLINK, "IN_EXCL_UNLINK");

	// opened as c, renamed to d: d to the directory
	close(open(at("c"), O_CREAT | O_WRONLY, 0600));
	dw = inotify_add_watch(in, dir, IN_ALL_EVENTS);
	drain(in, NULL);
	fd = open(at("c"), O_WRONLY);
	rename(at("c"), at("d"));
	write(fd, "z", 1);
	close(fd);
	drain(in, "open c, rename to d, write, close");
	unlink(at("d"));
	drain(in, "unlink d");

	mkdir(at("sub"), 0700);
	fd = open(at("sub"), O_RDONLY | O_DIRECTORY);
	inotify_add_watch(in, at("sub"), IN_ALL_EVENTS);
	drain(in, NULL);
	rmdir(at("sub"));
	drain(in, "rmdir sub, open");
	fchmod(fd, 0700);
	drain(in, "  fchmod");
	close(fd);
	drain(in, "  close");
	inotify_rm_watch(in, dw);
	drain(in, "inotify_rm_watch");
	rmdir(dir);
	close(in);
	return 0;
}
