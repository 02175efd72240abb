/*
 * shm_writer: "Process A" from the article "How Does Linux Shared Memory
 * Work? A Deep Dive into shmget, shmat, and shmdt" (docs/article.md cites
 * it), copied exactly as printed there; only the line breaks lost inside
 * its string literals are restored as "\n".
 *
 * It creates a 128-byte segment keyed by ftok("/tmp/shm", 0x6666), attaches
 * it, writes "Hello World" into it and exits without removing it, so that
 * shm_reader (Process B) can read the message afterwards.
 * Run it twice and the second run fails: IPC_EXCL refuses an existing key
 * (remove the segment with ipcrm -M or ipcrm -m first).
 */
#include <stdio.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#define SHM_PATH "/tmp/shm"
#define SHM_SIZE 128
int main(int argc, char *argv[]) {
int shmid;
char *addr;
key_t key = ftok(SHM_PATH, 0x6666);
shmid = shmget(key, SHM_SIZE, IPC_CREAT|IPC_EXCL|0666);
if (shmid < 0) {
printf("failed to create share memory\n");
return -1;
}
addr = shmat(shmid, NULL, 0);
if (addr <= 0) {
printf("failed to map share memory\n");
return -1;
}
sprintf(addr, "%s", "Hello World\n");
return 0;
}
