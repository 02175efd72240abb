/*
 * Segments, laid out as Linux i386 lays them out so that user programs see
 * the selectors they would see on Linux: TLS entries 6-8 (glibc's %gs),
 * kernel code/data 12-13, user code/data 14-15, the TSS at 16, the per-CPU
 * segment at 27 (each CPU's own base), and the double-fault task's TSS at 31.
 */
#ifndef KERNEL_GDT_H
#define KERNEL_GDT_H

#define GDT_ENTRY_TLS_MIN	6
#define GDT_TLS_ENTRIES		3
#define GDT_ENTRY_TLS_MAX	(GDT_ENTRY_TLS_MIN + GDT_TLS_ENTRIES - 1)
#define GDT_ENTRY_KERNEL_CS	12
#define GDT_ENTRY_KERNEL_DS	13
#define GDT_ENTRY_USER_CS	14
#define GDT_ENTRY_USER_DS	15
#define GDT_ENTRY_TSS		16
#define GDT_ENTRY_PERCPU	27	/* %fs in the kernel: kernel/percpu.h */
#define GDT_ENTRY_DOUBLEFAULT_TSS	31
#define GDT_ENTRIES		32

#define KERNEL_CS	(GDT_ENTRY_KERNEL_CS * 8)	/* 0x60 */
#define KERNEL_DS	(GDT_ENTRY_KERNEL_DS * 8)	/* 0x68 */
#define USER_CS		(GDT_ENTRY_USER_CS * 8 + 3)	/* 0x73 */
#define USER_DS		(GDT_ENTRY_USER_DS * 8 + 3)	/* 0x7b */
#define TSS_SEL		(GDT_ENTRY_TSS * 8)
#define PERCPU_SEL	(GDT_ENTRY_PERCPU * 8)
#define DOUBLEFAULT_TSS_SEL	(GDT_ENTRY_DOUBLEFAULT_TSS * 8)

#ifndef __ASSEMBLER__
#include <stdint.h>

/* set_thread_area(2)'s argument. */
struct user_desc {
	uint32_t entry_number;
	uint32_t base_addr;
	uint32_t limit;
	uint32_t seg_32bit:1;
	uint32_t contents:2;
	uint32_t read_exec_only:1;
	uint32_t limit_in_pages:1;
	uint32_t seg_not_present:1;
	uint32_t useable:1;
};

/*
 * A task state segment.  The kernel's one (init_tss) gives the CPU the
 * kernel stack to switch to on a trap from user mode (esp0); the
 * double-fault task's holds that task's whole state (kernel/doublefault.c),
 * and a switch to it saves the interrupted state into init_tss.
 */
struct tss {
	uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs, ldt;
	uint16_t trap, iomap_base;
} __attribute__((packed));

extern struct tss init_tss;

void gdt_init(void);
void gdt_init_secondary(uint64_t g[GDT_ENTRIES], struct tss *t, int cpu);
void gdt_load(const uint64_t g[GDT_ENTRIES]);
void set_tss_desc(int entry, const struct tss *t);
void tss_set_esp0(uint32_t esp0);
uint64_t fill_ldt(const struct user_desc *u);
void load_tls(const uint64_t tls[GDT_TLS_ENTRIES]);

struct task;
/* get_thread_area of t's slot idx, and PTRACE_SET_THREAD_AREA's (kernel/tls.c). */
long do_get_thread_area(struct task *t, int idx, struct user_desc *u_info);
long ptrace_set_thread_area(struct task *t, int idx, struct user_desc *u_info);
/* set_thread_area's checks (kernel/tls.c), also for clone's CLONE_SETTLS. */
int tls_desc_from_user(struct user_desc *u_info, int can_allocate, int *idx,
		       uint64_t *desc);
#endif

#endif
