/*
 * Finding the CPUs in Intel's MultiProcessor table (MP spec 1.4), the one
 * before ACPI's, for a machine without ACPI (or `acpi=off` on the kernel's
 * command line): a floating pointer "_MP_", found by scanning the BIOS's
 * memory, names a configuration table "PCMP" whose entries list the
 * processors, buses, I/O APICs and interrupt lines.
 */
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "mm/layout.h"
#include "mm/vmalloc.h"

struct mpf_intel {
	char signature[4];		/* "_MP_" */
	uint32_t physptr;		/* the configuration table */
	uint8_t length;			/* in 16-byte units: 1 */
	uint8_t specification, checksum;
	uint8_t feature[5];		/* feature[0]: a default configuration */
} __attribute__((packed));

struct mpc_table {
	char signature[4];		/* "PCMP" */
	uint16_t length;		/* header and entries */
	uint8_t spec, checksum;
	char oem[8], productid[12];
	uint32_t oemptr;
	uint16_t oemsize, oemcount;	/* oemcount: the number of entries */
	uint32_t lapic;
	uint16_t reserved[2];
} __attribute__((packed));

#define MP_PROCESSOR	0	/* 20 bytes: type, APIC id, version, flags */
#define MP_IOAPIC	2	/* 8 bytes: type, id, version, flags, address */
#define CPU_ENABLED	1

static struct mpf_intel *scan_mpf(uint32_t start, uint32_t len)
{
	for (uint32_t pa = start; pa < start + len; pa += 16) {
		struct mpf_intel *m = P2V(pa);
		uint8_t sum = 0;

		for (int i = 0; i < 16; i++)
			sum += ((uint8_t *)m)[i];
		if (!memcmp(m->signature, "_MP_", 4) && !sum)
			return m;
	}
	return NULL;
}

/* The same places the ACPI RSDP may be, and the last KiB of base memory. */
static struct mpf_intel *find_mpf(void)
{
	uint32_t ebda = (uint32_t)*(uint16_t *)P2V(0x40E) << 4;
	struct mpf_intel *m = ebda ? scan_mpf(ebda, 1024) : NULL;

	if (!m)
		m = scan_mpf(0x9FC00, 1024);
	return m ? m : scan_mpf(0xF0000, 0x10000);
}

int mp_find_cpus(uint32_t *lapic_phys, uint32_t *ioapic_phys, int *ioapic_id)
{
	struct mpf_intel *mpf = find_mpf();
	struct mpc_table *mpc;
	uint8_t *p;

	if (!mpf || !mpf->physptr || mpf->feature[0])	/* default configurations: none */
		return -1;
	mpc = ioremap(mpf->physptr, sizeof(*mpc));
	mpc = ioremap(mpf->physptr, mpc->length);
	if (memcmp(mpc->signature, "PCMP", 4))
		return -1;
	*lapic_phys = mpc->lapic;
	p = (uint8_t *)(mpc + 1);
	for (int i = 0; i < mpc->oemcount; i++) {
		if (p[0] == MP_PROCESSOR) {
			if (p[3] & CPU_ENABLED)
				register_cpu(p[1]);
			p += 20;
		} else {
			if (p[0] == MP_IOAPIC && !*ioapic_phys) {
				*ioapic_id = p[1];
				memcpy(ioapic_phys, p + 4, 4);
			}
			p += 8;
		}
	}
	printk("mptable: at 0x%x: %d CPUs, local APIC at 0x%x\n",
	       mpf->physptr, nr_cpu_ids, *lapic_phys);
	return 0;
}
