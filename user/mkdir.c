/*
 * mkdir: create directories.  With -p, also create missing parent
 * directories and do not complain about directories that already exist.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Is path an existing directory? */
static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* mkdir -p: create each prefix of path in turn; existing directories are fine. */
static int make_parents(char *path)
{
	/* Start after a leading "/", so the first prefix tried is not "". */
	for (char *p = path + (path[0] == '/'); ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		int r;

		*p = '\0';		/* cut the path here for a moment */
		r = mkdir(path, 0777);
		if (r < 0 && errno == EEXIST && is_dir(path))
			r = 0;
		*p = saved;
		if (r < 0)
			return -1;
		if (saved == '\0')
			return 0;
	}
}

int main(int argc, char *argv[])
{
	int parents = 0;
	int status = 0;
	int i = 1;

	if (argc > 1 && strcmp(argv[1], "-p") == 0) {
		parents = 1;
		i = 2;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: mkdir [-p] DIR...\n");
		return 1;
	}
	for (; i < argc; i++) {
		int r = parents ? make_parents(argv[i]) : mkdir(argv[i], 0777);

		if (r < 0) {
			fprintf(stderr, "mkdir: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
