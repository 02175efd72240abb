/*
 * Finding the CPUs in ACPI's tables, as Linux's acpi_boot_init: the RSDP
 * ("RSD PTR ", found by scanning the BIOS's memory) names the RSDT, a list
 * of tables; the one signed "APIC", the MADT, lists each CPU's local APIC
 * and each I/O APIC.  Only what shmos needs is read; kernel/mptable.c is
 * the older table, for a machine without ACPI.  ACPI spec 6.4, 5.2.
 */
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "mm/layout.h"
#include "mm/vmalloc.h"

struct acpi_rsdp {
	char signature[8];		/* "RSD PTR " */
	uint8_t checksum;		/* the first 20 bytes sum to 0 */
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt_address;
} __attribute__((packed));

/* Every table's header ("system description table"). */
struct acpi_table_header {
	char signature[4];
	uint32_t length;		/* of the whole table; it sums to 0 */
	uint8_t revision, checksum;
	char oem_id[6], oem_table_id[8];
	uint32_t oem_revision, creator_id, creator_revision;
} __attribute__((packed));

struct acpi_madt {
	struct acpi_table_header header;
	uint32_t lapic_address;
	uint32_t flags;			/* bit 0: an 8259 PIC pair is there too */
	uint8_t entries[];		/* each: type, length, then its fields */
} __attribute__((packed));

#define MADT_LAPIC	0		/* acpi id, APIC id, flags (bit 0: enabled) */
#define MADT_IOAPIC	1		/* id, reserved, address, first GSI */

static uint8_t checksum(const void *p, uint32_t len)
{
	uint8_t sum = 0;

	for (uint32_t i = 0; i < len; i++)
		sum += ((const uint8_t *)p)[i];
	return sum;
}

/*
 * The RSDP is on a 16-byte boundary in the first KiB of the EBDA (whose
 * segment the BIOS data area keeps at 0x40E) or in 0xE0000-0xFFFFF.  Low
 * memory is in the direct map.
 */
static struct acpi_rsdp *scan_rsdp(uint32_t start, uint32_t len)
{
	for (uint32_t pa = start; pa < start + len; pa += 16) {
		struct acpi_rsdp *r = P2V(pa);

		if (!memcmp(r->signature, "RSD PTR ", 8) && !checksum(r, 20))
			return r;
	}
	return NULL;
}

static struct acpi_rsdp *find_rsdp(void)
{
	uint32_t ebda = (uint32_t)*(uint16_t *)P2V(0x40E) << 4;
	struct acpi_rsdp *r = ebda ? scan_rsdp(ebda, 1024) : NULL;

	return r ? r : scan_rsdp(0xE0000, 0x20000);
}

/*
 * The longest table believed: QEMU's are a few hundred bytes.  A length
 * above it is not a table's: QEMU puts an initramfs larger than the memory
 * over the tables at the top of RAM (mm/page.c's check_initrd).
 */
#define ACPI_TABLE_MAX	(64 * 1024)

/*
 * A table at phys, whole, or NULL if its length or checksum is wrong.  The
 * tables are at the top of RAM, maybe above the direct map, so each is
 * mapped: its header first, for its length.
 */
static struct acpi_table_header *map_table(uint32_t phys)
{
	struct acpi_table_header *h = ioremap(phys, sizeof(*h));

	if (h->length < sizeof(*h) || h->length > ACPI_TABLE_MAX)
		return NULL;
	h = ioremap(phys, h->length);
	return checksum(h, h->length) ? NULL : h;
}

static struct acpi_madt *find_madt(struct acpi_table_header *rsdt)
{
	uint32_t *entry = (uint32_t *)(rsdt + 1);
	int n = (rsdt->length - sizeof(*rsdt)) / 4;

	for (int i = 0; i < n; i++) {
		struct acpi_table_header *h = ioremap(entry[i], sizeof(*h));

		if (!memcmp(h->signature, "APIC", 4))
			return (struct acpi_madt *)map_table(entry[i]);
	}
	return NULL;
}

/* Registers each enabled CPU of the MADT; the first I/O APIC's address. */
int acpi_find_cpus(uint32_t *lapic_phys, uint32_t *ioapic_phys, int *ioapic_id)
{
	struct acpi_rsdp *rsdp = find_rsdp();
	struct acpi_table_header *rsdt;
	struct acpi_madt *madt;
	uint8_t *p, *end;

	if (!rsdp || !(rsdt = map_table(rsdp->rsdt_address)) ||
	    memcmp(rsdt->signature, "RSDT", 4) || !(madt = find_madt(rsdt)))
		return -1;
	*lapic_phys = madt->lapic_address;
	end = (uint8_t *)madt + madt->header.length;
	for (p = madt->entries; p + 2 <= end && p[1] >= 2; p += p[1]) {
		if (p[0] == MADT_LAPIC && (p[4] & 1))
			register_cpu(p[3]);
		else if (p[0] == MADT_IOAPIC && !*ioapic_phys) {
			*ioapic_id = p[2];
			memcpy(ioapic_phys, p + 4, 4);
		}
	}
	printk("acpi: RSDP at 0x%x, RSDT at 0x%x, MADT: %d CPUs, local APIC at 0x%x\n",
	       (uint32_t)V2P(rsdp), rsdp->rsdt_address, nr_cpu_ids, *lapic_phys);
	return 0;
}
