/* The parts of the ELF format the loader reads. */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include <stdint.h>

#define ELF_MAGIC	0x464C457Fu	/* "\x7FELF" */
#define ET_EXEC		2
#define ET_DYN		3
#define EM_386		3
#define EM_486		6
#define PT_LOAD		1
#define PT_INTERP	3
#define PT_GNU_STACK	0x6474e551
#define PF_X		1
#define PF_W		2
#define PF_R		4

struct elf32_ehdr {
	uint32_t e_magic;
	uint8_t e_class, e_data, e_version, e_osabi, e_pad[8];
	uint16_t e_type, e_machine;
	uint32_t e_version2, e_entry, e_phoff, e_shoff, e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf32_phdr {
	uint32_t p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz;
	uint32_t p_flags, p_align;
};

/*
 * Where a dynamically linked ET_DYN program (a PIE) goes: Linux i386's
 * ELF_ET_DYN_BASE, low, so that its heap has the room below the mmap area
 * (TASK_UNMAPPED_BASE), where its interpreter and libraries go.
 */
#define ELF_ET_DYN_BASE	0x00400000u
/* AT_PLATFORM: the string Linux gives i386 programs (glibc's $PLATFORM). */
#define ELF_PLATFORM	"i686"

/* Auxiliary vector types (Linux's numbers). */
#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_FLAGS	8
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15
#define AT_HWCAP	16
#define AT_CLKTCK	17
#define AT_SECURE	23
#define AT_RANDOM	25
#define AT_EXECFN	31

#endif
