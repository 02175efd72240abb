// stress_shmall: the total size of all segments is limited by SHMALL pages:
// creating the biggest allowed segments until failure stops with ENOSPC when
// the next one would pass SHMALL. Linux checks this before allocating any page.
// host: no (a 64-bit host's SHMALL cannot be reached by a 32-bit program; the .out
// was checked on Linux in an IPC namespace with kernel.shmall = 1000000)
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

#define PG 4096
#define MAXSEG 65536

static int ids[MAXSEG];

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	struct shminfo lim;
	struct shm_info si;
	shmctl(0, IPC_INFO, (struct shmid_ds *)&lim);
	shmctl(0, SHM_INFO, (struct shmid_ds *)&si);
	int used0 = si.used_ids;
	size_t size = lim.shmmax & ~(size_t)(PG - 1);
	unsigned long pages = size / PG;
	int n = 0;
	while (n < MAXSEG && (ids[n] = shmget(IPC_PRIVATE, size, 0600)) >= 0)
		n++;
	int e = errno;
	shmctl(0, SHM_INFO, (struct shmid_ds *)&si);
	printf("shmget until failure: %s\n", n < MAXSEG ? strerrorname_np(e) : "no failure");
	printf("stopped by SHMALL: %s\n", si.shm_tot + pages > lim.shmall ? "yes" : "no");
	if (n > 0) {
		shmctl(ids[--n], IPC_RMID, NULL);
		ids[n] = shmget(IPC_PRIVATE, size, 0600);
		printf("after removing one, shmget: %s\n", ids[n] >= 0 ? "ok" : strerrorname_np(errno));
		n += ids[n] >= 0;
	}
	while (n > 0)
		shmctl(ids[--n], IPC_RMID, NULL);
	shmctl(0, SHM_INFO, (struct shmid_ds *)&si);
	printf("all removed: %s\n", si.used_ids == used0 ? "yes" : "no");
	return 0;
}
