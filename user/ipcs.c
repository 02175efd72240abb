/*
 * ipcs: show System V shared memory segments, like util-linux "ipcs -m".
 *   ipcs, ipcs -m   one line per segment: key, shmid, owner uid, perms,
 *                   bytes, nattch, status ("dest" = removed but still
 *                   attached, "locked" = SHM_LOCK)
 *   ipcs -l         the limits (shmctl IPC_INFO)
 *   ipcs -u         the usage summary (shmctl SHM_INFO)
 *
 * There is no system call that lists segments.  Instead SHM_INFO returns
 * the highest slot index in use in the kernel's table, and SHM_STAT asks
 * about one slot index, returning the id of the segment stored there (or
 * -1 for an empty slot, or one we may not read).
 */
#define _GNU_SOURCE		/* for IPC_INFO */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

static int list_segments(void)
{
	struct shm_info info;
	struct shmid_ds ds;
	int maxidx;

	/* glibc declares a struct shmid_ds *; SHM_INFO fills a shm_info. */
	maxidx = shmctl(0, SHM_INFO, (struct shmid_ds *)&info);
	if (maxidx < 0) {
		perror("ipcs: shmctl SHM_INFO");
		return 1;
	}
	printf("\n------ Shared Memory Segments --------\n");
	printf("%-10s %-10s %-10s %-10s %-10s %-10s %-12s\n",
	       "key", "shmid", "owner", "perms", "bytes", "nattch", "status");
	for (int idx = 0; idx <= maxidx; idx++) {
		int id = shmctl(idx, SHM_STAT, &ds);

		if (id < 0)
			continue;	/* empty slot, or not readable by us */
		printf("0x%08x %-10d %-10u %-10o %-10lu %-10lu %-6s %-6s\n",
		       (unsigned)ds.shm_perm.__key, id, (unsigned)ds.shm_perm.uid,
		       ds.shm_perm.mode & 0777, (unsigned long)ds.shm_segsz,
		       (unsigned long)ds.shm_nattch,
		       (ds.shm_perm.mode & SHM_DEST) ? "dest" : "",
		       (ds.shm_perm.mode & SHM_LOCKED) ? "locked" : "");
	}
	printf("\n");
	return 0;
}

static int show_limits(void)
{
	struct shminfo lim;
	unsigned long long page = sysconf(_SC_PAGESIZE);

	/* IPC_INFO fills a shminfo, again through the shmid_ds pointer. */
	if (shmctl(0, IPC_INFO, (struct shmid_ds *)&lim) < 0) {
		perror("ipcs: shmctl IPC_INFO");
		return 1;
	}
	printf("\n------ Shared Memory Limits --------\n");
	printf("max number of segments = %lu\n", (unsigned long)lim.shmmni);
	printf("max seg size (kbytes) = %lu\n", (unsigned long)lim.shmmax >> 10);
	printf("max total shared memory (kbytes) = %llu\n",
	       (unsigned long long)lim.shmall * page >> 10);
	printf("min seg size (bytes) = %lu\n", (unsigned long)lim.shmmin);
	printf("\n");
	return 0;
}

static int show_usage(void)
{
	struct shm_info info;

	if (shmctl(0, SHM_INFO, (struct shmid_ds *)&info) < 0) {
		perror("ipcs: shmctl SHM_INFO");
		return 1;
	}
	printf("\n------ Shared Memory Status --------\n");
	printf("segments allocated %d\n", info.used_ids);
	printf("pages allocated %lu\n", (unsigned long)info.shm_tot);
	printf("pages resident  %lu\n", (unsigned long)info.shm_rss);
	printf("pages swapped   %lu\n", (unsigned long)info.shm_swp);
	printf("\n");
	return 0;
}

int main(int argc, char *argv[])
{
	if (argc == 1 || (argc == 2 && strcmp(argv[1], "-m") == 0))
		return list_segments();
	if (argc == 2 && strcmp(argv[1], "-l") == 0)
		return show_limits();
	if (argc == 2 && strcmp(argv[1], "-u") == 0)
		return show_usage();
	fprintf(stderr, "usage: ipcs [-m | -l | -u]\n");
	return 1;
}
