/*
 * The kernel's access to user memory.  Every copy checks that the range is
 * user space and covered by VMAs with the right permission, and faults the
 * pages in through handle_mm_fault, the same path a user access takes: a
 * syscall may read an untouched heap page or fill an untouched shm page.
 * Failure is -EFAULT, never an oops.
 */
#ifndef MM_UACCESS_H
#define MM_UACCESS_H

#include <stddef.h>
#include <stdint.h>

int copy_to_user(void *udst, const void *ksrc, size_t n);
int copy_from_user(void *kdst, const void *usrc, size_t n);
int clear_user(void *udst, size_t n);
/* Copies a string of at most max-1 bytes; returns its length or -EFAULT / -ENAMETOOLONG. */
int strncpy_from_user(char *kdst, const char *usrc, size_t max);
/* The same, but only if the pages are present already: nothing is faulted in. */
int copy_to_user_nofault(void *udst, const void *ksrc, size_t n);
int copy_from_user_nofault(void *kdst, const void *usrc, size_t n);
/* Makes [addr, addr+n) present (and writable) in the current address space. */
int fault_in_user(uint32_t addr, size_t n, int write);

#endif
