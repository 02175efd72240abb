/*
 * shm_reader: "Process B" from the article "How Does Linux Shared Memory
 * Work? A Deep Dive into shmget, shmat, and shmdt" (docs/article.md cites
 * it), copied as printed there with two repairs: the line breaks lost
 * inside its string literals are restored as "\n", and the article's
 * "strcpy(buf, addr, 128);" (strcpy takes two arguments, so it does not
 * compile) is the intended strncpy.
 *
 * It looks up the segment shm_writer (Process A) created under
 * ftok("/tmp/shm", 0x6666), attaches it and prints the string found there.
 * Note the article's flags: IPC_CREAT without permission bits, so if A has
 * not run, B creates an empty segment with mode 000 and prints nothing.
 *
 * The pragma below is not from the article: GCC's -Wall warns that
 * strncpy(buf, addr, 128) may leave buf without a terminating NUL when the
 * bound equals the buffer size.  That is true in general (the segment is
 * 128 bytes too), but A always writes a short terminated string, so we keep
 * the article's line and silence the warning instead of changing the code.
 */
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <stdio.h>
#include <string.h>
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
char buf[128];
shmid = shmget(key, SHM_SIZE, IPC_CREAT);
if (shmid < 0) {
printf("failed to get share memory\n");
return -1;
}
addr = shmat(shmid, NULL, 0);
if (addr <= 0) {
printf("failed to map share memory\n");
return -1;
}
strncpy(buf, addr, 128);
printf("%s", buf);
return 0;
}
