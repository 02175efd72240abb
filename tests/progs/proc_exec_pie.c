// proc_exec_pie: a static-pie program (ET_DYN without an interpreter, built with
// -static-pie as any tests/progs/NAME_pie.c is). exec puts it where there is room;
// glibc's start-up then relocates it, finding itself through AT_PHDR. Pointers in its
// data, TLS, malloc and stdio must all work, and it must be able to exec itself again.
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

extern char _start[];

static const char *const words[] = { "pointers", "in", "data", "need", "relocating" };
static int (*const compare)(const char *, const char *) = strcmp;
static __thread int per_thread = 17;

int main(int argc, char **argv)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)(getauxval(AT_PHDR) - sizeof(Elf32_Ehdr));
	char *copy;
	int st;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1) {
		printf("  again: argv[1] \"%s\", ET_DYN: %s\n", argv[1], yes(eh->e_type == ET_DYN));
		return 4;
	}
	printf("the ELF header, found through AT_PHDR, says ET_DYN: %s\n",
	       yes(memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_type == ET_DYN));
	printf("AT_ENTRY is _start: %s; AT_BASE is 0: %s\n",
	       yes(getauxval(AT_ENTRY) == (unsigned long)_start), yes(getauxval(AT_BASE) == 0));
	printf("relocated data: %s %s %s %s %s; function pointer: %s\n", words[0], words[1],
	       words[2], words[3], words[4], yes(compare("a", "a") == 0));
	per_thread++;
	errno = 0;
	close(-1);
	printf("TLS: %d, errno %s\n", per_thread, ename(errno));
	copy = malloc(100000);
	strcpy(copy, "malloc works");
	printf("%s\n", copy);
	free(copy);
	if (fork() == 0) {
		execl(argv[0], argv[0], "second", (char *)NULL);
		printf("exec: %s\n", ename(errno));
		_exit(1);
	}
	wait(&st);
	printf("exec of itself: exit %d\n", WEXITSTATUS(st));
	return 0;
}
