/*
 * What the tests that check the kernel takes nothing for good share: the free memory
 * as sysinfo counts it, measured before and after, and the verdict.  Only on shmos is
 * a test alone on its machine; on the host other processes move the count, so there
 * the verdict is always yes and only shmos's run can fail it.
 */
#ifndef TESTS_FREERAM_H
#define TESTS_FREERAM_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static inline unsigned long long freeram(void)
{
	struct sysinfo si;

	sysinfo(&si);
	return (unsigned long long)si.freeram * si.mem_unit;
}

static inline int on_shmos(void)
{
	struct utsname u;

	uname(&u);
	return strcmp(u.sysname, "shmos") == 0;
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

#endif
