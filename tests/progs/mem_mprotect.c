/* mprotect of part of a mapping splits it, as on Linux; a split shm attach counts each piece. */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
	setvbuf(stdout, NULL, _IONBF, 0);
	char *p = mmap(0, 3*4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
	p[0] = p[4096] = p[8192] = 1;
	printf("mprotect middle: %d\n", mprotect(p + 4096, 4096, PROT_READ));
	int st; pid_t c = fork();
	if (!c) { p[4096] = 2; _exit(0); }
	waitpid(c, &st, 0); printf("write middle: %s\n", WIFSIGNALED(st) ? "SIGSEGV" : "ok");
	c = fork(); if (!c) { p[0] = 2; p[8192] = 2; _exit(0); }
	waitpid(c, &st, 0); printf("write ends: %s\n", WIFSIGNALED(st) ? "SIGSEGV" : "ok");
	int id = shmget(IPC_PRIVATE, 3*4096, 0600); char *s = shmat(id, 0, 0);
	printf("mprotect shm middle: %d\n", mprotect(s + 4096, 4096, PROT_READ));
	struct shmid_ds ds; shmctl(id, IPC_STAT, &ds); printf("nattch %ld\n", (long)ds.shm_nattch);
	printf("shmdt: %d\n", shmdt(s)); shmctl(id, IPC_STAT, &ds); printf("nattch after shmdt %ld\n", (long)ds.shm_nattch);
	shmctl(id, IPC_RMID, 0);
	printf("mprotect hole: %d\n", mprotect((void*)0x10000000, 4096, PROT_READ));
	mprotect(p, 4096, PROT_NONE);
	c = fork(); if (!c) _exit(p[0]);
	waitpid(c, &st, 0); printf("read PROT_NONE: %s\n", WIFSIGNALED(st) ? "SIGSEGV" : "ok");
	mprotect(p, 4096, PROT_READ);
	printf("read after PROT_NONE then PROT_READ: %d\n", p[0]);
	return 0;
}
