/*
 * The kernel's access to user memory.  Every copy checks that the range is
 * user space and covered by VMAs with the right permission, and faults the
 * pages in through handle_mm_fault, the same path a user access takes: a
 * syscall may read an untouched heap page or fill an untouched shm page.
 * The copy itself is made by instructions listed in the exception table, so
 * a page that went away since the check (reclaim, while the task slept) is
 * faulted in again, or the copy fails.  Failure is -EFAULT, never an oops.
 */
#ifndef MM_UACCESS_H
#define MM_UACCESS_H

#include <stddef.h>
#include <stdint.h>

int copy_to_user(void *udst, const void *ksrc, size_t n);
int copy_from_user(void *kdst, const void *usrc, size_t n);
int clear_user(void *udst, size_t n);
/* The user word at uaddr in one load (a futex's, which other CPUs may be changing): 0 or -EFAULT. */
int get_user_u32(uint32_t *val, uint32_t uaddr);
/*
 * Linux's: the copies without fault_in_user's check of the pages first (the
 * range must still be user space), faulting the pages in as they go.  They
 * return the bytes not copied: 0, or what was left at a page that could not
 * be brought in.  For ktests of the fault path (mm/ktest_uaccess.c).
 */
size_t __copy_to_user(void *udst, const void *ksrc, size_t n);
size_t __copy_from_user(void *kdst, const void *usrc, size_t n);
/* Copies a string of at most max-1 bytes; returns its length or -EFAULT / -ENAMETOOLONG. */
int strncpy_from_user(char *kdst, const char *usrc, size_t max);
/* Linux's: the length of the string with its NUL, max + 1 if longer, 0 on a fault. */
uint32_t strnlen_user(const char *usrc, uint32_t max);
/* copy_to_user and copy_from_user, but only if the pages are present already: nothing is faulted in. */
int copy_to_user_nofault(void *udst, const void *ksrc, size_t n);
int copy_from_user_nofault(void *kdst, const void *usrc, size_t n);
/* The user word at uaddr set to newval if it held oldval, atomically; *curval: what it held. */
int futex_cmpxchg_user(uint32_t *curval, uint32_t uaddr, uint32_t oldval,
		       uint32_t newval);
/* The same if the page is present and writable already: nothing is faulted in. */
int futex_cmpxchg_user_nofault(uint32_t *curval, uint32_t uaddr,
			       uint32_t oldval, uint32_t newval);
/* Makes [addr, addr+n) present (and writable) in the current address space. */
int fault_in_user(uint32_t addr, size_t n, int write);

/*
 * The exception table (mm/extable.c): for each instruction that may fault
 * on user memory, where it goes on if the fault cannot be resolved.
 */
struct exception_table_entry {
	uint32_t insn, fixup;
};

struct trapframe;
const struct exception_table_entry *search_exception_table(uint32_t eip);
/* If tf faulted at a listed instruction, moves it to the fixup: 1; else 0. */
int fixup_exception(struct trapframe *tf);

void uaccess_selftest(void);	/* ktest=uaccess (mm/ktest_uaccess.c) */

#endif
