#include "kernel/ktest.h"
#include "drivers/blkdev.h"
#include "kernel/lockdep.h"
#include "fs/fs.h"
#include "ipc/shm.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "mm/kmalloc.h"
#include "mm/kstack.h"
#include "mm/pgtable.h"
#include "mm/swap.h"
#include "mm/uaccess.h"

#define PG_TEST	0x8000	/* "already handed out" mark for the allocator test */

extern char _end[];

/* Where a free frame must not be: outside RAM, under the kernel's end, in mem_map. */
static const char *bad_frame(struct page *pg)
{
	uint32_t pa = page_to_phys(pg);
	uint32_t map_lo = V2P(mem_map), map_hi = V2P(mem_map + max_pfn);

	if (!phys_is_ram(pa))
		return "a frame outside the memory map's RAM";
	if (pa < V2P(_end))
		return "a frame below the end of the kernel image";
	if (pa + PAGE_SIZE > map_lo && pa < map_hi)
		return "a frame inside mem_map";
	return NULL;
}

static int passed, failed;

void ktest_report(const char *name, const char *failure)
{
	if (failure) {
		printk("ktest: %s ... FAIL (%s)\n", name, failure);
		failed++;
	} else {
		printk("ktest: %s ... ok\n", name);
		passed++;
	}
}

/*
 * Hand out every free frame once: no frame twice, all of them back after.
 * User allocations stop at the reserve (min_free_kbytes); only the kernel's
 * take the rest.
 */
static const char *test_page_alloc(void)
{
	uint32_t before = nr_free_pages(), n = 0, high = 0, reserve = 0;
	struct page *list = NULL, *pg;
	const char *err = NULL;
	int gfp = GFP_HIGHUSER | __GFP_NORETRY;

	for (;;) {
		if (!(pg = alloc_page(gfp)) && gfp != GFP_KERNEL) {
			/* The user's part is gone: the reserve is what is left. */
			reserve = nr_free_pages();
			if ((pg = alloc_page(GFP_USER | __GFP_NORETRY)))
				err = "GFP_USER took a frame of the reserve";
			else
				pg = alloc_page(gfp = GFP_KERNEL);
		}
		if (!pg)
			break;
		if (pg->flags & PG_TEST)
			err = "a frame was handed out twice";
		if (pg->count != 1 || (pg->flags & PG_RESERVED))
			err = "a fresh frame has a bad count or is reserved";
		if (bad_frame(pg))
			err = bad_frame(pg);
		pg->flags |= PG_TEST;
		high += !!(pg->flags & PG_HIGHMEM);
		pg->next = list;
		list = pg;
		n++;
	}
	if (n != before || nr_free_pages() != 0)
		err = "the count of frames handed out is not the free count";
	if (reserve != (uint32_t)min_free_kbytes / (PAGE_SIZE / 1024))
		err = "user allocations did not stop at the reserve";
	if (list) {
		get_page(list);
		if (list->count != 2)
			err = "get_page did not count";
		put_page(list);
		if (list->count != 1 || nr_free_pages() != 0)
			err = "put_page freed a frame still in use";
	}
	while ((pg = list)) {
		list = pg->next;
		pg->flags &= ~PG_TEST;
		put_page(pg);
	}
	if (nr_free_pages() != before)
		err = "not every frame came back";
	printk("ktest:   %u frames handed out once each (%u highmem, %u reserved for the kernel)\n",
	       n, high, reserve);
	return err;
}

static const char *test_kmalloc(void)
{
	static void *ptr[600];
	uint32_t before = nr_free_pages();
	const char *err = NULL;

	for (int i = 0; i < 600; i++) {
		size_t size = 1 + (i * 37) % 2048;
		if (!(ptr[i] = kmalloc(size)))
			return "kmalloc returned NULL";
		memset(ptr[i], i & 0xFF, size);
	}
	for (int i = 0; i < 600; i++) {
		size_t size = 1 + (i * 37) % 2048;
		for (size_t b = 0; b < size; b++)
			if (((unsigned char *)ptr[i])[b] != (i & 0xFF))
				err = "objects overlap";
	}
	for (int i = 0; i < 600; i += 2)
		kfree(ptr[i]);
	for (int i = 1; i < 600; i += 2)
		kfree(ptr[i]);
	if (kmalloc(4096))
		err = "kmalloc of a whole page should fail";
	if (nr_free_pages() != before)
		err = "pages not returned after kfree";
	return err;
}

static const char *test_pgtable(void)
{
	uint32_t before = nr_free_pages();
	pde_t *pgd = pgd_alloc();
	struct page *pg = alloc_page(GFP_HIGHUSER);
	const char *err = NULL;
	pte_t *pte;

	if (!pgd || !pg)
		return "out of memory";
	if (pte_walk(pgd, 0x08048000, 0))
		err = "walk found a table that does not exist";
	map_page(pgd, 0x08048000, pg, PTE_U | PTE_W);
	pte = pte_walk(pgd, 0x08048000, 0);
	if (!pte || (*pte & PAGE_MASK) != page_to_phys(pg) ||
	    (*pte & PTE_FLAGS) != (PTE_P | PTE_U | PTE_W))
		err = "walk does not give the mapped frame and flags";
	if (pgd[PDX(KERNEL_BASE)] != swapper_pg_dir[PDX(KERNEL_BASE)])
		err = "the kernel half is not shared";
	unmap_range(pgd, 0x08048000, 0x08049000);
	if (*pte != 0)
		err = "unmap left the PTE";
	pgd_free(pgd);
	if (nr_free_pages() != before)
		err = "unmap/pgd_free did not free the frame and tables";
	return err;
}

/*
 * A kernel stack: mapped above a guard that is not, seen through any page
 * directory, usable from end to end, and all its frames back when freed.
 */
static const char *test_kstack(void)
{
	uint32_t before = nr_free_pages();
	int slot = KSTACK_SLOTS - 1;	/* no task has it before init */
	char *stack = alloc_thread_stack(slot);
	pde_t *pgd = pgd_alloc();
	const char *err = NULL;
	pte_t *pte;

	if (!stack || !pgd)
		return "out of memory";
	if ((uint32_t)stack + THREAD_SIZE != KSTACK_BASE + KSTACK_SLOTS * KSTACK_SLOT)
		err = "the last slot's stack is not at the end of the area";
	if (pgd[PDX(KSTACK_BASE)] != swapper_pg_dir[PDX(KSTACK_BASE)])
		err = "the kernel stack area is not shared";
	for (uint32_t off = 0; off < THREAD_SIZE; off += PAGE_SIZE) {
		if (!(*pte_walk(pgd, (uint32_t)stack + off, 0) & PTE_P))
			err = "a stack page is not mapped";
		if (*pte_walk(pgd, (uint32_t)stack - THREAD_SIZE + off, 0) & PTE_P)
			err = "a guard page is mapped";
		if (!kstack_guard((uint32_t)stack - THREAD_SIZE + off) ||
		    kstack_guard((uint32_t)stack + off))
			err = "kstack_guard is wrong";
	}
	memset(stack, 0x5a, THREAD_SIZE);
	pte = pte_walk(pgd, (uint32_t)stack, 0);
	free_thread_stack(slot);
	if (*pte & PTE_P)
		err = "free left a stack page mapped";
	pgd_free(pgd);
	if (nr_free_pages() != before)
		err = "the stack's frames did not all come back";
	return err;
}

static const char *expect(const char *fmt_result, const char *want)
{
	return strcmp(fmt_result, want) ? want : NULL;
}

static const char *test_printk(void)
{
	static char buf[160], why[200];
	const char *bad;

	snprintf(buf, sizeof(buf), "%d|%5d|%-5d|%05d|%x|%X|%08x|%u|%s|%.3s|%c|%%|%lld|%llu",
		 -42, 42, 42, -42, 0xbeef, 0xbeef, 0x1234, 4294967295u, "str",
		 "abcdef", 'z', -9000000000ll, 18446744073709551615ull);
	bad = expect(buf, "-42|   42|42   |-0042|beef|BEEF|00001234|4294967295|str|abc|z|%|-9000000000|18446744073709551615");
	if (!bad) {
		snprintf(buf, sizeof(buf), "%p|%s|%8s|", (void *)0xc0100000, (char *)0, "r");
		bad = expect(buf, "0xc0100000|(null)|       r|");
	}
	if (!bad && snprintf(buf, 4, "abcdef") != 6)
		bad = "snprintf returns the full length";
	if (!bad && strcmp(buf, "abc"))
		bad = "snprintf truncates";
	if (!bad)
		return NULL;
	snprintf(why, sizeof(why), "got \"%s\" want \"%s\"", buf, bad);
	return why;
}

/* ktest=oops: a deliberate kernel fault, to see the oops and its backtrace. */
__attribute__((noinline)) static void ktest_oops(void)
{
	printk("ktest: oops: writing to an unmapped address from the kernel\n");
	volatile int *bad = (volatile int *)0x00000010;

	asm volatile("" : "+r"(bad));	/* hide the constant from the compiler */
	*bad = 1;
}

/*
 * ktest=stackoverflow: run off the bottom of the kernel stack, as a runaway
 * recursion would.  The push into the guard page must end in an oops that
 * says so and names the task (kernel/doublefault.c), not a triple fault.
 */
__attribute__((noinline)) static void ktest_stack_overflow(void)
{
	printk("ktest: stackoverflow: pushing until the kernel stack runs out\n");
	asm volatile("1:\tpushl $0\n\tjmp 1b" : : : "memory");
}

static void run(const char *only, const char *name, const char *(*fn)(void))
{
	if (!only || !strcmp(only, name))
		ktest_report(name, fn());
}

int ktest_run(const char *only)
{
	if (only && !strcmp(only, "oops"))
		ktest_oops();
	if (only && !strcmp(only, "stackoverflow"))
		ktest_stack_overflow();
	run(only, "page_alloc", test_page_alloc);
	run(only, "kmalloc", test_kmalloc);
	run(only, "pgtable", test_pgtable);
	run(only, "kstack", test_kstack);
	run(only, "printk", test_printk);
	/* These report each case through ktest_report, which keeps the counts. */
	if (!only || !strncmp(only, "fs", 2))
		fs_selftest();
	if (!only || !strncmp(only, "shm", 3))
		shm_selftest();
	if (!only || !strncmp(only, "uaccess", 7))
		uaccess_selftest();
	/* Only when asked: it needs a disk (tests/run's ktest/disk gives one). */
	if (only && !strncmp(only, "blk", 3))
		blk_selftest();
	/* Only when asked: it needs a swap area (tests/run's ktest/swap). */
	if (only && !strncmp(only, "swap", 4))
		swap_selftest();
	if (!only || !strncmp(only, "smp", 3))
		smp_selftest();
	if (!only || !strncmp(only, "lockdep", 7))
		lockdep_selftest();
	printk("ktest: %d passed, %d failed\n", passed, failed);
	return failed;
}
