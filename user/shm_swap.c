/*
 * shm_swap: a shared memory segment bigger than the free memory, so that
 * its pages go out to swap and come back (docs/swap.md walks it in gdb).
 *
 *   shm_swap [MIB]
 *
 * Makes a segment of MIB MiB (8 by default: twice what an 8 MiB machine
 * has free), writes "page 0" into its first page, then a word into every
 * other page: reclaim puts the first pages out to make room for the last.
 * Then it reads the first page again, which faults and comes back from
 * swap (shm_nopage, shm_swap_in), and prints it with SHM_INFO's counts.
 * Boot it with a swap disk: `make run` has one, or scripts/boot --disk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int main(int argc, char *argv[])
{
	long mib = argc > 1 ? atol(argv[1]) : 8;
	long pages = mib * 256;
	struct shm_info info;
	char *addr;
	int id;

	id = shmget(IPC_PRIVATE, mib << 20, IPC_CREAT | 0600);
	addr = id < 0 ? (char *)-1 : shmat(id, NULL, 0);
	if (addr == (char *)-1) {
		perror("shm_swap");
		return 1;
	}
	strcpy(addr, "page 0");
	for (long k = 1; k < pages; k++)
		addr[k * 4096] = 1;
	printf("the first page says: %s\n", addr);	/* back from swap */
	shmctl(0, SHM_INFO, (struct shmid_ds *)&info);
	printf("pages resident %lu, swapped %lu; swap attempts %lu, successes %lu\n",
	       info.shm_rss, info.shm_swp, info.swap_attempts, info.swap_successes);
	shmdt(addr);
	shmctl(id, IPC_RMID, NULL);
	return 0;
}
