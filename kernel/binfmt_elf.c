/*
 * ELF executables, loaded by the rules of Linux's fs/binfmt_elf.c, so that
 * what Linux runs, shmos runs the same way.
 *
 * The header must say ELF, ET_EXEC or ET_DYN, i386 (or i486); the program
 * headers must be 32 bytes each, 64 KiB at most, and all in the file.
 * Anything else is ENOEXEC, as is a dynamically linked program: shmos has
 * no ld.so (a missing or broken interpreter gets Linux's ENOENT, EACCES,
 * EIO or ELIBBAD first).  The class, byte order and version bytes are not
 * checked: Linux does not.  An ET_DYN file without an interpreter (a
 * static-pie program) goes where mmap would put its whole span, and every
 * address in it moves by that load bias.
 *
 * Each PT_LOAD, in order, is placed as Linux's elf_load places it:
 *   - its file pages: [p_vaddr, p_vaddr + p_filesz) rounded out to pages,
 *     a private mapping of the file (mm/filemap.c) at the same offset
 *     within the page, so the rest of the last page holds the file's next
 *     bytes; the program's pages are the file's own until it writes one;
 *   - if p_memsz > p_filesz, those next bytes zeroed up to the page end, but
 *     only in a writable segment (Linux's clear_user fails on a read-only
 *     one, and it carries on);
 *   - anonymous zero pages, read-write, from the next page up to
 *     p_vaddr + p_memsz: the bss (from p_vaddr's own page if p_filesz is 0).
 * Each step replaces what was in its pages before (MAP_FIXED), so a later
 * segment that shares a page with an earlier one takes the page over, with
 * its own protection.  An empty segment (p_memsz 0) maps nothing.
 * PT_GNU_STACK says whether the stack is executable (it is without one).
 * The heap starts at the page after the highest segment end.
 *
 * Linux checks the segment addresses, and that a segment's offset and
 * address agree within a page, only as it maps them, past its point of no
 * return: there a bad one kills the process with SIGSEGV, and so it does
 * here.  A page of a segment that lies wholly beyond the end of the file
 * is mapped all the same, and a touch there gets SIGBUS, as on Linux.
 */
#include "kernel/exec.h"
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "drivers/random.h"
#include "fs/fs.h"
#include "fs/namei.h"
#include "kernel/syscalls.h"
#include "kernel/time.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

static int elf_check_arch(const struct elf32_ehdr *eh)
{
	return eh->e_machine == EM_386 || eh->e_machine == EM_486;
}

/*
 * The program header table must be whole in the file, of 32-byte entries,
 * 64 KiB at most.  It is read one entry at a time (elf_phdr), as it is too
 * big to keep in the kernel.
 */
static int elf_phdrs_ok(const struct elf32_ehdr *eh, struct inode *ip)
{
	uint32_t size = eh->e_phnum * sizeof(struct elf32_phdr);

	return eh->e_phentsize == sizeof(struct elf32_phdr) && size &&
	       size <= 65536 && eh->e_phoff + size >= eh->e_phoff &&
	       eh->e_phoff + size <= inode_size(ip);
}

static void elf_phdr(struct linux_binprm *bprm, int i, struct elf32_phdr *p)
{
	const struct elf32_ehdr *eh = (const struct elf32_ehdr *)bprm->buf;

	inode_read(bprm->inode, p, eh->e_phoff + i * sizeof(*p), sizeof(*p), 0);
}

/*
 * PT_INTERP names the dynamic linker.  What Linux reports before it loads
 * one is reported here too; then shmos, which loads none, says ENOEXEC.
 */
static int elf_interp(struct linux_binprm *bprm, const struct elf32_phdr *p)
{
	struct elf32_ehdr ieh;
	struct inode *ip;
	char *name;
	int err;

	if (p->p_filesz > PATH_MAX || p->p_filesz < 2)
		return -ENOEXEC;
	if (!(name = get_free_page()))
		return -ENOMEM;
	err = -EIO;
	if (inode_read(bprm->inode, name, p->p_offset, p->p_filesz, 0) !=
	    (long)p->p_filesz)
		goto out;
	err = -ENOEXEC;
	if (name[p->p_filesz - 1])
		goto out;		/* not a string */
	if ((err = exec_lookup(name, &ip, NULL)))
		goto out;
	if (inode_read(ip, &ieh, 0, sizeof(ieh), 0) != sizeof(ieh))
		err = -EIO;
	else if (ieh.e_magic != ELF_MAGIC || !elf_check_arch(&ieh))
		err = -ELIBBAD;
	else
		err = -ENOEXEC;		/* a good interpreter: shmos cannot run it */
	inode_put(ip);
out:
	free_kpage(name);
	return err;
}

/*
 * The span of the PT_LOAD segments, from the first page to the last byte,
 * which an ET_DYN file needs in one piece (Linux's total_mapping_size); 0
 * if there are none.
 */
static uint32_t total_mapping_size(struct linux_binprm *bprm, uint32_t *first)
{
	const struct elf32_ehdr *eh = (const struct elf32_ehdr *)bprm->buf;
	uint32_t min = ~0u, max = 0;
	struct elf32_phdr p;

	for (int i = 0; i < eh->e_phnum; i++) {
		elf_phdr(bprm, i, &p);
		if (p.p_type != PT_LOAD)
			continue;
		if ((p.p_vaddr & PAGE_MASK) < min)
			min = p.p_vaddr & PAGE_MASK;
		if (p.p_vaddr + p.p_memsz > max)
			max = p.p_vaddr + p.p_memsz;
	}
	*first = min;
	return max > min ? max - min : 0;
}

/*
 * Where an ET_DYN image goes: its span placed as mmap(NULL) would place it,
 * the bias being what moves its first page there.  ET_EXEC stays put: 0.
 * Returns -1 if an ET_DYN image has no span or finds no room.
 */
static uint32_t elf_load_bias(struct linux_binprm *bprm)
{
	const struct elf32_ehdr *eh = (const struct elf32_ehdr *)bprm->buf;
	uint32_t first, size, addr;

	if (eh->e_type != ET_DYN)
		return 0;
	if (!(size = total_mapping_size(bprm, &first)) ||
	    !(addr = get_unmapped_area(bprm->mm, PAGE_ALIGN(size))))
		return -1;
	return addr - first;
}

/*
 * What Linux finds wrong only while it maps the image, past its point of
 * no return: an address outside user space, a segment whose file offset
 * cannot be mapped at its address, one that reaches into the stack's room.
 * Linux checks p_vaddr itself against TASK_SIZE, the entry with the bias.
 */
static int elf_image_ok(struct linux_binprm *bprm, uint32_t bias)
{
	const struct elf32_ehdr *eh = (const struct elf32_ehdr *)bprm->buf;
	struct elf32_phdr p;

	if (bias == (uint32_t)-1 || eh->e_entry + bias >= TASK_SIZE)
		return 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		elf_phdr(bprm, i, &p);
		if (p.p_type != PT_LOAD)
			continue;
		if (p.p_vaddr >= TASK_SIZE || p.p_filesz > p.p_memsz ||
		    p.p_memsz > TASK_SIZE - p.p_vaddr ||
		    p.p_vaddr + bias >= TASK_SIZE || p.p_memsz > TASK_SIZE - (p.p_vaddr + bias))
			return 0;
		if (p.p_filesz && (((p.p_offset - p.p_vaddr) & ~PAGE_MASK) ||
				   p.p_offset + p.p_filesz < p.p_offset))
			return 0;
		if (p.p_memsz && PAGE_ALIGN(p.p_vaddr + bias + p.p_memsz) >
				 USER_STACK_TOP - USER_STACK_MAX)
			return 0;
	}
	return 1;
}

static uint32_t make_prot(uint32_t p_flags)
{
	return ((p_flags & PF_R) ? PROT_READ : 0) |
	       ((p_flags & PF_W) ? PROT_WRITE : 0) |
	       ((p_flags & PF_X) ? PROT_EXEC : 0);
}

/*
 * One PT_LOAD into the current mm (the new image) at p_vaddr + bias, as
 * the comment on top says, from file, the program opened for reading.
 */
static long elf_load(struct file *file, const struct elf32_phdr *p,
		     uint32_t bias)
{
	uint32_t vaddr = p->p_vaddr + bias, prot = make_prot(p->p_flags);
	uint32_t start = vaddr & PAGE_MASK, zero_start = start;
	uint32_t zero_end = vaddr + p->p_memsz;
	long err;

	if (p->p_filesz) {
		uint32_t len = PAGE_ALIGN(vaddr + p->p_filesz) - start;
		uint32_t off = p->p_offset - (vaddr - start);

		err = do_mmap(file, start, len, prot, MAP_FIXED | MAP_PRIVATE,
			      off >> PAGE_SHIFT);
		if (IS_ERR_VALUE(err))
			return err;
		zero_start = vaddr + p->p_filesz;
		if (p->p_memsz > p->p_filesz && (prot & PROT_WRITE) &&
		    clear_user((void *)zero_start, PAGE_ALIGN(zero_start) - zero_start))
			return -EFAULT;
	}
	zero_start = PAGE_ALIGN(zero_start);
	zero_end = PAGE_ALIGN(zero_end);
	if (p->p_memsz > p->p_filesz && zero_end > zero_start) {
		err = do_mmap(NULL, zero_start, zero_end - zero_start,
			      PROT_READ | PROT_WRITE | (prot & PROT_EXEC),
			      MAP_FIXED | MAP_PRIVATE, 0);
		if (IS_ERR_VALUE(err))
			return err;
	}
	return 0;
}

/* Pushes n bytes onto the new user stack. */
static int push(uint32_t *sp, const void *data, uint32_t n)
{
	*sp -= n;
	return copy_to_user((void *)*sp, data, n);
}

/*
 * Below the strings: 16 random bytes (AT_RANDOM), then, 16-byte aligned at
 * argc, argc, argv[], NULL, envp[], NULL and the auxiliary vector, as
 * Linux's create_elf_tables lays them out.  The pointers come from walking
 * the strings, which lie from bprm->p (argv[0]) up to the filename.
 */
static int create_elf_tables(struct linux_binprm *bprm,
			     const struct elf32_ehdr *eh, uint32_t phdr_addr,
			     uint32_t entry, uint32_t *spp)
{
	uint32_t sp = bprm->p & ~15u, random, auxv[2 * 18], zero = 0;
	uint32_t n = bprm->argc + bprm->envc;
	const char *s = (const char *)bprm->p, *end = (const char *)bprm->exec;
	int k = 0;

	for (int i = 0; i < 2; i++) {
		uint64_t random_bits = get_random_u64();

		if (push(&sp, &random_bits, sizeof(random_bits)))
			return -EFAULT;
	}
	random = sp;

#define AUX(type, val)	(auxv[k++] = (type), auxv[k++] = (val))
	AUX(AT_PHDR, phdr_addr);
	AUX(AT_PHENT, sizeof(struct elf32_phdr));
	AUX(AT_PHNUM, eh->e_phnum);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, entry);
	AUX(AT_UID, current->uid);
	AUX(AT_EUID, current->euid);
	AUX(AT_GID, current->gid);
	AUX(AT_EGID, current->egid);
	AUX(AT_SECURE, 0);
	AUX(AT_CLKTCK, HZ);
	AUX(AT_HWCAP, 0);
	AUX(AT_RANDOM, random);
	AUX(AT_EXECFN, bprm->exec);
	AUX(AT_NULL, 0);
#undef AUX

	sp = (sp - (k + n + 3) * 4) & ~15u;
	*spp = sp;
	if (copy_to_user((void *)sp, &bprm->argc, 4) ||
	    fault_in_user(bprm->p, bprm->exec - bprm->p, 0))
		return -EFAULT;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t slot = sp + 4 * (1 + i + (i >= (uint32_t)bprm->argc));
		uint32_t str = (uint32_t)s;

		if (s >= end)
			return -EINVAL;		/* fewer strings than counted */
		if (copy_to_user((void *)slot, &str, 4))
			return -EFAULT;
		s += strnlen(s, end - s) + 1;
	}
	if (copy_to_user((void *)(sp + 4 * (1 + bprm->argc)), &zero, 4) ||
	    copy_to_user((void *)(sp + 4 * (2 + n)), &zero, 4) ||
	    copy_to_user((void *)(sp + 4 * (3 + n)), auxv, k * 4))
		return -EFAULT;
	return 0;
}

/* The segments, the heap's start, the stack's permission and the tables. */
static int elf_map_image(struct linux_binprm *bprm, uint32_t bias, int exec_stack,
			 uint32_t *sp)
{
	const struct elf32_ehdr *eh = (const struct elf32_ehdr *)bprm->buf;
	struct mm_struct *mm = bprm->mm;
	uint32_t phdr_addr = 0, elf_brk = 0;
	struct elf32_phdr p;
	struct file *file;
	long err = 0;

	/* The program's own open file, which its mappings hold (vm_file). */
	if (!(file = file_alloc(bprm->inode, O_RDONLY)))
		return -ENOMEM;
	for (int i = 0; i < eh->e_phnum; i++) {
		elf_phdr(bprm, i, &p);
		if (p.p_type != PT_LOAD)
			continue;
		if ((err = elf_load(file, &p, bias)))
			break;
		if (p.p_offset <= eh->e_phoff && eh->e_phoff < p.p_offset + p.p_filesz)
			phdr_addr = eh->e_phoff - p.p_offset + p.p_vaddr + bias;
		if (p.p_vaddr + bias + p.p_memsz > elf_brk)
			elf_brk = p.p_vaddr + bias + p.p_memsz;
	}
	file_put(file);
	if (err)
		return err;
	mm->start_brk = mm->brk = PAGE_ALIGN(elf_brk);
	if (exec_stack)
		find_vma(mm, USER_STACK_TOP - 1)->vm_flags |= VM_EXEC;
	return create_elf_tables(bprm, eh, phdr_addr, eh->e_entry + bias, sp);
}

int load_elf_binary(struct linux_binprm *bprm)
{
	const struct elf32_ehdr *eh = (const struct elf32_ehdr *)bprm->buf;
	struct elf32_phdr p;
	struct mm_struct *old;
	int exec_stack = 1, err;
	uint32_t sp, bias;

	if (eh->e_magic != ELF_MAGIC || (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) ||
	    !elf_check_arch(eh) || !elf_phdrs_ok(eh, bprm->inode))
		return -ENOEXEC;
	for (int i = 0; i < eh->e_phnum; i++) {
		elf_phdr(bprm, i, &p);
		if (p.p_type == PT_INTERP)
			return elf_interp(bprm, &p);	/* the first one decides */
		if (p.p_type == PT_GNU_STACK)
			exec_stack = p.p_flags & PF_X;
	}

	/* Linux's begin_new_exec would run here: what fails now kills. */
	bprm->point_of_no_return = 1;
	bias = elf_load_bias(bprm);
	if (!elf_image_ok(bprm, bias))
		return -EINVAL;
	/* Built in the new mm while the old one waits, still whole. */
	old = current->mm;
	activate_mm(bprm->mm);
	err = elf_map_image(bprm, bias, exec_stack, &sp);
	activate_mm(old);
	if (err)
		return err;
	begin_new_exec(bprm);
	start_thread(eh->e_entry + bias, sp);
	return 0;
}
