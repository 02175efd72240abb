/*
 * ls: list files and directories.
 *   -l  long format: mode, links, uid, gid, size (or major, minor), name
 *   -a  also show names starting with "."
 * With no path, lists ".".  A directory's entries are listed sorted by name;
 * when several paths are given, each directory gets a "path:" heading.
 * Options may be combined ("ls -la /bin").
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static int long_format, show_all;

/* The "drwxr-xr-x" string for a mode. */
static void mode_string(mode_t m, char s[11])
{
	const char *rwx = "rwxrwxrwx";

	s[0] = S_ISDIR(m) ? 'd' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b' :
	       S_ISLNK(m) ? 'l' : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
	for (int i = 0; i < 9; i++)
		s[i + 1] = (m & (0400 >> i)) ? rwx[i] : '-';
	/* set-user-id, set-group-id and sticky bits share the x columns */
	if (m & S_ISUID)
		s[3] = (m & S_IXUSR) ? 's' : 'S';
	if (m & S_ISGID)
		s[6] = (m & S_IXGRP) ? 's' : 'S';
	if (m & S_ISVTX)
		s[9] = (m & S_IXOTH) ? 't' : 'T';
	s[10] = '\0';
}

/* Print one entry: path is used to find it, name is what we show. */
static int show(const char *path, const char *name)
{
	struct stat st;
	char mode[11];

	if (!long_format) {
		printf("%s\n", name);
		return 0;
	}
	if (lstat(path, &st) < 0) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return -1;
	}
	mode_string(st.st_mode, mode);
	printf("%s %3lu %5u %5u ", mode, (unsigned long)st.st_nlink,
	       (unsigned)st.st_uid, (unsigned)st.st_gid);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))	/* devices have no size */
		printf("%4u, %4u ", major(st.st_rdev), minor(st.st_rdev));
	else
		printf("%10lld ", (long long)st.st_size);
	printf("%s", name);
	if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlink(path, target, sizeof target - 1);

		if (n >= 0)
			printf(" -> %.*s", (int)n, target);
	}
	printf("\n");
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read the names in directory dir, sort them, and show each one. */
static int list_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int status = 0;

	if (d == NULL) {
		fprintf(stderr, "ls: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && !show_all)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof *names);
			if (names == NULL) {
				perror("ls");
				exit(1);
			}
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);

	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX];

		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (show(path, names[i]) < 0)
			status = -1;
		free(names[i]);
	}
	free(names);
	return status;
}

/* List one command-line path: a directory's contents, or the file itself. */
static int list(const char *path, int headings)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return show(path, path);
	if (headings)
		printf("%s:\n", path);
	return list_dir(path);
}

int main(int argc, char *argv[])
{
	int status = 0;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		for (char *o = argv[i] + 1; *o; o++) {
			if (*o == 'l')
				long_format = 1;
			else if (*o == 'a')
				show_all = 1;
			else {
				fprintf(stderr, "usage: ls [-la] [PATH...]\n");
				return 1;
			}
		}
	}
	if (i == argc)
		return list(".", 0) < 0;

	int several = argc - i > 1;

	for (int first = i; i < argc; i++) {
		if (several && i > first)
			printf("\n");
		if (list(argv[i], several) < 0)
			status = 1;
	}
	return status;
}
