// proc_tls: set_thread_area and get_thread_area as Linux's arch/x86/kernel/tls.c. Only
// 32-bit, present data segments may go in the TLS entries, or the two "empty" forms
// that free an entry: a 16-bit one is refused (loaded in %ss it would make iret keep the
// kernel's half of ESP), code and not-present ones too. get_thread_area gives Linux's
// fields and nothing else. A selector whose entry went away reads 0 after the next
// system call; a system call with %ss a TLS segment keeps ESP whole. (A stack fault
// through a TLS %ss is SIGBUS, as on Linux, but QEMU does not check segment limits.)
// There is no LDT: an LDT selector never loads.
//
// Entry numbers are not printed: glibc takes the first free one, 6 on i386 and 12 on
// the x86-64 Linux that records NAME.out; the test works relative to it.
#define _GNU_SOURCE
#include <asm/ldt.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static int glibc;	// glibc's entry, that %gs selects

static long set_area(struct user_desc *u)
{
	return syscall(SYS_set_thread_area, u);
}

static long get_area(struct user_desc *u)
{
	return syscall(SYS_get_thread_area, u);
}

static unsigned short selector(int entry)
{
	return entry * 8 + 3;
}

// A flat, writable, 32-bit data segment in entry e (-1: the kernel picks).
static struct user_desc flat(int e)
{
	return (struct user_desc){ .entry_number = e, .base_addr = 0, .limit = 0xFFFFF,
				   .seg_32bit = 1, .limit_in_pages = 1 };
}

static void show(const char *what, int entry)
{
	struct user_desc u;
	uint32_t words[4];

	memset(&u, 0xFF, sizeof(u));
	u.entry_number = entry;
	if (get_area(&u) < 0) {
		printf("%s: get_thread_area: %s\n", what, ename(errno));
		return;
	}
	memcpy(words, &u, sizeof(words));
	printf("%s: base 0x%x limit 0x%x 32bit %d contents %d read_exec_only %d "
	       "limit_in_pages %d not_present %d useable %d; flags word 0x%x; same entry: %s\n",
	       what, u.base_addr, u.limit, u.seg_32bit, u.contents, u.read_exec_only,
	       u.limit_in_pages, u.seg_not_present, u.useable, words[3],
	       yes((int)u.entry_number == entry));
}

static void glibc_entry(void)
{
	struct user_desc u;
	uintptr_t tp;

	memset(&u, 0, sizeof(u));
	u.entry_number = glibc;
	get_area(&u);
	asm volatile("movl %%gs:0, %0" : "=r"(tp));	// glibc's TCB points to itself
	printf("glibc's entry: base is its thread pointer: %s; 32bit %d contents %d "
	       "read_exec_only %d limit_in_pages %d not_present %d useable %d limit 0x%x\n",
	       yes(u.base_addr == tp), u.seg_32bit, u.contents, u.read_exec_only,
	       u.limit_in_pages, u.seg_not_present, u.useable, u.limit);
}

static void try_desc(const char *what, struct user_desc u)
{
	TRY(what, set_area(&u));
}

static void checks(void)
{
	struct user_desc u = flat(-1);
	int e = glibc + 1;

	TRY("entry -1, a flat data segment", set_area(&u));
	printf("  it took the next free entry: %s\n", yes((int)u.entry_number == e));
	u = flat(e);
	u.seg_32bit = 0;
	try_desc("16-bit data", u);
	u = flat(e);
	u.contents = 2;
	try_desc("code", u);
	u = flat(e);
	u.contents = 3;
	try_desc("conforming code", u);
	u = flat(e);
	u.seg_not_present = 1;
	try_desc("not present", u);
	u = flat(e);
	u.seg_32bit = 0, u.limit = 0, u.limit_in_pages = 0;
	try_desc("16-bit, all else 0: the all-zero form", u);
	u = flat(e);
	u.contents = 1;
	try_desc("expand-down data", u);
	u = flat(e);
	u.read_exec_only = 1, u.useable = 1, u.base_addr = 0x12345678, u.limit = 0xABCDE;
	try_desc("read-only data, useable, base 0x12345678", u);
	show("  read back", e);
	try_desc("entry below the TLS entries", flat(glibc - 1));
	try_desc("entry above the TLS entries", flat(glibc + 3));
	TRY("bad pointer", set_area((struct user_desc *)16));

	u = flat(e + 1);
	set_area(&u);
	u = flat(-1);
	TRY("entry -1, all entries taken", set_area(&u));
	u.seg_32bit = 0;
	TRY("entry -1, all entries taken, 16-bit", set_area(&u));

	u = (struct user_desc){ .entry_number = e };	// all zero: "no segment"
	try_desc("all zero", u);
	show("  read back", e);
	u = (struct user_desc){ .entry_number = e + 1, .read_exec_only = 1, .seg_not_present = 1 };
	try_desc("the empty descriptor", u);
	show("  read back", e + 1);
	u = flat(-1);
	TRY("entry -1 again", set_area(&u));
	printf("  it took the first free entry again: %s\n", yes((int)u.entry_number == e));
	u = (struct user_desc){ .entry_number = e };
	set_area(&u);

	TRY("get_thread_area below the TLS entries",
	    get_area(&(struct user_desc){ .entry_number = glibc - 1 }));
	TRY("get_thread_area above", get_area(&(struct user_desc){ .entry_number = glibc + 3 }));
	TRY("get_thread_area bad pointer", get_area((struct user_desc *)16));
}

static int value = 0x5A5A1234;

// Loads %fs with a TLS segment, reads through it, clears the entry, makes a call.
static void stale_fs(void)
{
	int e = glibc + 1, v;
	struct user_desc u = flat(e);
	unsigned short fs;

	u.base_addr = (uintptr_t)&value - 16;
	set_area(&u);
	asm volatile("mov %0, %%fs" : : "r"(selector(e)));
	asm volatile("movl %%fs:16, %0" : "=r"(v));
	printf("a load through %%fs reads the variable: %s\n", yes(v == value));
	u = (struct user_desc){ .entry_number = e, .read_exec_only = 1, .seg_not_present = 1 };
	set_area(&u);
	syscall(SYS_getpid);
	asm volatile("mov %%fs, %0" : "=r"(fs));
	printf("%%fs once its entry is cleared and after a system call: %u\n", fs);
}

// A system call made with %ss a flat TLS segment: ESP must come back whole.
static void tls_ss(void)
{
	int e = glibc + 1;
	struct user_desc u = flat(e);
	uint32_t before, after, ret;
	unsigned short ss, ss_after;

	set_area(&u);
	asm volatile("mov %%ss, %%si\n\t"
		     "mov %%bx, %%ss\n\t"
		     "mov %%esp, %%edi\n\t"
		     "mov %[nr], %%eax\n\t"
		     "int $0x80\n\t"
		     "mov %%esp, %%edx\n\t"
		     "mov %%ss, %%cx\n\t"
		     "mov %%si, %%ss"
		     : "=D"(before), "=d"(after), "=c"(ss_after), "=a"(ret)
		     : "b"(selector(e)), [nr] "i"(SYS_getpid)
		     : "esi", "memory");
	asm volatile("mov %%ss, %0" : "=r"(ss));
	printf("a system call with %%ss a TLS segment: returns the pid %s, esp whole %s, "
	       "%%ss kept %s\n", yes(ret == (uint32_t)getpid()), yes(before == after),
	       yes(ss_after == selector(e)));
	printf("%%ss back to the usual one: %s\n", yes(ss != selector(e)));
	u = (struct user_desc){ .entry_number = e };
	set_area(&u);
}

// An LDT selector: there is no LDT, so loading one faults, even when page 0 (where a
// CPU fresh from reset believes the LDT is) holds a descriptor the program wrote.
static void ldt_selector(const char *reg)
{
	int st;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		void *p = mmap(0, 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		uint64_t d = 0xFFFFull | 0xF2ull << 40;	// 16-bit data, DPL 3, limit 0xffff

		if (p == 0) {
			asm volatile("" : "+r"(p));	// a store to NULL, on purpose
			memcpy(p, &d, sizeof(d));
		}
		if (reg[0] == 's')
			asm volatile("mov %%ss, %%si\n\tmov %0, %%ss\n\tmov %%si, %%ss"
				     : : "r"(7) : "esi");
		else
			asm volatile("mov %0, %%fs\n\tmov %1, %%fs" : : "r"(7), "r"(0));
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("loading an LDT selector into %%%s: %s\n", reg,
	       WIFSIGNALED(st) ? sigabbrev_np(WTERMSIG(st)) : "no signal");
}

int main(void)
{
	unsigned short gs;

	setvbuf(stdout, NULL, _IOLBF, 0);
	asm volatile("mov %%gs, %0" : "=r"(gs));
	glibc = gs >> 3;
	glibc_entry();
	checks();
	stale_fs();
	tls_ss();
	ldt_selector("ss");
	ldt_selector("fs");
	return 0;
}
