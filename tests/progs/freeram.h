/*
 * What the tests that check the kernel takes nothing for good share: the free memory
 * as sysinfo counts it, measured before and after, and the verdict.  Only on shmos is
 * a test alone on its machine; on the host other processes move the count, so there
 * the verdict is always yes and only shmos's run can fail it.
 */
#ifndef TESTS_FREERAM_H
#define TESTS_FREERAM_H

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * The pages of shmos's task table, from /proc/slabinfo's task_struct line: the table grows
 * a page at a time as more tasks live at once and keeps the page for later forks, which is
 * not a leak.  0 where there is no such line (Linux).  Read with read(), not stdio, whose
 * buffer would come from the heap and count as memory taken.
 */
static inline unsigned long task_table_pages(void)
{
	static char buf[8192];
	int fd = open("/proc/slabinfo", O_RDONLY), n = 0, k;
	unsigned long pages = 0;
	char *line;

	while (fd >= 0 && n < (int)sizeof(buf) - 1 && (k = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += k;
	buf[n] = 0;
	if (fd >= 0)
		close(fd);
	if ((line = strstr(buf, "\ntask_struct ")) && (line = strstr(line, "slabdata")))
		sscanf(line, "slabdata %*d %lu", &pages);
	return pages;
}

/* Free memory, counting the task table's kept pages as free (task_table_pages). */
static inline unsigned long long freeram(void)
{
	unsigned long table = task_table_pages();	/* first: it may fault its buffer in */
	struct sysinfo si;

	sysinfo(&si);
	return (unsigned long long)si.freeram * si.mem_unit +
	       (unsigned long long)table * sysconf(_SC_PAGESIZE);
}

/* shmos answers uname as Linux does (sysname "Linux"); its release names it. */
static inline int on_shmos(void)
{
	struct utsname u;

	return uname(&u) == 0 && strstr(u.release, "shmos") != NULL;
}

/* The processes /proc lists: the same count before and after says no task was left. */
static inline int count_procs(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] >= '0' && e->d_name[0] <= '9';
	if (d)
		closedir(d);
	return n;
}

/* The lines of a /proc/sysvipc file after its heading: the objects of that kind. */
static inline int count_lines(const char *file)
{
	FILE *f = fopen(file, "r");
	char line[512];
	int n = -1;		/* the heading */

	while (f && fgets(line, sizeof(line), f))
		n++;
	if (f)
		fclose(f);
	return n;
}

/* "freeram back: yes", or on shmos how much is missing since before. */
static inline void freeram_back(unsigned long long before)
{
	unsigned long long after = freeram();

	if (!on_shmos() || after == before)
		printf("freeram back: yes\n");
	else
		printf("freeram back: no, %lld bytes lost\n", (long long)(before - after));
}

/*
 * Runs fn in a child, so that the parent's own memory (its page tables, its VMAs) is
 * the same at both measures, then says whether the free memory came back.
 */
static inline void freeram_around(void (*fn)(void))
{
	unsigned long long before = freeram();

	if (fork() == 0) {
		fn();
		_exit(0);
	}
	wait(NULL);
	freeram_back(before);
}

/*
 * Faults in the stack the checks after the first measure will use, so that its pages
 * do not count as lost.
 */
static inline void grow_stack(void)
{
	volatile char buf[64 << 10];

	memset((char *)buf, 0, sizeof buf);
	asm volatile("" : : "r"(buf) : "memory");	/* keep gcc from dropping the memset */
}

/*
 * Runs body in a child, then says whether the tasks and the free memory came back
 * ("tasks back", "freeram back").  The parent's own memory (its page tables, the stacks
 * glibc keeps for its threads' reuse, its stdio) is the same at both measures (its stack
 * grown first), so only what the kernel kept counts.  The child's exit status is the test's.
 */
static inline int measured(int (*body)(void))
{
	int procs0, st = 1;
	unsigned long long before;
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	grow_stack();
	procs0 = count_procs();
	before = freeram();
	if ((pid = fork()) == 0)
		_exit(body());
	waitpid(pid, &st, 0);
	printf("tasks back: %s\n", !on_shmos() || count_procs() == procs0 ? "yes" : "no");
	freeram_back(before);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

/* measured(body), then whether the System V segments are as many as before ("segments back"). */
static inline int measured_shm(int (*body)(void))
{
	int shms0 = count_lines("/proc/sysvipc/shm");
	int ret = measured(body);

	printf("segments back: %s\n", count_lines("/proc/sysvipc/shm") == shms0 ? "yes" : "no");
	return ret;
}

#endif
