// proc_exec_leak: an execve that fails gives back everything it took, whether it
// returns an error to the caller (no such file, not ELF, E2BIG, EFAULT, a script whose
// interpreter is missing, scripts nested too deep) or kills the caller (an ELF that
// Linux rejects only past its point of no return). sysinfo's free memory must be the
// same before and after many of each.
// host: no    (Linux's free memory moves all the time; NAME.out is what shmos must print)
// timeout: 120
#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define CYCLES 40

static char *self;

static void write_file(const char *name, const void *data, size_t len)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0755);

	write(fd, data, len);
	close(fd);
}

// An ELF whose one segment lies above user space: Linux kills the caller with SIGSEGV.
static void fatal_elf(void)
{
	struct {
		Elf32_Ehdr e;
		Elf32_Phdr p;
	} f = {
		.e = { .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS32 },
		       .e_type = ET_EXEC, .e_machine = EM_386, .e_entry = 0x08048000,
		       .e_phoff = sizeof(Elf32_Ehdr), .e_phentsize = sizeof(Elf32_Phdr),
		       .e_phnum = 1 },
		.p = { .p_type = PT_LOAD, .p_vaddr = 0xFFFFF000, .p_filesz = 16,
		       .p_memsz = 16, .p_flags = PF_R },
	};

	write_file("leak_fatal", &f, sizeof(f));
}

static void setup(void)
{
	char line[512];

	fatal_elf();
	write_file("leak_notelf", "\177ELF and then nothing much", 26);
	write_file("leak_script", "#!/nonexistent/interpreter arg\n", 31);
	for (int i = 0; i < 7; i++) {	// leak_n0 runs leak_n1 ... 7 deep: ELOOP
		char name[16];

		snprintf(name, sizeof(name), "leak_n%d", i);
		snprintf(line, sizeof(line), "#!./leak_n%d\n", i + 1);
		write_file(name, line, strlen(line));
	}
}

static void cleanup(void)
{
	static const char *names[] = { "leak_fatal", "leak_notelf", "leak_script", "leak_n0",
				       "leak_n1", "leak_n2", "leak_n3", "leak_n4", "leak_n5",
				       "leak_n6" };

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(names[i]);
}

// Fork, exec path with argv, wait: 0 when the exec failed and the child exited 0 (or
// was killed with SIGSEGV, when killed says so).
static int cycle(const char *path, char **argv, int killed)
{
	char *envp[] = { "A=1", "B=22", NULL };
	int st = -1;
	pid_t pid = fork();

	if (pid == 0) {
		execve(path, argv, envp);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	if (killed)
		return !(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	return !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static int round_of(int n)
{
	static char *many[40000];
	char *argv[] = { self, "x", "two words", NULL }, *bad[] = { self, (char *)16, NULL };
	int failed = 0;

	if (!many[0]) {	// argv and strings too big for ARG_MAX: E2BIG, after a copy
		static char s[200];

		memset(s, 's', sizeof(s) - 1);
		for (unsigned i = 0; i < sizeof(many) / sizeof(many[0]) - 1; i++)
			many[i] = s;
	}
	for (int i = 0; i < n; i++) {
		failed += cycle("leak_missing", argv, 0);
		failed += cycle("leak_notelf", argv, 0);
		failed += cycle("leak_script", argv, 0);
		failed += cycle("leak_n0", argv, 0);
		failed += cycle(self, many, 0);
		failed += cycle(self, bad, 0);
		failed += cycle("leak_fatal", argv, 1);
	}
	return failed;
}

int main(int argc, char **argv)
{
	unsigned long long before, after;
	int failed;

	self = argv[0];
	setvbuf(stdout, NULL, _IONBF, 0);
	setup();
	round_of(1);	// lets the kernel and this process set up lazily once
	before = freeram();
	failed = round_of(CYCLES);
	after = freeram();
	cleanup();
	printf("%d rounds of 7 failing execs\n", CYCLES);
	printf("execs that did not fail as they should: %d\n", failed);
	printf("freeram same: %s\n", before == after ? "yes" : "no");
	if (before != after)
		printf("freeram changed by %lld bytes\n", (long long)(after - before));
	return 0;
}
