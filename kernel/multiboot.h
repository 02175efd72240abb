/* The Multiboot v1 information block GRUB and QEMU hand the kernel. */
#ifndef KERNEL_MULTIBOOT_H
#define KERNEL_MULTIBOOT_H

#include <stdint.h>

#define MULTIBOOT_BOOTLOADER_MAGIC	0x2BADB002
#define MB_INFO_CMDLINE		(1 << 2)
#define MB_INFO_MODS		(1 << 3)
#define MB_INFO_MMAP		(1 << 6)

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
} __attribute__((packed));

struct multiboot_mod {
	uint32_t mod_start, mod_end, string, reserved;
} __attribute__((packed));

struct multiboot_mmap {
	uint32_t size;		/* of the rest of this entry */
	uint64_t addr, len;
	uint32_t type;		/* 1 = available RAM */
} __attribute__((packed));

#endif
