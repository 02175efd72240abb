#include "mm/uaccess.h"
#include "mm/mm.h"
#include "mm/swap.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/task.h"

/*
 * The only two instructions with which the kernel copies user memory, each
 * listed in the exception table (__ex_table, mm/extable.c) with the address
 * it goes on at if a fault on it cannot be resolved.  Both are restartable
 * string instructions: a page fault stops them with %ecx counting the bytes
 * left, do_page_fault (kernel/trap.c) brings the page in and the instruction
 * goes on where it stopped; or the fault finds no page to bring (the range
 * was unmapped) and the fixup is the next instruction, with %ecx the bytes
 * not copied.  So a fault here is never an oops.
 */
static size_t __copy_user(void *to, const void *from, size_t n)
{
	asm volatile("1:	rep movsb\n"
		     "2:\n"
		     "	.section __ex_table, \"a\"\n"
		     "	.long 1b, 2b\n"
		     "	.previous"
		     : "+c"(n), "+D"(to), "+S"(from) : : "memory");
	return n;
}

static size_t __clear_user(void *to, size_t n)
{
	asm volatile("1:	rep stosb\n"
		     "2:\n"
		     "	.section __ex_table, \"a\"\n"
		     "	.long 1b, 2b\n"
		     "	.previous"
		     : "+c"(n), "+D"(to) : "a"(0) : "memory");
	return n;
}

static int user_range_ok(uint32_t addr, size_t n)
{
	return addr + n >= addr && addr + n <= TASK_SIZE;
}

/*
 * The kernel runs at CPL 0, where the MMU ignores the U bit: it would read
 * a page the program made PROT_NONE (present, U clear: mm/mmap.c) without
 * a fault.  So the check is made here, as the MMU would make it for the
 * user: present, user-accessible and, for a write, writable.
 */
static int user_access_ok(pte_t *pte, int write)
{
	return pte && (*pte & PTE_P) && (*pte & PTE_U) &&
	       (!write || (*pte & PTE_W));
}

/*
 * user_access_ok for va, walking the tables in line: every system call
 * that touches user memory asks this, most of them for a page that is
 * there (futex's ping-pong, a read into a buffer).
 */
static inline int user_page_ok(pde_t *pgd, uint32_t va, uint32_t need)
{
	pde_t pde = pgd[PDX(va)];

	return (pde & PTE_P) &&
	       (((pte_t *)P2V(pde & PAGE_MASK))[PTX(va)] & need) == need;
}

/*
 * The check before a copy, in line in each copy, for its common case: the
 * range lies in one page of user space, and that page is there for the
 * access (a semop's sembuf, a futex word, a message).  TASK_SIZE is a page
 * boundary, so a range that starts below it and ends in its first page
 * ends below it too.  0 sends the copy to fault_in_user, which also takes
 * ranges over several pages, empty ones, and pages still to fault in.
 */
static inline int user_page_there(uint32_t addr, size_t n, uint32_t need)
{
	struct mm_struct *mm = current->mm;

	return n - 1 < PAGE_SIZE && addr < TASK_SIZE &&
	       !((addr ^ (addr + n - 1)) & PAGE_MASK) &&
	       mm && user_page_ok(mm->pgd, addr, need);
}

/*
 * The check before a copy, and its fast path: the range must be user space
 * and each page allowed as the MMU would allow it to the user; a page that
 * is not there yet is faulted in now.  The copy that follows may still
 * fault (this function or the copy slept, and reclaim took a page out),
 * which the exception table makes safe.
 */
int fault_in_user(uint32_t addr, size_t n, int write)
{
	struct mm_struct *mm = current->mm;
	uint32_t need = PTE_P | PTE_U | (write ? PTE_W : 0);

	if (!user_range_ok(addr, n) || !mm)
		return -EFAULT;
	for (uint32_t va = addr & PAGE_MASK; va < addr + n; va += PAGE_SIZE) {
		if (user_page_ok(mm->pgd, va, need))
			continue;	/* already there: the common case */
		try_to_free_pages();	/* as a fault does: low on memory, pages go out */
		if (handle_mm_fault(mm, va, write))
			return -EFAULT;
		/* handle_mm_fault checked the VMA; the PTE must now agree. */
		if (!user_access_ok(pte_walk(mm->pgd, va, 0), write))
			return -EFAULT;
		current->usage.min_flt++;	/* as if the user had touched it */
		if (va + PAGE_SIZE < va)
			break;
	}
	return 0;
}

/*
 * Whether [addr, addr+n) is present for the access, without faulting
 * anything in: for exit's robust futexes (kernel/futex.c), on a path that
 * must stay shallow.  Linux's copy_*_user_nofault.
 */
static int user_present(uint32_t addr, size_t n, int write)
{
	struct mm_struct *mm = current->mm;
	uint32_t need = PTE_P | PTE_U | (write ? PTE_W : 0);

	if (!user_range_ok(addr, n) || !mm)
		return 0;
	for (uint32_t va = addr & PAGE_MASK; va < addr + n; va += PAGE_SIZE) {
		if (!user_page_ok(mm->pgd, va, need))
			return 0;
		if (va + PAGE_SIZE < va)
			break;
	}
	return 1;
}

int copy_from_user_nofault(void *kdst, const void *usrc, size_t n)
{
	if (!user_present((uint32_t)usrc, n, 0))
		return -EFAULT;
	memcpy(kdst, usrc, n);
	return 0;
}

int copy_to_user_nofault(void *udst, const void *ksrc, size_t n)
{
	if (!user_present((uint32_t)udst, n, 1))
		return -EFAULT;
	memcpy(udst, ksrc, n);
	return 0;
}

size_t __copy_to_user(void *udst, const void *ksrc, size_t n)
{
	return user_range_ok((uint32_t)udst, n) ? __copy_user(udst, ksrc, n) : n;
}

size_t __copy_from_user(void *kdst, const void *usrc, size_t n)
{
	return user_range_ok((uint32_t)usrc, n) ? __copy_user(kdst, usrc, n) : n;
}

/*
 * Linux's futex_atomic_cmpxchg_inatomic: the word at uaddr becomes newval
 * if it holds oldval, in one locked instruction (user threads on other CPUs
 * change it with their own `lock cmpxchg`); *curval is what it held.  The
 * caller has checked that the page is there and writable; should it go
 * away before the instruction runs, the exception table skips the
 * instruction and the clearing of err after it.
 */
static int __cmpxchg_user(uint32_t *curval, uint32_t uaddr, uint32_t oldval,
			  uint32_t newval)
{
	int err;

	asm volatile("	movl %4, %0\n"
		     "1:	lock cmpxchgl %3, %2\n"
		     "	xorl %0, %0\n"
		     "2:\n"
		     "	.section __ex_table, \"a\"\n"
		     "	.long 1b, 2b\n"
		     "	.previous"
		     : "=&r"(err), "+a"(oldval), "+m"(*(volatile uint32_t *)uaddr)
		     : "r"(newval), "i"(-EFAULT) : "memory");
	*curval = oldval;
	return err;
}

int futex_cmpxchg_user(uint32_t *curval, uint32_t uaddr, uint32_t oldval,
		       uint32_t newval)
{
	if (uaddr % sizeof(uint32_t) || fault_in_user(uaddr, sizeof(uint32_t), 1))
		return -EFAULT;
	return __cmpxchg_user(curval, uaddr, oldval, newval);
}

int futex_cmpxchg_user_nofault(uint32_t *curval, uint32_t uaddr,
			       uint32_t oldval, uint32_t newval)
{
	if (uaddr % sizeof(uint32_t) || !user_present(uaddr, sizeof(uint32_t), 1))
		return -EFAULT;
	return __cmpxchg_user(curval, uaddr, oldval, newval);
}

int copy_to_user(void *udst, const void *ksrc, size_t n)
{
	uint32_t addr = (uint32_t)udst;

	if (!user_page_there(addr, n, PTE_P | PTE_U | PTE_W) &&
	    fault_in_user(addr, n, 1))
		return -EFAULT;
	return __copy_user(udst, ksrc, n) ? -EFAULT : 0;
}

int copy_from_user(void *kdst, const void *usrc, size_t n)
{
	uint32_t addr = (uint32_t)usrc;

	if (!user_page_there(addr, n, PTE_P | PTE_U) && fault_in_user(addr, n, 0))
		return -EFAULT;
	return __copy_user(kdst, usrc, n) ? -EFAULT : 0;
}

/*
 * One load, where copy_from_user copies byte by byte: user code on another
 * CPU may be changing the word (a futex's), and a copy could see half of
 * the change.  Checked as the copies check; a page gone since (the task
 * slept in fault_in_user) is faulted in again by the exception table, or
 * the load is skipped with err still -EFAULT.
 */
int get_user_u32(uint32_t *val, uint32_t uaddr)
{
	uint32_t v;
	int err;

	if (!user_page_there(uaddr, sizeof(v), PTE_P | PTE_U) &&
	    fault_in_user(uaddr, sizeof(v), 0))
		return -EFAULT;
	asm volatile("	movl %2, %0\n"
		     "1:	movl (%3), %1\n"
		     "	xorl %0, %0\n"
		     "2:\n"
		     "	.section __ex_table, \"a\"\n"
		     "	.long 1b, 2b\n"
		     "	.previous"
		     : "=&r"(err), "=&r"(v) : "i"(-EFAULT), "r"(uaddr) : "memory");
	if (!err)
		*val = v;
	return err;
}

int clear_user(void *udst, size_t n)
{
	if (fault_in_user((uint32_t)udst, n, 1) || __clear_user(udst, n))
		return -EFAULT;
	return 0;
}

/*
 * Copies the string at usrc into kdst a page's part at a time, at most max
 * bytes (Linux's strncpy_from_user reads a word at a time the same way: past
 * the NUL, never past its page).  Returns the length, or max if no NUL came.
 */
static long copy_string(char *kdst, const char *usrc, size_t max)
{
	uint32_t addr = (uint32_t)usrc;
	size_t n = 0;

	while (n < max) {
		size_t chunk = PAGE_SIZE - ((addr + n) & ~PAGE_MASK), len;

		if (chunk > max - n)
			chunk = max - n;
		if (fault_in_user(addr + n, chunk, 0) ||
		    __copy_user(kdst + n, usrc + n, chunk))
			return -EFAULT;
		if ((len = strnlen(kdst + n, chunk)) < chunk)
			return n + len;
		n += chunk;
	}
	return max;
}

int strncpy_from_user(char *kdst, const char *usrc, size_t max)
{
	long n = copy_string(kdst, usrc, max);

	if (n < 0)
		return n;
	return (size_t)n < max ? n : -ENAMETOOLONG;
}

uint32_t strnlen_user(const char *usrc, uint32_t max)
{
	char buf[64];
	uint32_t n = 0;

	while (n < max) {
		uint32_t chunk = max - n < sizeof(buf) ? max - n : sizeof(buf);
		long len = copy_string(buf, usrc + n, chunk);

		if (len < 0)
			return 0;
		if ((uint32_t)len < chunk)
			return n + len + 1;
		n += chunk;
	}
	return max + 1;
}
