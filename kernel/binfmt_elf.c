/*
 * ELF executables, loaded by the rules of Linux's fs/binfmt_elf.c, so that
 * what Linux runs, shmos runs the same way.
 *
 * The header must say ELF, ET_EXEC or ET_DYN, i386 (or i486); the program
 * headers must be 32 bytes each, 64 KiB at most, and all in the file.
 * Anything else is ENOEXEC.  The class, byte order and version bytes are not
 * checked: Linux does not.
 *
 * A dynamically linked program names its interpreter in PT_INTERP: the
 * dynamic linker, /lib/ld-linux.so.2 for i386 glibc.  The kernel loads
 * both, the program and the interpreter, and starts the interpreter, which
 * finds the program through the auxiliary vector (AT_PHDR, AT_ENTRY) and
 * itself through AT_BASE, then opens and mmaps the libraries the program
 * names, relocates them all and jumps to AT_ENTRY (docs/userland.md).
 * What Linux finds wrong with the interpreter before its point of no return
 * is reported here too: ENOENT, EACCES... from looking it up, EIO if it is
 * shorter than an ELF header, ELIBBAD if it is not i386 ELF or its program
 * headers are bad.
 *
 * Where an image goes: ET_EXEC at the addresses it was linked for; an
 * ET_DYN program with an interpreter (a PIE) at ELF_ET_DYN_BASE; any other
 * ET_DYN file (a static-pie program, or ld.so, whether as the interpreter
 * or run as a program itself) where mmap would put its whole span.  Every
 * address in an ET_DYN image moves by the same load bias.
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
 * The program's PT_GNU_STACK says whether the stack is executable (it is
 * without one).  The heap starts at the page after the program's highest
 * segment end (the interpreter's do not count).
 *
 * Linux checks the segment addresses, and that a segment's offset and
 * address agree within a page, only as it maps them, past its point of no
 * return: there a bad one kills the process with SIGSEGV, and so it does
 * here, in the program and in its interpreter alike.  A page of a segment
 * that lies wholly beyond the end of the file is mapped all the same, and a
 * touch there gets SIGBUS, as on Linux.
 */
#include "kernel/exec.h"
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "drivers/random.h"
#include "fs/fs.h"
#include "fs/inotify.h"
#include "fs/namei.h"
#include "kernel/syscalls.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

/* An ELF file being loaded: the program, or its interpreter. */
struct elf_file {
	struct inode *inode;
	struct inode *dir;	/* where it was found: its mappings' name (/proc/PID/maps) */
	struct elf32_ehdr eh;
};

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

static void elf_phdr(const struct elf_file *f, int i, struct elf32_phdr *p)
{
	inode_read(f->inode, p, f->eh.e_phoff + i * sizeof(*p), sizeof(*p), 0);
}

/*
 * The interpreter the program's first PT_INTERP names, looked up and its
 * header read and checked, into *interp, as Linux does before its point of
 * no return.  A program without PT_INTERP leaves interp->inode NULL.
 */
static int elf_open_interp(const struct elf_file *exe, struct elf_file *interp)
{
	struct elf32_phdr p;
	char *name;
	int i, err;

	for (i = 0; i < exe->eh.e_phnum; i++) {
		elf_phdr(exe, i, &p);
		if (p.p_type == PT_INTERP)
			break;
	}
	if (i == exe->eh.e_phnum)
		return 0;
	if (p.p_filesz > PATH_MAX || p.p_filesz < 2)
		return -ENOEXEC;
	if (!(name = get_free_page()))
		return -ENOMEM;
	err = -EIO;
	if (inode_read(exe->inode, name, p.p_offset, p.p_filesz, 0) != (long)p.p_filesz)
		goto out;
	err = -ENOEXEC;
	if (name[p.p_filesz - 1])
		goto out;		/* not a string */
	if ((err = exec_lookup(name, &interp->inode, &interp->dir)))
		goto out;
	if (inode_read(interp->inode, &interp->eh, 0, sizeof(interp->eh), 0) !=
	    sizeof(interp->eh))
		err = -EIO;
	else if (interp->eh.e_magic != ELF_MAGIC || !elf_check_arch(&interp->eh) ||
		 !elf_phdrs_ok(&interp->eh, interp->inode))
		err = -ELIBBAD;
	if (err) {
		inode_put(interp->inode);
		inode_put(interp->dir);
		interp->inode = interp->dir = NULL;
	}
out:
	free_kpage(name);
	return err;
}

/* PT_GNU_STACK's PF_X, the last one's; executable without one (i386 Linux). */
static int elf_exec_stack(const struct elf_file *f)
{
	struct elf32_phdr p;
	int exec_stack = 1;

	for (int i = 0; i < f->eh.e_phnum; i++) {
		elf_phdr(f, i, &p);
		if (p.p_type == PT_GNU_STACK)
			exec_stack = p.p_flags & PF_X;
	}
	return exec_stack;
}

/*
 * The span of the PT_LOAD segments, from the first page to the last byte,
 * which an ET_DYN file needs in one piece (Linux's total_mapping_size); 0
 * if there are none.
 */
static uint32_t total_mapping_size(const struct elf_file *f, uint32_t *first)
{
	uint32_t min = ~0u, max = 0;
	struct elf32_phdr p;

	for (int i = 0; i < f->eh.e_phnum; i++) {
		elf_phdr(f, i, &p);
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
 * Where an ET_DYN image goes, as the comment on top says: a PIE (pie set:
 * it has an interpreter) at ELF_ET_DYN_BASE, anything else where mmap(NULL)
 * would put its span; the bias is what moves its first page there.  ET_EXEC
 * stays put: 0.  Returns -1 if an ET_DYN image has no span or finds no room.
 */
static uint32_t elf_load_bias(struct mm_struct *mm, const struct elf_file *f, int pie)
{
	uint32_t first, size, addr;

	if (f->eh.e_type != ET_DYN)
		return 0;
	if (!(size = total_mapping_size(f, &first)))
		return -1;
	addr = pie ? ELF_ET_DYN_BASE : get_unmapped_area(mm, PAGE_ALIGN(size));
	return addr ? addr - first : (uint32_t)-1;
}

/*
 * What Linux finds wrong only while it maps the image, past its point of
 * no return: an address outside user space, a segment whose file offset
 * cannot be mapped at its address, one that reaches into the stack's room.
 * Linux checks p_vaddr itself against TASK_SIZE, the entry with the bias.
 */
static int elf_image_ok(const struct elf_file *f, uint32_t bias)
{
	struct elf32_phdr p;

	if (bias == (uint32_t)-1 || f->eh.e_entry + bias >= TASK_SIZE)
		return 0;
	for (int i = 0; i < f->eh.e_phnum; i++) {
		elf_phdr(f, i, &p);
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

/* What the auxiliary vector holds: 17 entries and AT_NULL, two words each. */

/*
 * Below the strings: the platform's name (AT_PLATFORM), 16 random bytes
 * (AT_RANDOM), then, 16-byte aligned at argc, argc, argv[], NULL, envp[],
 * NULL and the auxiliary vector, as Linux's create_elf_tables lays them
 * out, its entries in Linux's order.  The pointers come from walking the
 * strings, which lie from bprm->p (argv[0]) up to the filename.  phdr_addr
 * and entry are the program's, base the interpreter's load bias (0 if none).
 */
static int create_elf_tables(struct linux_binprm *bprm, const struct elf32_ehdr *eh,
			     uint32_t phdr_addr, uint32_t entry, uint32_t base,
			     uint32_t *spp)
{
	uint32_t sp = bprm->p & ~15u, platform, random, auxv[AUXV_WORDS], zero = 0, id[4];
	uint32_t n = bprm->argc + bprm->envc;
	const char *s = (const char *)bprm->p, *end = (const char *)bprm->exec;
	int k = 0;

	if (push(&sp, ELF_PLATFORM, sizeof(ELF_PLATFORM)))
		return -EFAULT;
	platform = sp;
	for (int i = 0; i < 2; i++) {
		uint64_t random_bits = get_random_u64();

		if (push(&sp, &random_bits, sizeof(random_bits)))
			return -EFAULT;
	}
	random = sp;

	cpuid(1, id);			/* EDX: the CPU's features, Linux's ELF_HWCAP */
#define AUX(type, val)	(auxv[k++] = (type), auxv[k++] = (val))
	AUX(AT_HWCAP, id[3]);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, HZ);
	AUX(AT_PHDR, phdr_addr);
	AUX(AT_PHENT, sizeof(struct elf32_phdr));
	AUX(AT_PHNUM, eh->e_phnum);
	AUX(AT_BASE, base);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, entry);
	AUX(AT_UID, current->uid);
	AUX(AT_EUID, current->euid);
	AUX(AT_GID, current->gid);
	AUX(AT_EGID, current->egid);
	AUX(AT_SECURE, 0);		/* no set-user-ID exec: nothing to distrust */
	AUX(AT_RANDOM, random);
	AUX(AT_EXECFN, bprm->exec);
	AUX(AT_PLATFORM, platform);
	AUX(AT_NULL, 0);
#undef AUX
	memcpy(current->mm->saved_auxv, auxv, sizeof(auxv));

	sp = (sp - (k + n + 3) * 4) & ~15u;
	*spp = sp;
	if (copy_to_user((void *)sp, &bprm->argc, 4))
		return -EFAULT;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t slot = sp + 4 * (1 + i + (i >= (uint32_t)bprm->argc));
		uint32_t str = (uint32_t)s, len;

		if (s >= end)
			return -EINVAL;		/* fewer strings than counted */
		if (copy_to_user((void *)slot, &str, 4) ||
		    !(len = strnlen_user(s, end - s)))
			return -EFAULT;
		s += len;
	}
	if (copy_to_user((void *)(sp + 4 * (1 + bprm->argc)), &zero, 4) ||
	    copy_to_user((void *)(sp + 4 * (2 + n)), &zero, 4) ||
	    copy_to_user((void *)(sp + 4 * (3 + n)), auxv, k * 4))
		return -EFAULT;
	return 0;
}

/*
 * The PT_LOAD segments of f, moved by bias, into the current mm; *phdr_addr
 * is where its program headers land (AT_PHDR: 0 if no segment holds them),
 * *end the end of its highest segment.
 */
static int elf_map_segments(const struct elf_file *f, uint32_t bias,
			    uint32_t *phdr_addr, uint32_t *end)
{
	const struct elf32_ehdr *eh = &f->eh;
	struct elf32_phdr p;
	struct file *file;
	long err = 0;

	/*
	 * The file opened for reading, which its mappings hold (vm_file):
	 * inotify hears of its open and of the reads of it, as of Linux's
	 * open_exec and kernel_read, and of its close once the last mapping
	 * goes (the program exits or executes another).
	 */
	if (!(file = file_alloc(f->inode, O_RDONLY)))
		return -ENOMEM;
	file->dir = f->dir ? inode_get(f->dir) : NULL;
	fsnotify_open(file);
	fsnotify_access(file);
	*phdr_addr = *end = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		elf_phdr(f, i, &p);
		if (p.p_type != PT_LOAD)
			continue;
		if ((err = elf_load(file, &p, bias)))
			break;
		if (p.p_offset <= eh->e_phoff && eh->e_phoff < p.p_offset + p.p_filesz)
			*phdr_addr = eh->e_phoff - p.p_offset + p.p_vaddr + bias;
		if (p.p_vaddr + bias + p.p_memsz > *end)
			*end = p.p_vaddr + bias + p.p_memsz;
	}
	file_put(file);
	return err;
}

/*
 * The program, its heap's start, the stack's permission, the interpreter
 * (if any: placed after the program, so that mmap's search sees it), and
 * the tables.  *entry is where the new image starts: the interpreter's
 * entry if there is one, else the program's.
 */
static int elf_map_image(struct linux_binprm *bprm, const struct elf_file *exe,
			 const struct elf_file *interp, uint32_t *entry, uint32_t *sp)
{
	struct mm_struct *mm = bprm->mm;
	uint32_t bias, base = 0, phdr_addr, end, unused;
	long err;

	bias = elf_load_bias(mm, exe, interp->inode != NULL);
	if (!elf_image_ok(exe, bias))
		return -EINVAL;
	if ((err = elf_map_segments(exe, bias, &phdr_addr, &end)))
		return err;
	mm->start_brk = mm->brk = PAGE_ALIGN(end);
	if (elf_exec_stack(exe))
		find_vma(mm, USER_STACK_TOP - 1)->vm_flags |= VM_EXEC;
	*entry = exe->eh.e_entry + bias;
	if (interp->inode) {
		/* Linux's load_elf_interp checks the type only here. */
		if (interp->eh.e_type != ET_EXEC && interp->eh.e_type != ET_DYN)
			return -EINVAL;
		base = elf_load_bias(mm, interp, 0);
		if (!elf_image_ok(interp, base))
			return -EINVAL;
		if ((err = elf_map_segments(interp, base, &unused, &end)))
			return err;
	}
	if ((err = create_elf_tables(bprm, &exe->eh, phdr_addr, *entry, base, sp)))
		return err;
	if (interp->inode)
		*entry = interp->eh.e_entry + base;
	return 0;
}

int load_elf_binary(struct linux_binprm *bprm)
{
	struct elf_file exe = { .inode = bprm->inode, .dir = bprm->dir };
	struct elf_file interp = { .inode = NULL, .dir = NULL };
	struct mm_struct *old;
	uint32_t entry, sp;
	int err;

	memcpy(&exe.eh, bprm->buf, sizeof(exe.eh));
	if (exe.eh.e_magic != ELF_MAGIC ||
	    (exe.eh.e_type != ET_EXEC && exe.eh.e_type != ET_DYN) ||
	    !elf_check_arch(&exe.eh) || !elf_phdrs_ok(&exe.eh, exe.inode))
		return -ENOEXEC;
	if ((err = elf_open_interp(&exe, &interp)))
		return err;

	if ((err = exec_unshare()))
		return err;
	/* Linux's begin_new_exec would run here: what fails now kills. */
	bprm->point_of_no_return = 1;
	/* Built in the new mm while the old one waits, still whole. */
	old = current->mm;
	activate_mm(bprm->mm);
	err = elf_map_image(bprm, &exe, &interp, &entry, &sp);
	activate_mm(old);
	if (interp.inode) {
		inode_put(interp.inode);
		inode_put(interp.dir);
	}
	if (err)
		return err;
	begin_new_exec(bprm);
	start_thread(entry, sp);
	return 0;
}
