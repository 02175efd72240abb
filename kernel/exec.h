/*
 * execve (kernel/exec.c) and the two formats it runs: ELF executables
 * (kernel/binfmt_elf.c) and "#!" scripts (kernel/binfmt_script.c), as
 * Linux's fs/exec.c and fs/binfmt_*.c divide the work.
 */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include <stdint.h>

#define BINPRM_BUF_SIZE	256	/* the first bytes of the file, for the formats */

struct inode;
struct mm_struct;

/*
 * One execve in progress.  The new image is built in its own mm while the
 * old one runs on: the argument strings are copied straight onto the new
 * stack, the formats load into it, and only begin_new_exec, which cannot
 * fail, swaps the two.  Until then every failure returns to the old image.
 */
struct linux_binprm {
	struct mm_struct *mm;	/* the new image */
	uint32_t p;		/* lowest byte of the strings on the new stack */
	uint32_t argmin;	/* the strings may not go below this: E2BIG */
	uint32_t exec;		/* the filename's copy there: AT_EXECFN */
	int argc, envc;
	const char *filename;	/* the path execve was given, or fdpath */
	char *fdpath;		/* execveat's "/dev/fd/N/PATH" (a page), or NULL */
	int path_inaccessible;	/* fdpath's N is close-on-exec: a script cannot be run */
	const char *interp;	/* the file being loaded: filename or a script's interpreter */
	struct inode *inode;	/* that file */
	struct inode *dir;	/* the directory it is in: /proc/PID/exe's name */
	uint32_t arg_end;	/* where argv's strings end (envp's start) */
	/*
	 * Linux's point of no return: from here on the old image is as good
	 * as gone for Linux, so a failure kills the process with SIGSEGV
	 * rather than returning an error.
	 */
	int point_of_no_return;
	char buf[BINPRM_BUF_SIZE];	/* the file's first bytes, zero-padded */
	char interp_buf[BINPRM_BUF_SIZE];	/* a script's interpreter name */
};

int do_execveat(int dirfd, const char *filename, char *const argv[], char *const envp[],
		int flags, int from_user);
int copy_string_kernel(const char *s, struct linux_binprm *bprm);
int remove_arg_zero(struct linux_binprm *bprm);
void activate_mm(struct mm_struct *mm);
int exec_unshare(void);
void begin_new_exec(struct linux_binprm *bprm);
void start_thread(uint32_t entry, uint32_t sp);

int load_script(struct linux_binprm *bprm);	/* kernel/binfmt_script.c */
int load_elf_binary(struct linux_binprm *bprm);	/* kernel/binfmt_elf.c */

#endif
