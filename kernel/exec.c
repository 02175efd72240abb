/*
 * execve: replace the caller's address space with a static ELF executable
 * (or, for a "#!" script, with its interpreter's).  The new image is built in a fresh mm: one anonymous VMA per PT_LOAD
 * segment filled from the file, a stack VMA holding argc, argv, envp and
 * the auxiliary vector exactly as Linux lays them out, and an empty heap.
 */
#include "kernel/task.h"
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/gdt.h"
#include "drivers/random.h"
#include "fs/fs.h"
#include "fs/namei.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

#define MAX_PHDRS	16
#define ARG_PAGES	32	/* argv + envp strings: 128 KiB, as ARG_MAX */
#define STACK_INITIAL	(128u << 10)
#define SCRIPT_LINE	256	/* the "#!" line read, as Linux's BINPRM_BUF_SIZE */

/* The argument and environment strings, copied out of the old image. */
struct exec_args {
	char *page[ARG_PAGES];
	uint32_t len;		/* bytes used across the pages */
	int argc, envc;
};

static int args_put(struct exec_args *a, char c)
{
	uint32_t p = a->len / PAGE_SIZE;

	if (p >= ARG_PAGES)
		return -E2BIG;
	if (!a->page[p] && !(a->page[p] = get_free_page()))
		return -ENOMEM;
	a->page[p][a->len++ % PAGE_SIZE] = c;
	return 0;
}

static int args_copy_string(struct exec_args *a, const char *src, int from_user)
{
	for (;; src++) {
		char c;
		int err;

		if (from_user && copy_from_user(&c, src, 1))
			return -EFAULT;
		if (!from_user)
			c = *src;
		if ((err = args_put(a, c)))
			return err;
		if (!c)
			return 0;
	}
}

/* Copies vec[first], vec[first + 1], ... up to vec's NULL; returns how many. */
static int args_copy_vector(struct exec_args *a, char *const *vec, int first,
			    int from_user)
{
	int n = 0;

	for (int i = 0; vec; i++) {
		char *s;
		int err;

		if (from_user) {
			if (copy_from_user(&s, vec + i, sizeof(s)))
				return -EFAULT;
		} else
			s = vec[i];
		if (!s)
			break;
		if (i < first)
			continue;
		cond_resched();		/* a string at a time: argv may be long */
		if ((err = args_copy_string(a, s, from_user)))
			return err;
		n++;
	}
	return n;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * A "#!interpreter [arg]" first line, as Linux's binfmt_script reads it:
 * the interpreter runs instead, with argv[0] replaced by the interpreter,
 * the arg (the rest of the line, one string) if any, and the script's path.
 * Returns 1 and points *interp and *arg into line; 0 if ip is no script;
 * -ENOEXEC for a "#!" line without an interpreter or longer than line.
 */
static int script_line(struct inode *ip, char line[SCRIPT_LINE], char **interp,
		       char **arg)
{
	long n = inode_read(ip, line, 0, SCRIPT_LINE - 1, 0);
	char *p, *end;

	if (n < 2 || line[0] != '#' || line[1] != '!')
		return 0;
	line[n] = 0;
	if (!(end = strchr(line, '\n')) && n == SCRIPT_LINE - 1)
		return -ENOEXEC;
	if (!end)
		end = line + n;
	while (end > line + 2 && is_blank(end[-1]))
		end--;
	*end = 0;
	for (p = line + 2; is_blank(*p); p++)
		;
	if (p == end)
		return -ENOEXEC;
	*interp = p;
	while (*p && !is_blank(*p))
		p++;
	*arg = NULL;
	if (*p) {
		*p++ = 0;
		while (is_blank(*p))
			p++;
		*arg = p;
	}
	return 1;
}

static void args_free(struct exec_args *a)
{
	for (int i = 0; i < ARG_PAGES; i++)
		if (a->page[i])
			free_kpage(a->page[i]);
}

static int read_headers(struct inode *ip, struct elf32_ehdr *eh,
			struct elf32_phdr *ph)
{
	if (inode_read(ip, eh, 0, sizeof(*eh), 0) != sizeof(*eh) ||
	    eh->e_magic != ELF_MAGIC || eh->e_class != 1 ||
	    eh->e_type != ET_EXEC || eh->e_machine != EM_386 ||
	    eh->e_phentsize != sizeof(*ph) || eh->e_phnum > MAX_PHDRS)
		return -ENOEXEC;
	if (inode_read(ip, ph, eh->e_phoff, eh->e_phnum * sizeof(*ph), 0) !=
	    (long)(eh->e_phnum * sizeof(*ph)))
		return -ENOEXEC;
	for (int i = 0; i < eh->e_phnum; i++) {
		struct elf32_phdr *p = &ph[i];
		if (p->p_type != PT_LOAD)
			continue;
		if (p->p_filesz > p->p_memsz || p->p_vaddr + p->p_memsz < p->p_vaddr ||
		    p->p_vaddr + p->p_memsz > USER_STACK_TOP - USER_STACK_MAX ||
		    p->p_offset + p->p_filesz > inode_size(ip) ||
		    (p->p_vaddr & ~PAGE_MASK) != (p->p_offset & ~PAGE_MASK))
			return -ENOEXEC;
	}
	return 0;
}

/*
 * Maps and fills one segment.  The VMA is writable while the loader copies
 * into it; a read-only segment then loses VM_WRITE and its PTEs' W bits.
 */
static int load_segment(struct mm_struct *mm, struct inode *ip,
			struct elf32_phdr *p)
{
	uint32_t start = p->p_vaddr & PAGE_MASK;
	uint32_t end = PAGE_ALIGN(p->p_vaddr + p->p_memsz);
	uint32_t flags = VM_READ | VM_WRITE | ((p->p_flags & PF_X) ? VM_EXEC : 0);
	struct vm_area_struct *v;

	if (!range_is_free(mm, start, end) || !(v = vma_alloc(mm, start, end, flags)))
		return -ENOMEM;
	insert_vm_struct(mm, v);
	if (inode_read(ip, (void *)p->p_vaddr, p->p_offset, p->p_filesz, 1) !=
	    (long)p->p_filesz)
		return -EFAULT;
	if (!(p->p_flags & PF_W)) {
		v->vm_flags &= ~VM_WRITE;
		for (uint32_t va = start; va < end; va += PAGE_SIZE) {
			pte_t *pte = pte_walk(mm->pgd, va, 0);
			if (pte)
				*pte &= ~PTE_W;
		}
		write_cr3(read_cr3());
	}
	return 0;
}

/* Pushes n bytes onto the new user stack. */
static int push(uint32_t *sp, const void *data, uint32_t n)
{
	*sp -= n;
	return copy_to_user((void *)*sp, data, n);
}

static int build_stack(struct mm_struct *mm, struct exec_args *a,
		       struct elf32_ehdr *eh, uint32_t phdr_addr, uint32_t *spp)
{
	uint32_t sp = USER_STACK_TOP, strings, random, n = a->argc + a->envc;
	uint32_t auxv[2 * 18], *ptrs;
	struct vm_area_struct *v;
	int k = 0, err = 0;

	v = vma_alloc(mm, USER_STACK_TOP - STACK_INITIAL, USER_STACK_TOP,
		      VM_READ | VM_WRITE | VM_GROWSDOWN);
	if (!v)
		return -ENOMEM;
	insert_vm_struct(mm, v);
	mm->start_stack = USER_STACK_TOP;

	/* Strings at the top, then 16 random bytes for AT_RANDOM. */
	for (int p = (a->len - 1) / PAGE_SIZE; p >= 0 && !err; p--) {
		uint32_t used = a->len - p * PAGE_SIZE;
		err = push(&sp, a->page[p], used > PAGE_SIZE ? PAGE_SIZE : used);
	}
	strings = sp;
	for (int i = 0; i < 2 && !err; i++) {
		uint64_t random_bits = get_random_u64();

		err = push(&sp, &random_bits, sizeof(random_bits));
	}
	random = sp;
	if (err)
		return err;

#define AUX(type, val)	(auxv[k++] = (type), auxv[k++] = (val))
	AUX(AT_PHDR, phdr_addr);
	AUX(AT_PHENT, sizeof(struct elf32_phdr));
	AUX(AT_PHNUM, eh->e_phnum);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, eh->e_entry);
	AUX(AT_UID, current->uid);
	AUX(AT_EUID, current->euid);
	AUX(AT_GID, current->gid);
	AUX(AT_EGID, current->egid);
	AUX(AT_SECURE, 0);
	AUX(AT_CLKTCK, HZ);
	AUX(AT_HWCAP, 0);
	AUX(AT_RANDOM, random);
	AUX(AT_EXECFN, strings);
	AUX(AT_NULL, 0);
#undef AUX

	/* argc, argv[], NULL, envp[], NULL, auxv: 16-byte aligned at argc. */
	sp -= (k + n + 3) * 4;
	sp &= ~15u;
	if (!(ptrs = kmalloc((n + 3) * 4)))
		return -ENOMEM;
	ptrs[0] = a->argc;
	for (uint32_t i = 0, s = strings; i < n; i++) {
		uint32_t slot = 1 + i + (i >= (uint32_t)a->argc);
		char c;
		ptrs[slot] = s;
		do {		/* step over this string in the copied area */
			c = a->page[(s - strings) / PAGE_SIZE][(s - strings) % PAGE_SIZE];
			s++;
		} while (c);
	}
	ptrs[1 + a->argc] = 0;
	ptrs[2 + n] = 0;
	err = copy_to_user((void *)sp, ptrs, (n + 3) * 4) ||
	      copy_to_user((void *)(sp + (n + 3) * 4), auxv, k * 4);
	kfree(ptrs);
	*spp = sp;
	return err ? -EFAULT : 0;
}

static void set_comm(const char *path)
{
	const char *base = path;

	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	strlcpy(current->comm, base, TASK_COMM_LEN);
}

/* Everything that must not survive exec: handlers, TLS, close-on-exec files. */
static void flush_old_exec(struct trapframe *tf, uint32_t entry, uint32_t sp)
{
	for (int s = 1; s < NSIG; s++)
		if (current->sigaction[s].handler != SIG_IGN)
			current->sigaction[s].handler = SIG_DFL;
	current->sas_ss_sp = current->sas_ss_size = 0;	/* no alternate stack */
	memset(current->tls, 0, sizeof(current->tls));
	load_tls(current->tls);
	fpu_reset();
	current->clear_child_tid = 0;
	files_exec(current);

	memset(tf, 0, sizeof(*tf));
	tf->cs = USER_CS;
	tf->ds = tf->es = tf->ss = USER_DS;
	tf->eflags = 0x200;		/* interrupts on */
	tf->eip = entry;
	tf->esp = sp;
	tf->trapno = T_SYSCALL;
}

/* Builds the new image; on failure after the old one is gone, the caller dies. */
static int load_image(struct inode *ip, struct elf32_ehdr *eh,
		      struct elf32_phdr *ph, struct exec_args *a, uint32_t *sp)
{
	struct mm_struct *mm = current->mm;
	uint32_t phdr_addr = 0, brk = 0;
	int err;

	for (int i = 0; i < eh->e_phnum; i++) {
		struct elf32_phdr *p = &ph[i];
		if (p->p_type != PT_LOAD)
			continue;
		if ((err = load_segment(mm, ip, p)))
			return err;
		if (eh->e_phoff >= p->p_offset &&
		    eh->e_phoff < p->p_offset + p->p_filesz)
			phdr_addr = p->p_vaddr + eh->e_phoff - p->p_offset;
		if (PAGE_ALIGN(p->p_vaddr + p->p_memsz) > brk)
			brk = PAGE_ALIGN(p->p_vaddr + p->p_memsz);
	}
	mm->start_brk = mm->brk = brk;
	return build_stack(mm, a, eh, phdr_addr, sp);
}

/*
 * If *ipp is a "#!" script, starts the arguments with the interpreter, its
 * arg and path, and swaps *ipp for the interpreter's inode.  One level: an
 * interpreter that is itself a script fails later, in read_headers.
 */
static int load_script(struct exec_args *a, struct inode **ipp, const char *path)
{
	char *line = kmalloc(SCRIPT_LINE), *interp, *arg;
	int err;

	if (!line)
		return -ENOMEM;
	if ((err = script_line(*ipp, line, &interp, &arg)) <= 0)
		goto out;
	if ((err = args_copy_string(a, interp, 0)) ||
	    (arg && (err = args_copy_string(a, arg, 0))) ||
	    (err = args_copy_string(a, path, 0)))
		goto out;
	a->argc = arg ? 3 : 2;
	inode_put(*ipp);
	*ipp = NULL;
	err = exec_lookup(interp, ipp);
out:
	kfree(line);
	return err;
}

int do_execve(const char *path, char *const argv[], char *const envp[],
	      int from_user)
{
	struct exec_args *a = kzalloc(sizeof(*a));
	struct elf32_phdr *ph = kmalloc(MAX_PHDRS * sizeof(*ph));
	struct mm_struct *old, *mm;
	struct elf32_ehdr eh;
	struct inode *ip = NULL;
	uint32_t sp;
	int err = -ENOMEM, n;

	if (!a || !ph)
		goto out;
	if ((err = exec_lookup(path, &ip)) || (err = load_script(a, &ip, path)) < 0)
		goto out;
	/* A script's argv[0] has given way to the interpreter's arguments. */
	if ((n = args_copy_vector(a, argv, a->argc > 0, from_user)) < 0) {
		err = n;
		goto out;
	}
	a->argc += n;
	/* As Linux 5.18 does: an empty argv still gives argv[0] = "". */
	if (a->argc == 0) {
		if ((err = args_copy_string(a, "", 0)))
			goto out;
		a->argc = 1;
	}
	if ((err = a->envc = args_copy_vector(a, envp, 0, from_user)) < 0 ||
	    (err = read_headers(ip, &eh, ph)))
		goto out;
	if (!(mm = mm_alloc())) {
		err = -ENOMEM;
		goto out;
	}
	/* The point of no return: the old image goes. */
	old = current->mm;
	current->mm = mm;
	switch_pgd(mm->pgd);
	mm_release(old);
	if ((err = load_image(ip, &eh, ph, a, &sp))) {
		inode_put(ip);
		args_free(a);
		kfree(a);
		kfree(ph);
		do_exit(SIGKILL);	/* nothing to return to */
	}
	set_comm(path);
	flush_old_exec(current->tf, eh.e_entry, sp);
	err = 0;
out:
	if (ip)
		inode_put(ip);
	if (a) {
		args_free(a);
		kfree(a);
	}
	kfree(ph);
	return err;
}

long sys_execve(const char *upath, char *const argv[], char *const envp[])
{
	char *path = kmalloc(PATH_MAX_LEN);
	long err;

	if (!path)
		return -ENOMEM;
	err = strncpy_from_user(path, upath, PATH_MAX_LEN);
	if (err >= 0)
		err = do_execve(path, argv, envp, 1);
	kfree(path);
	/* On success eax must be 0 in the new image, already cleared. */
	return err;
}
