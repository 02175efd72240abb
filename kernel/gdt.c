#include "kernel/gdt.h"
#include "kernel/smp.h"
#include "kernel/string.h"

static uint64_t gdt[GDT_ENTRIES];
struct tss init_tss;

/* Build a descriptor: access byte and flags nibble as the Intel SDM draws them. */
static uint64_t descriptor(uint32_t base, uint32_t limit, uint8_t access,
			   uint8_t flags)
{
	return (limit & 0xFFFFull) | ((uint64_t)(base & 0xFFFFFF) << 16) |
	       ((uint64_t)access << 40) | ((uint64_t)((limit >> 16) & 0xF) << 48) |
	       ((uint64_t)(flags & 0xF) << 52) | ((uint64_t)(base >> 24) << 56);
}

void gdt_init(void)
{
	gdt[GDT_ENTRY_KERNEL_CS] = descriptor(0, 0xFFFFF, 0x9A, 0xC);
	gdt[GDT_ENTRY_KERNEL_DS] = descriptor(0, 0xFFFFF, 0x92, 0xC);
	gdt[GDT_ENTRY_USER_CS] = descriptor(0, 0xFFFFF, 0xFA, 0xC);
	gdt[GDT_ENTRY_USER_DS] = descriptor(0, 0xFFFFF, 0xF2, 0xC);
	gdt[GDT_ENTRY_PERCPU] = descriptor(0, 0xFFFFF, 0x92, 0xC);	/* cpu0's: base 0 */
	init_tss.ss0 = KERNEL_DS;
	init_tss.iomap_base = sizeof(init_tss);	/* no I/O bitmap: user port I/O faults */
	set_tss_desc(GDT_ENTRY_TSS, &init_tss);
	gdt_load(gdt);
}

/*
 * Another CPU's GDT (kernel/smpboot.c): the boot CPU's segments and the
 * double-fault task, with t as its own TSS and a per-CPU segment whose
 * base is where its per-CPU variables are (kernel/percpu.h).
 */
void gdt_init_secondary(uint64_t g[GDT_ENTRIES], struct tss *t, int cpu)
{
	memcpy(g, gdt, sizeof(gdt));
	g[GDT_ENTRY_PERCPU] = descriptor(cpu_data[cpu].percpu_offset, 0xFFFFF, 0x92, 0xC);
	t->ss0 = KERNEL_DS;
	t->iomap_base = sizeof(*t);
	g[GDT_ENTRY_TSS] = descriptor((uint32_t)t, sizeof(*t) - 1, 0x89, 0);
}

/*
 * Loads g on this CPU: the segment registers, %fs the per-CPU segment (the
 * kernel's %fs always is: kernel/trapentry.S), its TSS and no LDT.
 */
void gdt_load(const uint64_t g[GDT_ENTRIES])
{
	struct { uint16_t limit; uint32_t base; } __attribute__((packed)) gdtr;

	gdtr.limit = sizeof(gdt) - 1;
	gdtr.base = (uint32_t)g;
	asm volatile("lgdt %0\n\t"
		     "ljmp %1, $1f\n"
		     "1:\tmov %2, %%ax\n\t"
		     "mov %%ax, %%ds\n\tmov %%ax, %%es\n\tmov %%ax, %%ss\n\t"
		     "mov %4, %%ax\n\tmov %%ax, %%fs\n\t"
		     "xor %%ax, %%ax\n\tmov %%ax, %%gs\n\t"
		     "ltr %w3"
		     : : "m"(gdtr), "i"(KERNEL_CS), "i"(KERNEL_DS), "r"(TSS_SEL),
		       "i"(PERCPU_SEL)
		     : "eax", "memory");
	/*
	 * No LDT.  The LDTR the boot loader leaves may still hold the CPU's
	 * reset value, base 0 limit 0xffff: any selector with TI set would
	 * then name a descriptor in the user's own low memory, call gates
	 * into ring 0 included.
	 */
	asm volatile("lldt %w0" : : "r"(0));
}

/* An available 32-bit TSS descriptor (type 9) for t. */
void set_tss_desc(int entry, const struct tss *t)
{
	gdt[entry] = descriptor((uint32_t)t, sizeof(*t) - 1, 0x89, 0);
}

/* This CPU's GDT and TSS: cpu0's are this file's, the others' in cpu_data. */
static uint64_t *this_gdt(void)
{
	int cpu = smp_processor_id();

	return cpu ? cpu_data[cpu].gdt : gdt;
}

void tss_set_esp0(uint32_t esp0)
{
	int cpu = smp_processor_id();

	(cpu ? &cpu_data[cpu].tss : &init_tss)->esp0 = esp0;
}

/*
 * Linux's fill_ldt: the user_desc bits become a DPL 3 descriptor.  The
 * accessed bit is set, as Linux sets it, so the CPU never writes the GDT.
 */
uint64_t fill_ldt(const struct user_desc *u)
{
	uint8_t access, flags;

	/* P, DPL 3, S; type: contents, writable, accessed */
	access = ((!u->seg_not_present) << 7) | 0x60 | 0x10 |
		 (u->contents << 2) | ((!u->read_exec_only) << 1) | 1;
	flags = (u->limit_in_pages << 3) | (u->seg_32bit << 2) | u->useable;
	return descriptor(u->base_addr, u->limit, access, flags);
}

/* On every switch: three descriptors, copied in line rather than by memcpy. */
void load_tls(const uint64_t tls[GDT_TLS_ENTRIES])
{
	uint64_t *gdt = this_gdt();

	for (int i = 0; i < GDT_TLS_ENTRIES; i++)
		gdt[GDT_ENTRY_TLS_MIN + i] = tls[i];
}
