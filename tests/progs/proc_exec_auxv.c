// proc_exec_auxv: the auxiliary vector execve leaves above envp on the new stack, which
// glibc's start-up and ld.so read (AT_PHDR to find the program, AT_BASE the interpreter,
// AT_RANDOM the stack protector's canary...). Everything a kernel without a vDSO can give
// the same as Linux must be the same: the values, and the order of the entries, leaving
// out those Linux adds for its vDSO and newer features (AT_SYSINFO, AT_SYSINFO_EHDR,
// AT_MINSIGSTKSZ, AT_HWCAP2, AT_RSEQ_*). The program re-executes itself once, so that
// the second image's vector is that of an execve from a user program, not from the
// kernel (shmos's init) or from the test harness.
#define _GNU_SOURCE
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ	51
#endif
#define AT_RSEQ_FEATURE_SIZE	27
#define AT_RSEQ_ALIGN		28

extern char _start[];
extern char **environ;

static const char *name(uint32_t type)
{
	static const char *const names[] = {
		[AT_PHDR] = "AT_PHDR", [AT_PHENT] = "AT_PHENT", [AT_PHNUM] = "AT_PHNUM",
		[AT_PAGESZ] = "AT_PAGESZ", [AT_BASE] = "AT_BASE", [AT_FLAGS] = "AT_FLAGS",
		[AT_ENTRY] = "AT_ENTRY", [AT_UID] = "AT_UID", [AT_EUID] = "AT_EUID",
		[AT_GID] = "AT_GID", [AT_EGID] = "AT_EGID", [AT_PLATFORM] = "AT_PLATFORM",
		[AT_HWCAP] = "AT_HWCAP", [AT_CLKTCK] = "AT_CLKTCK", [AT_SECURE] = "AT_SECURE",
		[AT_RANDOM] = "AT_RANDOM", [AT_EXECFN] = "AT_EXECFN",
	};

	return type < sizeof(names) / sizeof(names[0]) && names[type] ? names[type] : "?";
}

// What Linux gives that a kernel without a vDSO, xsave or rseq has no value for.
static int linux_only(uint32_t type)
{
	return type == AT_SYSINFO || type == AT_SYSINFO_EHDR || type == AT_MINSIGSTKSZ ||
	       type == AT_HWCAP2 || type == AT_RSEQ_FEATURE_SIZE || type == AT_RSEQ_ALIGN;
}

static uint32_t cpuid_edx(uint32_t leaf)
{
	uint32_t a = leaf, b, c = 0, d;

	asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return d;
}

static void show(char **argv, char **envp)
{
	const uint32_t *aux;
	const char *random, *platform, *execfn;
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)0x08048000;
	char *top = argv[0];
	uint32_t hwcap;

	while (*envp)
		envp++;
	printf("  entries:");
	for (aux = (const uint32_t *)(envp + 1); aux[0] != AT_NULL; aux += 2)
		if (!linux_only(aux[0]))
			printf(" %s", name(aux[0]));
	printf("\n");
	printf("  AT_PHDR %#lx: the program headers of the image at 0x08048000: %s\n",
	       getauxval(AT_PHDR), yes(getauxval(AT_PHDR) == 0x08048000 + eh->e_phoff));
	printf("  AT_PHENT %lu, AT_PHNUM %lu (e_phnum %u), AT_PAGESZ %lu\n",
	       getauxval(AT_PHENT), getauxval(AT_PHNUM), eh->e_phnum, getauxval(AT_PAGESZ));
	printf("  AT_BASE %#lx, AT_FLAGS %#lx, AT_ENTRY is _start: %s\n",
	       getauxval(AT_BASE), getauxval(AT_FLAGS),
	       yes(getauxval(AT_ENTRY) == (unsigned long)_start));
	printf("  AT_UID AT_EUID AT_GID AT_EGID are getuid() and the rest: %s\n",
	       yes(getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid() &&
		   getauxval(AT_GID) == getgid() && getauxval(AT_EGID) == getegid()));
	printf("  AT_SECURE %lu, AT_CLKTCK %lu\n", getauxval(AT_SECURE), getauxval(AT_CLKTCK));

	// The strings are at the top of the stack, the tables below them; AT_RANDOM and
	// AT_PLATFORM point in between.
	for (char **a = argv; *a; a++)
		top = *a > top ? *a : top;
	random = (const char *)getauxval(AT_RANDOM);
	platform = (const char *)getauxval(AT_PLATFORM);
	execfn = (const char *)getauxval(AT_EXECFN);
	printf("  AT_RANDOM: above the vector, below the strings: %s\n",
	       yes(random > (const char *)aux && random + 16 <= argv[0]));
	printf("  AT_PLATFORM \"%s\", above AT_RANDOM: %s\n", platform ? platform : "(none)",
	       yes(platform && platform >= random + 16 && platform < argv[0]));
	printf("  AT_EXECFN: the path execve was given (argv[0] here), above the strings: %s\n",
	       yes(execfn && !strcmp(execfn, argv[0]) && execfn > top));
	hwcap = getauxval(AT_HWCAP);
	// Linux gives CPUID 1's EDX, less what it turned off (this test's own Linux host
	// gives only the fpu bit to 32-bit programs).
	printf("  AT_HWCAP: fpu %s; no bit that CPUID 1's EDX lacks: %s\n",
	       yes(hwcap & 1), yes((hwcap & ~cpuid_edx(1)) == 0));
}

int main(int argc, char **argv)
{
	char **envp = environ;		// before anything can change environ
	int st;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1) {
		printf("after an execve from a program:\n");
		show(argv, envp);
		return 0;
	}
	printf("as started:\n");
	show(argv, envp);
	if (fork() == 0) {
		execl(argv[0], argv[0], "again", (char *)NULL);
		_exit(127);
	}
	wait(&st);
	return WEXITSTATUS(st);
}
