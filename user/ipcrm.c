/*
 * ipcrm: remove System V shared memory segments.
 *   ipcrm -m SHMID   remove the segment with this id
 *   ipcrm -M KEY     remove the segment with this key (e.g. 0x660020f3)
 * Several may be given: "ipcrm -m 0 -M 0x1234".
 *
 * IPC_RMID only marks a segment that is still attached: it disappears when
 * the last process detaches (ipcs shows it as "dest" meanwhile).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

/* Parse a whole number in decimal, or hex with 0x, into *out. */
static int parse(const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 0);
	return end != s && *end == '\0' && errno == 0;
}

static int remove_id(int id)
{
	if (shmctl(id, IPC_RMID, NULL) < 0) {
		fprintf(stderr, "ipcrm: shmid %d: %s\n", id, strerror(errno));
		return -1;
	}
	return 0;
}

/* Look the key up with shmget (size 0 and no flags: just find it). */
static int remove_key(key_t key)
{
	int id;

	if (key == IPC_PRIVATE) {
		fprintf(stderr, "ipcrm: key 0 (IPC_PRIVATE) names no segment\n");
		return -1;
	}
	id = shmget(key, 0, 0);
	if (id < 0) {
		fprintf(stderr, "ipcrm: key 0x%08x: %s\n", (unsigned)key,
			strerror(errno));
		return -1;
	}
	return remove_id(id);
}

int main(int argc, char *argv[])
{
	int status = 0;

	if (argc < 3 || argc % 2 == 0)
		goto usage;
	for (int i = 1; i + 1 < argc; i += 2) {
		long long v;
		int r;

		if (!parse(argv[i + 1], &v)) {
			fprintf(stderr, "ipcrm: %s: not a number\n", argv[i + 1]);
			status = 1;
			continue;
		}
		if (strcmp(argv[i], "-m") == 0)
			r = remove_id((int)v);
		else if (strcmp(argv[i], "-M") == 0)
			r = remove_key((key_t)v);
		else
			goto usage;
		if (r < 0)
			status = 1;
	}
	return status;
usage:
	fprintf(stderr, "usage: ipcrm [-m SHMID | -M KEY]...\n");
	return 1;
}
