/*
 * rm: remove files.
 *   -f  ignore names that do not exist and never report errors for them
 *   -r  remove directories and everything inside them
 * Options may be combined ("rm -rf DIR").
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int force, recursive;

static int remove_path(const char *path);

/* Remove everything inside directory path, then the directory itself. */
static int remove_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int status = 0;

	if (d == NULL) {
		fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		char child[PATH_MAX];

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(child, sizeof child, "%s/%s", path, e->d_name);
		if (remove_path(child) < 0)
			status = -1;
	}
	closedir(d);
	if (rmdir(path) < 0) {
		fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return status;
}

/* Remove one name: a file, or with -r a whole directory tree. */
static int remove_path(const char *path)
{
	struct stat st;

	/* lstat, not stat: a symbolic link is removed, not followed. */
	if (lstat(path, &st) < 0) {
		if (force && errno == ENOENT)
			return 0;
		fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (recursive)
			return remove_dir(path);
		fprintf(stderr, "rm: %s: is a directory\n", path);
		return -1;
	}
	if (unlink(path) < 0) {
		fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	int status = 0;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		for (char *o = argv[i] + 1; *o; o++) {
			if (*o == 'f')
				force = 1;
			else if (*o == 'r' || *o == 'R')
				recursive = 1;
			else {
				fprintf(stderr, "usage: rm [-fr] FILE...\n");
				return 1;
			}
		}
	}
	if (i >= argc && !force) {
		fprintf(stderr, "usage: rm [-fr] FILE...\n");
		return 1;
	}
	for (; i < argc; i++)
		if (remove_path(argv[i]) < 0)
			status = 1;
	return status;
}
