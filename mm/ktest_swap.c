/*
 * In-kernel tests of the swap area (`ktest=swap`, booted by tests/run's
 * ktest/swap with `swap=/dev/hda` and a 1 MiB disk that the host's mkswap
 * made, whose header the host then marked with one bad page, BAD_PAGE):
 * the boot option swapped it on; slots are handed out in order, never the
 * header's or the bad one, until the area is full; users count up and down;
 * a page written to a slot reads back; and every slot and page comes back.
 */
#include "mm/swap.h"
#include "drivers/blkdev.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/x86.h"

#define CHECK(cond, why)	do { if (!(cond)) return why; } while (0)
#define AREA_PAGES	256	/* 1 MiB: slots 0 (the header) to 255 */
#define BAD_PAGE	5

static swp_entry_t slots[AREA_PAGES];

static const char *test_swapon(void)
{
	struct swap_info_struct *si = &swap_info[0];

	CHECK(si->flags & SWP_WRITEOK, "swap=/dev/hda did not swap on");
	CHECK(si->max == AREA_PAGES, "the area's size is not last_page + 1");
	CHECK(si->pages == AREA_PAGES - 2, "usable slots: not all but 0 and the bad");
	CHECK(total_swap_pages == si->pages && nr_swap_pages == si->pages,
	      "SwapTotal and SwapFree are not the area's slots");
	CHECK(si->prio == -2, "the first area's priority is not -2");
	return NULL;
}

/* Every usable slot, in order, then none; all back, and the map is empty. */
static const char *test_alloc(void)
{
	uint32_t n = 0, want = 1;
	swp_entry_t e;

	while ((e = get_swap_page()).val) {
		if (want == BAD_PAGE)
			want++;
		CHECK(swp_type(e) == 0 && swp_offset(e) == want, "slots out of order");
		CHECK(swap_count(e) == 1, "a new slot has not one user");
		slots[n++] = e;
		want++;
	}
	CHECK(n == AREA_PAGES - 2, "not every usable slot was handed out");
	CHECK(nr_swap_pages == 0, "SwapFree is not 0 when full");
	swap_free(slots[10]);
	e = get_swap_page();
	CHECK(e.val == slots[10].val, "a freed slot is not handed out again");
	for (uint32_t i = 0; i < n; i++)
		swap_free(slots[i]);
	CHECK(nr_swap_pages == AREA_PAGES - 2 && swap_info[0].inuse_pages == 0,
	      "slots were not freed");
	return NULL;
}

static const char *test_count(void)
{
	swp_entry_t e = get_swap_page();

	CHECK(e.val, "no slot");
	CHECK(swap_duplicate(e) == 0 && swap_count(e) == 2, "duplicate");
	swap_free(e);
	CHECK(swap_count(e) == 1 && nr_swap_pages == AREA_PAGES - 3,
	      "the slot went free with a user left");
	swap_free(e);
	CHECK(swap_count(e) == 0 && nr_swap_pages == AREA_PAGES - 2,
	      "the last user's free did not free it");
	CHECK(swap_duplicate(e) == -EINVAL, "a free slot was duplicated");
	CHECK(swap_duplicate(swp_entry(0, AREA_PAGES)) == -EINVAL,
	      "a slot past the end was duplicated");
	return NULL;
}

/* A page out to a slot and back; pswpout and pswpin count them. */
static const char *test_rw(void)
{
	char *out = get_free_page(), *in = get_free_page();
	uint32_t o = vm_events[PSWPOUT], i = vm_events[PSWPIN];
	swp_entry_t e = get_swap_page();
	const char *why = NULL;

	if (!out || !in || !e.val)
		why = "out of memory or slots";
	for (int k = 0; !why && k < PAGE_SIZE; k++)
		out[k] = k * 7 + 3;
	if (!why && rw_swap_page(WRITE, e, out))
		why = "the write failed";
	if (!why && rw_swap_page(READ, e, in))
		why = "the read failed";
	if (!why && memcmp(out, in, PAGE_SIZE))
		why = "the page came back different";
	if (!why && (vm_events[PSWPOUT] != o + 1 || vm_events[PSWPIN] != i + 1))
		why = "pswpout and pswpin did not count one each";
	if (e.val)
		swap_free(e);
	if (out)
		free_kpage(out);
	if (in)
		free_kpage(in);
	return why;
}

int swap_selftest(void)
{
	static const struct {
		const char *name;
		const char *(*fn)(void);
	} cases[] = {
		{ .name = "swap_swapon", .fn = test_swapon },
		{ .name = "swap_alloc", .fn = test_alloc },
		{ .name = "swap_count", .fn = test_count },
		{ .name = "swap_rw", .fn = test_rw },
	};
	uint32_t before = nr_free_pages(), flags = local_irq_save();
	int failed = 0, on = swap_info[0].flags & SWP_WRITEOK;

	sti();		/* the boot runs with interrupts off; the disk needs them */
	for (unsigned k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const char *why = k && !on ? "no swap area" : cases[k].fn();

		ktest_report(cases[k].name, why);
		failed += why != NULL;
	}
	local_irq_restore(flags);
	ktest_report("swap_pages", nr_free_pages() == before ? NULL :
		     "pages were lost");
	return failed;
}
