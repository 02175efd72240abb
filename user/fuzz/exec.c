// Operations on execve, ELF files, TLS descriptors and clone flags.
//
// execve with huge or broken argv and envp runs, in a worker, only files that cannot
// start (a junk file, a missing one), so that the strings are copied and checked and
// the worker lives on; a child may also run /bin/true. Random ELF files run in a child
// of their own that the caller waits for: their entry point is never in a segment (or
// is above user space), so nothing of them runs; what matters is the loading.
// set_thread_area never touches glibc's own entry (the one %gs selects). clone's
// children exit at once, in the same asm block that made them, without a stack;
// a thread (CLONE_THREAD) is waited for until it has gone.
#include "fuzz.h"

#include <asm/ldt.h>
#include <elf.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARG_STRLEN	(32 * PG)
#define NVEC		4096
#define JUNK		"junk.bin"	// in the worker's directory: ENOEXEC
#define ELF_FILE	"fuzz.elf"

// ---- execve with huge and broken argv and envp ----

static char big[MAX_ARG_STRLEN + 2 * PG];	// 'b's, NUL at the end: strings of any length
static char *vec[2][NVEC + 1];

// A string of about len bytes (the NUL included), or a broken one.
static char *arg_string(void)
{
	static const size_t lens[] = { 1, 2, 100, PG, MAX_ARG_STRLEN - 1, MAX_ARG_STRLEN,
				       MAX_ARG_STRLEN + 1, MAX_ARG_STRLEN + PG, 100000 };
	switch (below(12)) {
	case 0: return (char *)bad_ptr();
	case 1: return (char *)(arena + ARENA - 1 - below(32));	// into the guard page, maybe
	case 2: case 3: return big + sizeof(big) - PICK(lens);
	default: return big + sizeof(big) - 1 - below(64);
	}
}

// argv or envp: NULL, a bad address, words of our memory, or n strings.
static long arg_vector(char **v)
{
	switch (below(10)) {
	case 0: return 0;
	case 1: return bad_ptr();
	case 2: return (long)(arena + ARENA - 4 * below(8));	// whatever is there
	default: break;
	}
	int n = chance(50) ? (int)below(16) : chance(80) ? (int)below(NVEC) : NVEC;
	if (chance(5)) {	// about ARG_MAX: 22 strings of 100000 bytes, then E2BIG
		n = 22;
		for (int i = 0; i < n; i++)
			v[i] = big + sizeof(big) - 100000;
	} else {
		for (int i = 0; i < n; i++)
			v[i] = chance(97) ? big + sizeof(big) - 1 - below(16) : arg_string();
	}
	v[n] = chance(95) ? NULL : (char *)bad_ptr();	// or no end in sight
	if (v[n])
		v[n + 1 > NVEC ? NVEC : n + 1] = NULL;
	return (long)v;
}

static void make_junk(void)
{
	static int made;
	if (made)
		return;
	int fd = open(JUNK, O_WRONLY | O_CREAT | O_TRUNC, 0700);
	write(fd, "\177ELF, not quite\n", 16);
	close(fd);
	made = 1;
}

void op_exec_args(void)
{
	static const char *fails[] = { JUNK, JUNK, JUNK, "/nonexistent/x", "/tmp", "" };
	if (!big[0]) {
		memset(big, 'b', sizeof(big) - 1);
		make_junk();
	}
	long path = is_kid && chance(30) ? (long)"/bin/true" : chance(90) ? (long)PICK(fails) :
		    chance(50) ? (long)longname : bad_ptr();
	SC(SYS_execve, path, arg_vector(vec[0]), arg_vector(vec[1]), 0, 0);
}

// ---- random ELF files, run in a child ----

static unsigned char elf[3 * PG];

static uint32_t seg_vaddr(void)
{
	static const uint32_t odd[] = { 0, 0x1000, 0xbf800000, 0xbffff000, 0xc0000000,
					0xfffff000, 0x7ffff000 };
	if (chance(10))
		return PICK(odd) + (chance(50) ? below(PG) : 0);
	return 0x08048000 + below(16) * PG + (chance(70) ? 0 : below(PG));
}

static uint32_t seg_size(void)
{
	static const uint32_t odd[] = { 0, 1, PG, 0x100000, 0x40000000, 0x80000000, 0xffffffff };
	return chance(15) ? PICK(odd) : below(3 * PG);
}

// Is [a, a+PG) clear of every PT_LOAD's pages, as the kernel might map them?
static int entry_free(const Elf32_Phdr *ph, int n, uint32_t a)
{
	for (int i = 0; i < n; i++) {
		uint32_t lo = ph[i].p_vaddr & ~(PG - 1);
		uint32_t size = ph[i].p_memsz > ph[i].p_filesz ? ph[i].p_memsz : ph[i].p_filesz;
		uint64_t hi = (uint64_t)ph[i].p_vaddr + size + PG;
		if (ph[i].p_type == PT_LOAD && a + PG > lo && a < hi)
			return 0;
	}
	return 1;
}

static void make_elf(void)
{
	Elf32_Ehdr *e = (Elf32_Ehdr *)elf;
	int n = chance(90) ? 1 + below(6) : below(200);
	Elf32_Phdr *ph = (Elf32_Phdr *)(elf + sizeof(*e));

	if (n > (int)((sizeof(elf) - sizeof(*e)) / sizeof(*ph)))
		n = (sizeof(elf) - sizeof(*e)) / sizeof(*ph);
	memset(elf, 0xF4, sizeof(elf));	// hlt: executing any of it faults at once
	*e = (Elf32_Ehdr){
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS32, ELFDATA2LSB, EV_CURRENT },
		.e_type = chance(90) ? ET_EXEC : below(5), .e_machine = chance(90) ? EM_386 : below(70),
		.e_version = EV_CURRENT, .e_phoff = sizeof(*e),
		.e_ehsize = sizeof(*e), .e_phentsize = chance(95) ? sizeof(*ph) : below(64),
		.e_phnum = chance(95) ? n : rnd(),
	};
	if (chance(5))
		elf[below(4)] ^= 1 << below(8);	// not quite ELF
	if (chance(5))
		e->e_phoff = chance(50) ? sizeof(elf) - below(64) : rnd();
	for (int i = 0; i < n; i++) {
		static const uint32_t types[] = { PT_LOAD, PT_LOAD, PT_LOAD, PT_LOAD, PT_NULL,
						  PT_INTERP, PT_GNU_STACK, PT_NOTE, PT_PHDR, 0x70000000 };
		uint32_t va = seg_vaddr(), filesz = seg_size();
		ph[i] = (Elf32_Phdr){
			.p_type = chance(97) ? PICK(types) : rnd(),
			.p_offset = chance(85) ? below(3) * PG + (va & (PG - 1)) : rnd() % (4 * PG),
			.p_vaddr = va, .p_paddr = va, .p_filesz = filesz,
			.p_memsz = chance(80) ? filesz + (chance(50) ? below(3 * PG) : 0) : seg_size(),
			.p_flags = below(8), .p_align = PG,
		};
		if (ph[i].p_type == PT_INTERP) {	// a name: missing, ours, unterminated
			static const char *names[] = { "/nonexistent/ld.so", JUNK, "/", "" };
			const char *name = PICK(names);
			ph[i].p_offset = 2 * PG + 16;
			ph[i].p_filesz = strlen(name) + (chance(90) ? 1 : 0);
			memcpy(elf + ph[i].p_offset, name, strlen(name) + 1);
		}
	}
	// The entry: a page no segment can cover, below the mmap area, or above user space.
	e->e_entry = 0xfffff000;
	for (int tries = 0; tries < 8; tries++) {
		uint32_t a = 0x10000000 + below(0x10000) * PG;
		if (entry_free(ph, n, a)) {
			e->e_entry = a + below(PG);
			break;
		}
	}
	int fd = open(ELF_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0700);
	write(fd, elf, chance(90) ? sizeof(elf) : below(sizeof(elf)));
	close(fd);
}

void op_elf(void)
{
	make_elf();
	pid_t pid = fork();
	if (pid == 0) {
		alarm(10);
		char *argv[] = { ELF_FILE, "x", NULL };
		SC(SYS_execve, ELF_FILE, argv, chance(50) ? 0 : (long)argv, 0, 0);
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

// ---- set_thread_area and get_thread_area ----

static int glibc_entry(void)
{
	unsigned short gs;
	asm volatile("mov %%gs, %0" : "=r"(gs));
	return gs >> 3;
}

static int tls_entry(void)
{
	int g = glibc_entry();
	switch (below(8)) {
	case 0: return -1;
	case 1: return g - 1 - below(3);
	case 2: return g + 3 + below(3);
	case 3: return rnd();
	default: return g + 1 + below(2);	// never glibc's own
	}
}

void op_tls(void)
{
	struct user_desc *u = (struct user_desc *)scratch;
	int g = glibc_entry();

	memset(u, 0, sizeof(*u));
	u->entry_number = tls_entry();
	u->base_addr = chance(50) ? (uint32_t)(uintptr_t)arena : rnd();
	u->limit = chance(50) ? 0xfffff : rnd() & 0xfffff;
	uint32_t bits = chance(50) ? 0x11 : rnd();	// 32-bit, in pages, or anything
	memcpy((char *)u + 12, &bits, 4);
	if (chance(10))
		memset(u, 0, sizeof(*u)), u->entry_number = g + 1;	// the all-zero form
	if ((int)u->entry_number == g)
		u->entry_number = g + 1;
	long r = SC(SYS_set_thread_area, chance(90) ? (long)u : bad_ptr(), 0, 0, 0, 0);
	int e = u->entry_number;
	int empty = !u->base_addr && !u->limit && !u->contents && !u->seg_32bit &&
		    !u->limit_in_pages && !u->useable;
	if (r == 0 && !empty && e != g && chance(50)) {
		// Use it through %fs, then maybe clear it under %fs's feet: after the next
		// system call %fs must be a selector that loads (0 if its entry went away).
		unsigned short sel = e * 8 + 3, fs;
		asm volatile("mov %0, %%fs" : : "r"(sel));
		if (chance(50)) {
			memset(u, 0, sizeof(*u));
			u->entry_number = e;
			u->read_exec_only = u->seg_not_present = chance(50);
			SC(SYS_set_thread_area, u, 0, 0, 0, 0);
		}
		SC(SYS_getpid, 0, 0, 0, 0, 0);
		asm volatile("mov %%fs, %0" : "=r"(fs));
		asm volatile("mov %0, %%fs" : : "r"(0));
		(void)fs;
	}
	u = (struct user_desc *)ptr(sizeof(*u));
	struct user_desc *q = (struct user_desc *)(scratch + 64);
	q->entry_number = tls_entry();
	SC(SYS_get_thread_area, chance(70) ? (long)q : (long)u, 0, 0, 0, 0);
}

// ---- clone with random flags ----

// The raw call (clone, or clone3 with its struct in ebx and size in ecx); the
// child leaves at once through exit, touching no memory, its stack unused.
static long raw_clone(long nr, long flags, long sp, long ptid, long tls, long ctid)
{
	long r;
	asm volatile("int $0x80\n\t"
		     "test %%eax, %%eax\n\t"
		     "jnz 1f\n\t"
		     "mov $1, %%eax\n\t"	// SYS_exit: the child, or its thread
		     "xor %%ebx, %%ebx\n\t"
		     "int $0x80\n"
		     "1:"
		     : "=a"(r)
		     : "0"(nr), "b"(flags), "c"(sp), "d"(ptid), "S"(tls), "D"(ctid)
		     : "memory");
	if (trace)
		printf("%c%d %s (%lx, %lx, %lx, %lx, %lx) = %ld\n", is_kid ? 'k' : 'w', me,
		       nr == SYS_clone ? "clone" : "clone3", flags, sp, ptid, tls, ctid, r);
	return r;
}

// clone3's struct clone_args for the same request: the exit signal apart, a stack
// with a size (or not), a pidfd pointer, a set_tid, clone3's own two flags (the
// cgroup a descriptor of ours), a size of each version or none.
static long clone3_args(long flags, long tls)
{
	static const long sizes[] = { 64, 80, 88, 88, 96, 63, 4097, 128 };
	uint64_t *a = (uint64_t *)(scratch + 256);	// flags, pidfd, child_tid, parent_tid,
	int *tid = (int *)(scratch + 512);		// exit_signal, stack, stack_size, tls,
							// set_tid, set_tid_size, cgroup
	memset(a, 0, 128);
	a[0] = (uint32_t)flags & ~0xffu;
	if (chance(20))
		a[0] |= chance(50) ? 0x100000000ULL : chance(50) ? 0x200000000ULL : (uint64_t)rnd() << 32;
	a[1] = ptr(4), a[2] = ptr(4), a[3] = ptr(4);
	a[4] = chance(90) ? (uint64_t)(flags & 0xff) : rnd();
	if (chance(30))
		a[5] = ptr(64), a[6] = chance(90) ? 64 : rnd();
	a[7] = tls;
	if (chance(10)) {
		*tid = chance(50) ? (int)below(40000) : (int)rnd();
		a[8] = chance(90) ? (uintptr_t)tid : (uint64_t)bad_ptr(), a[9] = chance(90) ? 1 : below(40);
	}
	a[10] = chance(50) ? below(64) : rnd();
	return raw_clone(SYS_clone3, chance(95) ? (long)a : bad_ptr(), PICK(sizes), 0, 0, 0);
}

void op_clone(void)
{
	// Exit signals that cannot hurt us: none, SIGCHLD, ignored ones, or no signal at all.
	static const long exit_sigs[] = { 0, SIGCHLD, SIGCHLD, SIGURG, SIGWINCH, SIGPIPE, 65, 200 };
	long flags = rnd() & ~0xffL & ~(chance(90) ? 0x7e020000L : 0);	// namespaces rarely
	flags &= chance(50) ? 0x0138c100L : ~0L;	// often only the flags shmos does
	flags |= PICK(exit_sigs);
	struct user_desc *u = (struct user_desc *)(scratch + 128);
	memset(u, 0, sizeof(*u));
	u->entry_number = chance(70) ? glibc_entry() + 1 : tls_entry();
	u->limit = 0xfffff;
	u->seg_32bit = u->limit_in_pages = chance(90);
	long tls = chance(80) ? (long)u : bad_ptr();
	long r = chance(70) ? raw_clone(SYS_clone, flags, chance(70) ? 0 : ptr(16), ptr(4), tls, ptr(4))
			    : clone3_args(flags, tls);
	if (r > 0 && (flags & CLONE_THREAD)) {
		// A thread: nobody waits for it; it must be gone before we go on, or
		// a signal for us could go to it (it would take one we do not block).
		for (int i = 0; i < 1000000 && syscall(SYS_tgkill, getpid(), r, 0) == 0; i++)
			sched_yield();
	} else if (r > 0) {
		waitpid(r, NULL, __WALL);	// a CLONE_PARENT child is our parent's to reap
	}
}
