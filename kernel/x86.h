/* Thin wrappers around the i386 instructions the kernel needs. */
#ifndef KERNEL_X86_H
#define KERNEL_X86_H

#include <stdint.h>

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

/* n 16-bit words from port to addr, and back: an ATA sector's PIO transfer. */
static inline void insw(uint16_t port, void *addr, uint32_t n)
{
	asm volatile("cld; rep insw" : "+D"(addr), "+c"(n) : "d"(port) : "memory");
}

static inline void outsw(uint16_t port, const void *addr, uint32_t n)
{
	asm volatile("cld; rep outsw" : "+S"(addr), "+c"(n) : "d"(port) : "memory");
}

/* Keeps the compiler from moving memory accesses across it (Linux's barrier()). */
#define barrier()	asm volatile("" ::: "memory")

static inline void cli(void) { asm volatile("cli" ::: "memory"); }
static inline void sti(void) { asm volatile("sti" ::: "memory"); }
static inline void hlt(void) { asm volatile("hlt" ::: "memory"); }

static inline uint32_t read_cr2(void)
{
	uint32_t v;
	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint32_t read_cr3(void)
{
	uint32_t v;
	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(uint32_t v)
{
	asm volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline void invlpg(uint32_t va)
{
	asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* The debug registers: DR0-DR3 hold breakpoint addresses, DR6 says which hit, DR7 arms them. */
#define get_debugreg(var, n) asm volatile("mov %%db" #n ", %0" : "=r"(var))
#define set_debugreg(val, n) asm volatile("mov %0, %%db" #n : : "r"(val))

/* CPUID leaf (subleaf 0): the four registers it answers with, in r[0..3]. */
static inline void cpuid(uint32_t leaf, uint32_t r[4])
{
	asm volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
		     : "a"(leaf), "c"(0));
}

#endif
