// swap_locked: a SHM_LOCK'd segment half again as large as a 16 MiB machine, with swap on.
// Its pages may not go out: the child that touches them all is killed (SIGKILL, by the
// out-of-memory killer), and the parent, whose own few pages are then all that can go
// out, must still run on to remove the segment. It did not: each of its faults put out
// every page that could go, its own included, and faulted them back one by one (the
// synchronous reclaim now backs off after a try that falls short, mm/vmscan.c). shmos
// only: the pressure is this machine's; the .out is what Linux says.
// host: no (the segment is sized by MemTotal; the host's is large)
// mem: 16M
// disk: swap 32768
// cmdline: swap=/dev/hda
// timeout: 120
#include <signal.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include "check.h"

int main(void)
{
	long pages = file_value("/proc/meminfo", "MemTotal:") / 4 * 3 / 2;
	int id = shmget(IPC_PRIVATE, pages * 4096, IPC_CREAT | 0600), status = 0;
	pid_t kid;

	printf("segment made: %s\n", yes(id >= 0));
	TRY("SHM_LOCK", shmctl(id, SHM_LOCK, NULL));
	fflush(stdout);
	if ((kid = fork()) == 0) {
		char *p = shmat(id, NULL, 0);

		for (long i = 0; i < pages; i++)
			p[i * 4096] = 1;
		_exit(0);
	}
	waitpid(kid, &status, 0);
	printf("the child: %s\n", WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ?
	       "killed by SIGKILL" : "not killed");
	TRY("IPC_RMID", shmctl(id, IPC_RMID, NULL));
	printf("memory back: %s\n", yes(file_value("/proc/meminfo", "MemFree:") >
					 file_value("/proc/meminfo", "MemTotal:") / 2));
	return 0;
}
