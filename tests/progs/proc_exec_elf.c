// proc_exec_elf: hand-made ELF executables, written to the working directory and run.
// What Linux's binfmt_elf loads must load the same way: two segments in one page (the
// later one takes the page over), empty segments, bss that starts mid-page (zeroed to
// the page end only in a writable segment), bss-only segments, a segment whose pages lie
// past the end of the file, ET_DYN files without an interpreter (moved as one piece),
// programs with a hand-made interpreter (it runs first, and jumps to AT_ENTRY). What it
// refuses before its point of no return is ENOEXEC (or ENOENT, EIO, ELIBBAD for the
// interpreter) and the caller lives on; what it finds only while mapping (a bad address,
// an offset that does not fit its address, an interpreter that is not ET_EXEC or ET_DYN)
// kills the process with SIGSEGV.
//
// Each program is a few instructions: store a byte, then exit with the byte at some
// address, so the exit status tells what the memory held.
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define FILE_SIZE	0x3000
#define TEXT		0x08048000u	// the code's page: file page 0
#define CODE_OFF	0x200
#define DATA		0x08050000u	// data pages: file offsets 0x1000 and up
#define FILE_NAME	"proc_exec_elf.bin"
#define EM_486		6	// i486: Linux takes it for i386 (glibc's elf.h has no name for it)

static unsigned char file[FILE_SIZE];
static int nseg;
static unsigned char *code;

// ---- building one executable ----

static Elf32_Ehdr *ehdr(void)
{
	return (Elf32_Ehdr *)file;
}

static Elf32_Phdr *phdr(int i)
{
	return (Elf32_Phdr *)(file + sizeof(Elf32_Ehdr)) + i;
}

static void segment(uint32_t type, uint32_t off, uint32_t vaddr, uint32_t filesz,
		    uint32_t memsz, uint32_t flags)
{
	*phdr(nseg++) = (Elf32_Phdr){ .p_type = type, .p_offset = off, .p_vaddr = vaddr,
				      .p_paddr = vaddr, .p_filesz = filesz, .p_memsz = memsz,
				      .p_flags = flags, .p_align = 0x1000 };
	ehdr()->e_phnum = nseg;
}

static void emit32(uint32_t v)
{
	memcpy(code, &v, 4);
	code += 4;
}

// movb $v, addr
static void store(uint32_t addr, uint8_t v)
{
	*code++ = 0xC6, *code++ = 0x05;
	emit32(addr);
	*code++ = v;
}

// exit(the byte at addr): movzbl addr, %ebx; mov $1, %eax; int $0x80
static void exit_byte(uint32_t addr)
{
	*code++ = 0x0F, *code++ = 0xB6, *code++ = 0x1D;
	emit32(addr);
	*code++ = 0xB8;
	emit32(1);
	*code++ = 0xCD, *code++ = 0x80;
}

// exit(v)
static void exit_with(uint8_t v)
{
	*code++ = 0xBB;
	emit32(v);
	*code++ = 0xB8;
	emit32(1);
	*code++ = 0xCD, *code++ = 0x80;
}

// A fresh image: the header, a text segment over file page 0, and marker bytes:
// every byte 0xAA, but 0x11 at data offset 0x1000, 0x22 at 0x1800, 0x33 at 0x1010.
static void start(void)
{
	memset(file, 0xAA, sizeof(file));
	memset(file, 0, CODE_OFF);
	file[0x1000] = 0x11, file[0x1800] = 0x22, file[0x1010] = 0x33;
	*ehdr() = (Elf32_Ehdr){
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS32, ELFDATA2LSB,
			     EV_CURRENT },
		.e_type = ET_EXEC, .e_machine = EM_386, .e_version = EV_CURRENT,
		.e_entry = TEXT + CODE_OFF, .e_phoff = sizeof(Elf32_Ehdr),
		.e_ehsize = sizeof(Elf32_Ehdr), .e_phentsize = sizeof(Elf32_Phdr),
	};
	nseg = 0;
	segment(PT_LOAD, 0, TEXT, 0x400, 0x400, PF_R | PF_X);
	code = file + CODE_OFF;
}

// Writes the image (the first size bytes), runs it, says how it ended.
static void run_sized(const char *what, size_t size)
{
	int fd = open(FILE_NAME, O_WRONLY | O_CREAT | O_TRUNC, 0755), st;
	pid_t pid;

	write(fd, file, size);
	close(fd);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char *argv[] = { FILE_NAME, NULL }, *envp[] = { NULL };

		execve(FILE_NAME, argv, envp);
		printf("%s: execve: %s, the caller lives on\n", what, ename(errno));
		fflush(stdout);
		_exit(100);
	}
	waitpid(pid, &st, 0);
	if (WIFSIGNALED(st))
		printf("%s: killed by SIG%s\n", what, sigabbrev_np(WTERMSIG(st)));
	else if (WEXITSTATUS(st) != 100)
		printf("%s: exit %d\n", what, WEXITSTATUS(st));
}

static void run(const char *what)
{
	run_sized(what, FILE_SIZE);
}

// Writes the image as the file name, to be run as an interpreter.
static void save(const char *name)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0755);

	write(fd, file, FILE_SIZE);
	close(fd);
}

// ---- the cases ----

static void good_headers(void)
{
	start();
	exit_with(42);
	run("minimal");
	start();
	ehdr()->e_ident[EI_CLASS] = ELFCLASS64;	// not checked by Linux
	ehdr()->e_ident[EI_DATA] = ELFDATA2MSB;
	ehdr()->e_ident[EI_VERSION] = 0;
	exit_with(42);
	run("class, byte order and version bytes wrong");
	start();
	ehdr()->e_machine = EM_486;
	exit_with(42);
	run("EM_486");
	start();
	segment(PT_GNU_STACK, 0, 0, 0, 0, PF_R | PF_W | PF_X);
	exit_with(42);
	run("PT_GNU_STACK executable");
	start();
	exit_with(42);
	ehdr()->e_phnum = 129;	// more than a page of them: the rest are PT_NULL and junk
	run("129 program headers");
}

static void bad_headers(void)
{
	start();
	exit_with(42);
	file[1] = 'X';
	run("bad magic");
	start();
	ehdr()->e_type = ET_REL;
	run("ET_REL");
	start();
	ehdr()->e_type = ET_CORE;
	run("ET_CORE");
	start();
	ehdr()->e_machine = EM_X86_64;
	run("EM_X86_64");
	start();
	ehdr()->e_phentsize = 40;
	run("e_phentsize 40");
	start();
	ehdr()->e_phnum = 0;
	run("no program headers");
	start();
	ehdr()->e_phnum = 2049;	// more than 64 KiB of them
	run("2049 program headers");
	start();
	ehdr()->e_phoff = FILE_SIZE - 16;
	run("program headers past the end of the file");
	start();
	run_sized("10-byte file", 10);
	run_sized("empty file", 0);
	start();
	memcpy(file, "#!", 2);	// a script, but without an interpreter
	run_sized("#! and nothing else", 2);
}

static void shared_pages(void)
{
	// Two data segments in the page at DATA: file 0x1000-0x1010 at DATA, file
	// 0x1800-0x1810 at DATA + 0x800. The later segment's mapping takes the page.
	start();
	segment(PT_LOAD, 0x1000, DATA, 0x10, 0x10, PF_R | PF_W);
	segment(PT_LOAD, 0x1800, DATA + 0x800, 0x10, 0x10, PF_R);
	exit_byte(DATA);
	run("two segments in a page: the first's byte");
	start();
	segment(PT_LOAD, 0x1000, DATA, 0x10, 0x10, PF_R | PF_W);
	segment(PT_LOAD, 0x1800, DATA + 0x800, 0x10, 0x10, PF_R);
	exit_byte(DATA + 0x800);
	run("two segments in a page: the second's byte");
	start();
	segment(PT_LOAD, 0x1000, DATA, 0x10, 0x10, PF_R | PF_W);
	segment(PT_LOAD, 0x1800, DATA + 0x800, 0x10, 0x10, PF_R);
	store(DATA, 7);
	exit_byte(DATA);
	run("writable, then read-only in the same page: write");
	start();
	segment(PT_LOAD, 0x1800, DATA + 0x800, 0x10, 0x10, PF_R);
	segment(PT_LOAD, 0x1000, DATA, 0x10, 0x10, PF_R | PF_W);
	store(DATA + 0x800, 9);
	exit_byte(DATA + 0x800);
	run("read-only, then writable in the same page: write");
	start();
	segment(PT_LOAD, 0x1000, DATA, 0x10, 0x10, PF_R | PF_W);
	exit_byte(DATA + 0x20);
	run("the rest of a segment's last page: the file's bytes");
}

static void bss(void)
{
	start();
	segment(PT_LOAD, 0x1000, DATA, 0x10, 0x3000, PF_R | PF_W);
	exit_byte(DATA + 0x10);
	run("bss mid-page in a writable segment: zeroed");
	start();
	segment(PT_LOAD, 0x1000, DATA, 0x10, 0x3000, PF_R | PF_W);
	store(DATA + 0x2FF0, 5);
	exit_byte(DATA + 0x2FF0);
	run("bss pages past the file's: writable");
	start();
	segment(PT_LOAD, 0x1000, DATA, 0x10, 0x3000, PF_R | PF_W);
	exit_byte(DATA + 0x3000);
	run("past the bss");
	start();
	segment(PT_LOAD, 0x1000, DATA, 0x10, 0x3000, PF_R);
	exit_byte(DATA + 0x10);
	run("bss mid-page in a read-only segment: the file's byte");
	start();
	segment(PT_LOAD, 0x1000, DATA, 0x10, 0x3000, PF_R);
	store(DATA + 0x1000, 6);
	exit_byte(DATA + 0x1000);
	run("read-only segment's bss pages: writable");
	start();
	segment(PT_LOAD, 0x1000, DATA, 0x10, 0x3000, PF_R);
	store(DATA + 0x10, 6);
	exit_byte(DATA + 0x10);
	run("read-only segment's partial page: write");
	start();
	segment(PT_LOAD, 0x1000, DATA, 0x10, 0x10, PF_R | PF_W);
	segment(PT_LOAD, 0x1800, DATA + 0x800, 0, 0x100, PF_R | PF_W);
	exit_byte(DATA);
	run("bss-only segment in a data page: the data's byte");
	start();
	segment(PT_LOAD, 0x1004, DATA, 0, 0x10, PF_R | PF_W);
	exit_byte(DATA + 8);
	run("bss-only segment with an offset that does not fit");
}

static void odd_segments(void)
{
	start();
	segment(PT_LOAD, 0x1000, 0x09000123, 0, 0, PF_R);
	exit_with(42);
	run("empty segment");
	start();
	segment(PT_LOAD, 0x1000, 0xFFFFF000, 0, 0, PF_R);
	exit_with(42);
	run("empty segment above user space");
	start();
	segment(PT_LOAD, 0x10000, DATA, 0x100, 0x100, PF_R | PF_W);
	exit_with(42);
	run("segment past the end of the file, untouched");
	start();
	segment(PT_LOAD, 0x1004, DATA, 0x10, 0x10, PF_R | PF_W);
	exit_with(42);
	run("segment whose offset does not fit its address");
	start();
	segment(PT_LOAD, 0x1000, DATA, 0x20, 0x10, PF_R | PF_W);
	exit_with(42);
	run("p_filesz > p_memsz");
	start();
	segment(PT_LOAD, 0x1000, 0xFFFFF000, 0x10, 0x10, PF_R | PF_W);
	exit_with(42);
	run("segment above user space");
	start();
	segment(PT_LOAD, 0x1000, 0x80000000, 0x10, 0x90000000, PF_R | PF_W);
	exit_with(42);
	run("segment that wraps around");
	start();
	ehdr()->e_entry = 0xFFFFF000;
	run("entry above user space");
}

// exit(the byte at data - code + the address of this code): position-independent.
static void exit_byte_pic(uint32_t data, uint32_t code_vaddr)
{
	*code++ = 0xE8;		// call 1f
	emit32(0);
	*code++ = 0x5B;		// 1: pop %ebx
	*code++ = 0x0F, *code++ = 0xB6, *code++ = 0x9B;	// movzbl disp(%ebx), %ebx
	emit32(data - (code_vaddr + 5));
	*code++ = 0xB8;
	emit32(1);
	*code++ = 0xCD, *code++ = 0x80;
}

// ET_DYN without an interpreter (static-pie): placed where there is room, moved whole.
static void position_independent(void)
{
	start();
	ehdr()->e_type = ET_DYN;
	phdr(0)->p_vaddr = phdr(0)->p_paddr = 0;
	ehdr()->e_entry = CODE_OFF;
	exit_with(42);
	run("ET_DYN");
	start();
	ehdr()->e_type = ET_DYN;
	phdr(0)->p_vaddr = phdr(0)->p_paddr = 0;
	ehdr()->e_entry = CODE_OFF;
	segment(PT_LOAD, 0x1000, 0x1000, 0x10, 0x10, PF_R | PF_W);
	exit_byte_pic(0x1000, CODE_OFF);
	run("ET_DYN: its data where its code says");
	start();
	ehdr()->e_type = ET_DYN;
	phdr(0)->p_vaddr = phdr(0)->p_paddr = 0x400000;
	ehdr()->e_entry = 0x400000 + CODE_OFF;
	segment(PT_LOAD, 0x1800, 0x401800, 0x10, 0x10, PF_R | PF_W);
	exit_byte_pic(0x401800, 0x400000 + CODE_OFF);
	run("ET_DYN linked at 0x400000");
	start();
	ehdr()->e_type = ET_DYN;
	phdr(0)->p_type = PT_NOTE;
	run("ET_DYN without PT_LOAD");
}

static void interp(const char *what, const char *name, uint32_t size, uint32_t off)
{
	start();
	strcpy((char *)file + 0x2000, name);
	segment(PT_INTERP, off, 0, size, size, PF_R);
	exit_with(42);
	run(what);
}

// A hand-made dynamic linker's code, position-independent: it walks the initial stack to
// the auxiliary vector, checks that AT_BASE is where its own first page is (the code is
// at CODE_OFF in the file, 0x200), then jumps to AT_ENTRY with %ebx = 42, which the
// program's code passes to exit: exit status 42 says the interpreter ran and found the
// program. 43 says AT_BASE was wrong or AT_ENTRY missing.
extern const unsigned char ld_code[], ld_code_end[];
asm(".pushsection .rodata\n"
    "ld_code:\n"
    "	mov (%esp), %eax\n"		// argc
    "	lea 8(%esp,%eax,4), %esi\n"	// envp[0]
    "1:	lodsl\n"
    "	test %eax, %eax\n"
    "	jnz 1b\n"			// past envp's NULL: the auxiliary vector
    "2:	lodsl\n"
    "	mov %eax, %edx\n"		// its type
    "	lodsl\n"			// its value
    "	test %edx, %edx\n"
    "	jz 9f\n"			// AT_NULL: no AT_ENTRY
    "	cmp $7, %edx\n"			// AT_BASE
    "	cmove %eax, %ebx\n"
    "	cmp $9, %edx\n"			// AT_ENTRY
    "	jne 2b\n"
    "	call 3f\n"
    "3:	pop %ecx\n"
    "	sub $(3b - ld_code + 0x200), %ecx\n"	// where this file's first page is
    "	cmp %ecx, %ebx\n"
    "	jne 9f\n"
    "	mov $42, %ebx\n"
    "	jmp *%eax\n"
    "9:	mov $43, %ebx\n"
    "	mov $1, %eax\n"
    "	int $0x80\n"
    "ld_code_end:\n"
    ".popsection");

// The hand-made interpreter, ET_DYN linked at 0 as ld.so is, written to LD_NAME.
#define LD_NAME	"proc_exec_elf.ld"
static void make_ld(uint16_t type, uint16_t phentsize)
{
	start();
	ehdr()->e_type = type;
	ehdr()->e_phentsize = phentsize;
	phdr(0)->p_vaddr = phdr(0)->p_paddr = 0;
	ehdr()->e_entry = CODE_OFF;
	memcpy(code, ld_code, ld_code_end - ld_code);
	save(LD_NAME);
}

// exit(%ebx): what the interpreter left there.
static void exit_ebx(void)
{
	*code++ = 0xB8;
	emit32(1);
	*code++ = 0xCD, *code++ = 0x80;
}

static void with_interp(const char *what)
{
	strcpy((char *)file + 0x2000, LD_NAME);
	segment(PT_INTERP, 0x2000, 0, sizeof(LD_NAME), sizeof(LD_NAME), PF_R);
	run(what);
}

static void interpreters(void)
{
	static const char text[] = "This is not an ELF file, but it is longer than an ELF header,\n"
				   "which is 52 bytes long.\n";
	int fd = open("proc_exec_elf.txt", O_WRONLY | O_CREAT | O_TRUNC, 0755);

	write(fd, text, sizeof(text) - 1);
	close(fd);
	fd = open("proc_exec_elf.short", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	write(fd, "\177ELF", 4);
	close(fd);
	interp("PT_INTERP missing", "/nonexistent/ld.so", 19, 0x2000);
	interp("PT_INTERP not a string", "/nonexistent/ld.so", 18, 0x2000);
	interp("PT_INTERP 1 byte", "", 1, 0x2000);
	interp("PT_INTERP past the end of the file", "x", 2, 0x8000);
	interp("PT_INTERP not ELF", "proc_exec_elf.txt", 18, 0x2000);
	interp("PT_INTERP shorter than an ELF header", "proc_exec_elf.short", 20, 0x2000);
	start();
	ehdr()->e_type = ET_DYN;
	strcpy((char *)file + 0x2000, "/nonexistent/ld.so");
	segment(PT_INTERP, 0x2000, 0, 19, 19, PF_R);
	run("ET_DYN with PT_INTERP missing");
	unlink("proc_exec_elf.txt");
	unlink("proc_exec_elf.short");

	make_ld(ET_DYN, sizeof(Elf32_Phdr));
	start();
	exit_ebx();
	with_interp("a hand-made interpreter: it runs, then the program at AT_ENTRY");
	start();
	ehdr()->e_type = ET_DYN;
	phdr(0)->p_vaddr = phdr(0)->p_paddr = 0;
	ehdr()->e_entry = CODE_OFF;
	segment(PT_LOAD, 0x1800, 0x1800, 0x10, 0x10, PF_R | PF_W);
	exit_byte_pic(0x1800, CODE_OFF);
	with_interp("a PIE with the interpreter: its data where its code says");
	make_ld(ET_DYN, 40);
	start();
	with_interp("an interpreter with 40-byte program headers");
	make_ld(ET_REL, sizeof(Elf32_Phdr));
	start();
	with_interp("an interpreter of type ET_REL");
	unlink(LD_NAME);
}

int main(void)
{
	struct rlimit no_core = { 0, 0 };

	setrlimit(RLIMIT_CORE, &no_core);	// the killed ones leave no core file
	setvbuf(stdout, NULL, _IOLBF, 0);
	good_headers();
	bad_headers();
	shared_pages();
	bss();
	odd_segments();
	position_independent();
	interpreters();
	unlink(FILE_NAME);
	return 0;
}
