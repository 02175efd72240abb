/*
 * Starting the other CPUs (docs/smp.md).  At boot only one CPU runs, the
 * BSP (cpu0); the firmware holds the others (APs) in "wait for startup".
 * smp_find_cpus reads which there are; smp_boot_cpus starts each in turn
 * with the sequence of Intel's MP spec (B.4): an INIT IPI, 10 ms, and two
 * startup IPIs, which start it in real mode at boot/trampoline.S's copy.
 * The AP then loads its own GDT and TSS, the shared IDT and the kernel's
 * page directory, and comes to start_secondary on an idle stack of its own,
 * where it becomes that CPU's idle task and runs tasks (kernel/sched.c).
 */
#include "kernel/smp.h"
#include "drivers/ioapic.h"
#include "kernel/cmdline.h"
#include "kernel/idt.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/x86.h"
#include "mm/kmalloc.h"
#include "mm/layout.h"
#include "mm/vmalloc.h"

#define TRAMPOLINE_BASE	0x7000		/* below 1 MiB, page aligned; boot/trampoline.S */

extern char trampoline_start[], trampoline_end[], tramp_gdt_desc[], tramp_esp[],
	    tramp_cpu[];

struct cpuinfo cpu_data[NR_CPUS];
int nr_cpu_ids;
DEFINE_PER_CPU(int, cpu_number);
DEFINE_PER_CPU(struct cpuinfo *, this_cpuinfo) = &cpu_data[0];	/* cpu0's: the linked copy */

/* A CPU the firmware lists; its number, or -1 beyond NR_CPUS. */
int register_cpu(int apic_id)
{
	if (nr_cpu_ids == NR_CPUS) {
		printk("smp: CPU with APIC id %d ignored: NR_CPUS is %d\n",
		       apic_id, NR_CPUS);
		return -1;
	}
	cpu_data[nr_cpu_ids].apic_id = apic_id;
	return nr_cpu_ids++;
}

/*
 * The CPUs from the MADT, else the MP table; their local APIC (the same
 * address for all) and the I/O APIC mapped.  cpu0 is the one running this,
 * whichever place the firmware gave it.  Without either table the machine
 * stays as it was: one CPU, the PIC, no local APIC.
 */
void smp_find_cpus(void)
{
	uint32_t lapic_phys = 0, ioapic_phys = 0;
	const char *acpi = cmdline_get("acpi");
	int ioapic_id = 0, bsp;

	if (((acpi && !strcmp(acpi, "off")) ||
	     acpi_find_cpus(&lapic_phys, &ioapic_phys, &ioapic_id)) &&
	    mp_find_cpus(&lapic_phys, &ioapic_phys, &ioapic_id)) {
		printk("smp: no MADT and no MP table: one CPU, no local APIC\n");
		nr_cpu_ids = 1;
		cpu_data[0].online = 1;
		return;
	}
	lapic_map(lapic_phys);
	bsp = apic_read(APIC_ID) >> 24;
	for (int i = 0; i < nr_cpu_ids; i++) {
		if (cpu_data[i].apic_id == bsp) {	/* only the ids are set yet */
			cpu_data[i].apic_id = cpu_data[0].apic_id;
			cpu_data[0].apic_id = bsp;
		}
	}
	cpu_data[0].online = 1;
	if (ioapic_phys)
		ioapic_init(ioapic_phys, ioapic_id);
}

/*
 * Where AP cpu arrives from the trampoline, on its idle stack, interrupts
 * off.  It loads what is its own (GDT, TSS, FPU set-up, which CR0 and CR4
 * hold per CPU) and what is shared (IDT), turns on its local APIC and says
 * so; then it is its idle task, running tasks when there are some.  The
 * GDT the trampoline loaded is at a physical address, which the kernel's
 * page directory does not map: gdt_load must come first, before anything
 * reads a descriptor or a per-CPU variable (smp_processor_id does).
 */
void start_secondary(int cpu)
{
	struct cpuinfo *c = &cpu_data[cpu];

	gdt_load(c->gdt);
	idt_load();
	fpu_init();
	setup_local_APIC(cpu);
	printk("cpu%d: online, APIC id %d\n", cpu, c->apic_id);
	__atomic_store_n(&c->online, 1, __ATOMIC_RELEASE);
	sched_idle();
}

/*
 * cpu's copy of the per-CPU variables (kernel/percpu.h), all 0 at first as
 * cpu0's were at boot, and the distance its %fs base makes up.
 */
static int setup_per_cpu_area(int cpu)
{
	uint32_t size = __per_cpu_end - __per_cpu_start;
	char *area = kmalloc(size ? size : 1);

	if (!area)
		return -1;
	memset(area, 0, size);
	cpu_data[cpu].percpu_offset = area - __per_cpu_start;
	per_cpu(cpu_number, cpu) = cpu;
	per_cpu(this_cpuinfo, cpu) = &cpu_data[cpu];
	return 0;
}

/* Startup IPIs take the page number of the start address as their vector. */
static int wakeup_secondary_cpu(int cpu)
{
	struct cpuinfo *c = &cpu_data[cpu];
	struct { uint16_t limit; uint32_t base; } __attribute__((packed)) desc;
	char *tramp = P2V(TRAMPOLINE_BASE);

	if (setup_per_cpu_area(cpu) || !(c->stack = vmalloc_stack()))
		return -1;
	sched_init_secondary(cpu, c->stack);
	gdt_init_secondary(c->gdt, &c->tss, cpu);
	c->tss.esp0 = (uint32_t)c->stack + THREAD_SIZE;
	desc.limit = sizeof(c->gdt) - 1;
	desc.base = V2P(c->gdt);
	memcpy(tramp + (tramp_gdt_desc - trampoline_start), &desc, sizeof(desc));
	*(uint32_t *)(tramp + (tramp_esp - trampoline_start)) = c->tss.esp0;
	*(uint32_t *)(tramp + (tramp_cpu - trampoline_start)) = cpu;

	apic_send_ipi(c->apic_id, APIC_DM_INIT | APIC_INT_ASSERT | APIC_INT_LEVELTRIG);
	udelay(10000);
	for (int i = 0; i < 2 && !c->online; i++) {
		apic_send_ipi(c->apic_id, APIC_DM_STARTUP | (TRAMPOLINE_BASE >> 12));
		udelay(200);
	}
	/* Up to 5 s: under QEMU's TCG an AP is a host thread, maybe slow to be run. */
	for (int ms = 0; ms < 5000 && !__atomic_load_n(&c->online, __ATOMIC_ACQUIRE); ms++)
		udelay(1000);
	return c->online ? 0 : -1;
}

/*
 * From rest_init: the local timer calibrated, then each AP in turn.  One
 * that does not come up may still be in the trampoline: the next one's
 * stack and GDT there would be its too, so the others are not started.
 */
void smp_boot_cpus(void)
{
	if (!lapic)
		return;
	calibrate_APIC_clock();
	setup_local_APIC(0);
	memcpy(P2V(TRAMPOLINE_BASE), trampoline_start, trampoline_end - trampoline_start);
	for (int cpu = 1; cpu < nr_cpu_ids; cpu++) {
		if (wakeup_secondary_cpu(cpu)) {
			printk("cpu%d: APIC id %d did not start; no more CPUs started\n",
			       cpu, cpu_data[cpu].apic_id);
			break;
		}
	}
	printk("smp: %d CPU%s online\n", num_online_cpus(),
	       num_online_cpus() == 1 ? "" : "s");
}

int num_online_cpus(void)
{
	int n = 0;

	for (int i = 0; i < nr_cpu_ids; i++)
		n += cpu_data[i].online;
	return n;
}
