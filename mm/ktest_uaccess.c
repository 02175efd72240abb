/*
 * In-kernel tests of the copies' fault path (`ktest`, or `ktest=uaccess`):
 * a copy whose instruction itself faults on user memory, as it does when a
 * page went out to swap or was unmapped after fault_in_user checked it.
 * __copy_to_user and __copy_from_user skip that check, so the fault comes
 * at the copy's rep movsb: do_page_fault (kernel/trap.c) must bring a page
 * of a VMA in and let the copy go on, and at a page nothing maps send the
 * copy to its fixup (mm/extable.c), which returns the bytes not copied.
 * Any mistake here is an oops, not a FAIL.  They run in an address space
 * made for them, lent to the boot thread and loaded into %cr3.
 */
#include "mm/uaccess.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/x86.h"
#include "mm/mm.h"
#include "mm/pgtable.h"

#define CHECK(cond, why)	do { if (!(cond)) return why; } while (0)

static int present(struct mm_struct *mm, uint32_t va)
{
	pte_t *pte = pte_walk(mm->pgd, va, 0);

	return pte && (*pte & PTE_P);
}

/* Two pages of a fresh private mapping: nothing there until the copy. */
static const char *demand_fault(struct mm_struct *mm, uint32_t a)
{
	static const char msg[] = "across two pages";
	uint32_t at = a + PAGE_SIZE - 6, faults = current->usage.min_flt;
	char back[sizeof(msg)];

	CHECK(!present(mm, a) && !present(mm, a + PAGE_SIZE), "the pages are there already");
	CHECK(__copy_to_user((void *)at, msg, sizeof(msg)) == 0,
	      "the copy stopped at a page of the VMA");
	CHECK(present(mm, a) && present(mm, a + PAGE_SIZE), "the copy did not fault both in");
	CHECK(current->usage.min_flt == faults + 2, "not two minor faults counted");
	CHECK(__copy_from_user(back, (void *)at, sizeof(back)) == 0 &&
	      !memcmp(back, msg, sizeof(msg)), "the copy did not read back what it wrote");
	return NULL;
}

/* The second page is unmapped (as another thread would): the copy stops there. */
static const char *unmapped_half(struct mm_struct *mm, uint32_t a)
{
	char buf[16] = "0123456789abcde";
	uint32_t at = a + PAGE_SIZE - 4;

	CHECK(do_munmap(mm, a + PAGE_SIZE, PAGE_SIZE) == 0, "munmap failed");
	CHECK(__copy_to_user((void *)at, buf, sizeof(buf)) == sizeof(buf) - 4,
	      "a copy into an unmapped page: not the 12 bytes past the VMA left over");
	CHECK(__copy_from_user(buf, (void *)at, sizeof(buf)) == sizeof(buf) - 4 &&
	      !memcmp(buf, "0123", 4), "a copy from it: not 4 bytes read, 12 left");
	CHECK(copy_to_user((void *)at, buf, sizeof(buf)) == -EFAULT,
	      "copy_to_user across the hole did not fail with EFAULT");
	return NULL;
}

/* A read-only page: the write faults (CR0.WP), and the VMA refuses it. */
static const char *read_only(struct mm_struct *mm, uint32_t a)
{
	char c = 'x';

	CHECK(__copy_from_user(&c, (void *)a, 1) == 0 && c == 0,
	      "a read of a fresh read-only page: not a 0 byte");
	CHECK(__copy_to_user((void *)a, "y", 1) == 1, "a write to a read-only page was made");
	CHECK(__copy_from_user(&c, (void *)a, 1) == 0 && c == 0,
	      "the read-only page changed");
	return NULL;
}

static const char *in_mm(uint32_t prot, const char *(*fn)(struct mm_struct *, uint32_t))
{
	struct mm_struct *mm = current->mm = mm_alloc();
	const char *err = "out of memory";
	long a;

	if (mm) {
		switch_pgd(mm->pgd);	/* the copies go through the MMU */
		a = do_mmap(NULL, 0, 2 * PAGE_SIZE, prot, MAP_PRIVATE | MAP_ANONYMOUS, 0);
		err = a < 0 ? "mmap failed" : fn(mm, a);
		switch_pgd(swapper_pg_dir);
		mm_release(mm);
	}
	current->mm = NULL;
	return err;
}

/*
 * With interrupts off (in an interrupt handler, under a spin lock) the
 * kernel may not sleep, so no fault is resolved: the copy stops at once.
 */
static const char *irqs_off(struct mm_struct *mm, uint32_t a)
{
	size_t left;

	cli();
	left = __copy_to_user((void *)a, "z", 1);
	sti();
	CHECK(left == 1, "a fault with interrupts off was resolved");
	CHECK(!present(mm, a), "the page came in with interrupts off");
	return NULL;
}

static const char *test_irqs_off(void)
{
	return in_mm(PROT_READ | PROT_WRITE, irqs_off);
}

static const char *test_demand_fault(void)
{
	return in_mm(PROT_READ | PROT_WRITE, demand_fault);
}

static const char *test_unmapped(void)
{
	return in_mm(PROT_READ | PROT_WRITE, unmapped_half);
}

static const char *test_read_only(void)
{
	return in_mm(PROT_READ, read_only);
}

/* No VMA at all: nothing to fault in, the copy stops at once. */
static const char *no_vma(struct mm_struct *mm, uint32_t a)
{
	char buf[8];

	CHECK(do_munmap(mm, a, 2 * PAGE_SIZE) == 0, "munmap failed");
	CHECK(__copy_from_user(buf, (void *)a, sizeof(buf)) == sizeof(buf) &&
	      __copy_to_user((void *)a, buf, sizeof(buf)) == sizeof(buf),
	      "a copy at an address nothing maps moved bytes");
	CHECK(copy_from_user(buf, (void *)a, sizeof(buf)) == -EFAULT,
	      "copy_from_user there did not fail with EFAULT");
	return NULL;
}

static const char *test_no_vma(void)
{
	return in_mm(PROT_READ | PROT_WRITE, no_vma);
}

static const struct {
	const char *name;
	const char *(*fn)(void);
} tests[] = {
	{ .name = "uaccess/demand_fault", .fn = test_demand_fault },
	{ .name = "uaccess/unmapped", .fn = test_unmapped },
	{ .name = "uaccess/read_only", .fn = test_read_only },
	{ .name = "uaccess/no_vma", .fn = test_no_vma },
	{ .name = "uaccess/irqs_off", .fn = test_irqs_off },
};

/*
 * A copy's fault is resolved only where the kernel may sleep: with
 * interrupts on, as in a system call.  The boot runs with them off.
 */
void uaccess_selftest(void)
{
	sti();
	for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		const char *failure = tests[i].fn();

		ktest_report(tests[i].name, failure);
	}
	cli();
}
