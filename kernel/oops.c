#include <stdarg.h>
#include "kernel/oops.h"
#include "kernel/printk.h"
#include "kernel/task.h"
#include "kernel/x86.h"
#include "mm/kstack.h"

#define OOPS_STATUS	255

int oops_in_progress;

/* The kernel's text symbols, sorted by address (scripts/mksyms). */
struct ksym {
	uint32_t addr;
	const char *name;
};
extern const struct ksym ksyms[];
extern const uint32_t ksyms_count;
extern char _text[], _etext[];

const char *ksym_lookup(uint32_t addr, uint32_t *offset)
{
	int lo = 0, hi = (int)ksyms_count - 1, best = -1;

	if (addr < (uint32_t)_text || addr >= (uint32_t)_etext)
		return NULL;
	while (lo <= hi) {		/* the last symbol at or below addr */
		int mid = (lo + hi) / 2;
		if (ksyms[mid].addr <= addr) {
			best = mid;
			lo = mid + 1;
		} else
			hi = mid - 1;
	}
	if (best < 0)
		return NULL;
	*offset = addr - ksyms[best].addr;
	return ksyms[best].name;
}

static void print_addr(uint32_t addr)
{
	uint32_t off;
	const char *name = ksym_lookup(addr, &off);

	if (name)
		printk("  [<%08x>] %s+0x%x\n", addr, name, off);
	else
		printk("  [<%08x>] ?\n", addr);
}

/* Follow the saved-%ebp chain (the kernel keeps frame pointers). */
void backtrace(uint32_t ebp)
{
	for (int depth = 0; ebp && depth < 16; depth++) {
		uint32_t *frame = (uint32_t *)ebp;

		if (ebp < 0xC0000000u || (ebp & 3) || kstack_guard(ebp))
			break;
		print_addr(frame[1]);
		ebp = frame[0];
	}
}

/*
 * A double fault whose next push would land in a guard page is a kernel
 * stack overflow (kernel/doublefault.c); the fault address is then the
 * push that did not fit.
 */
void oops(struct trapframe *tf)
{
	cli();
	oops_in_progress = 1;
	if (tf->trapno == T_DBLFLT && kstack_guard(tf->kesp - 4))
		printk("\noops: kernel stack overflow (double fault)\n");
	else
		printk("\noops: %s (vector %d) error 0x%x in kernel mode\n",
		       trap_name(tf->trapno), tf->trapno, tf->err);
	if (tf->trapno == T_PGFLT || tf->trapno == T_DBLFLT)
		printk("  fault address (cr2) %08x\n", read_cr2());
	printk("  eip %08x eflags %08x cs %04x\n", tf->eip, tf->eflags, tf->cs);
	printk("  eax %08x ebx %08x ecx %08x edx %08x\n", tf->eax, tf->ebx,
	       tf->ecx, tf->edx);
	printk("  esi %08x edi %08x ebp %08x esp %08x\n", tf->esi, tf->edi,
	       tf->ebp, tf->kesp);
	if (current)
		printk("  task %d (%s), kernel stack %08x-%08x\n", current->pid,
		       current->comm, (uint32_t)current->kstack,
		       (uint32_t)current->kstack + THREAD_SIZE);
	printk("Call trace:\n");
	print_addr(tf->eip);
	backtrace(tf->ebp);
	poweroff(OOPS_STATUS);
}

void panic(const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	uint32_t ebp;

	cli();
	oops_in_progress = 1;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("\nkernel panic: %s\n", buf);
	asm volatile("mov %%ebp, %0" : "=r"(ebp));
	printk("Call trace:\n");
	backtrace(ebp);
	poweroff(OOPS_STATUS);
}

/*
 * QEMU's isa-debug-exit device (port 0xf4) ends QEMU with status
 * (value << 1) | 1; scripts/boot reads the exact status from the line we
 * print.  Without that device, try the ACPI power-off of QEMU's PIIX4.
 */
void poweroff(int status)
{
	cli();
	printk("shmos: power off, status %d\n", status);
	outl(0xf4, status);
	asm volatile("outw %0, %1" : : "a"((uint16_t)0x2000), "Nd"((uint16_t)0x604));
	for (;;)
		hlt();
}
