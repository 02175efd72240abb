/*
 * In-kernel tests of the disk (`ktest=blk`, booted by tests/run's ktest/disk
 * with a disk image the host filled): reads see what the host wrote, writes
 * read back and land where they should (the host then checks the image
 * file), requests of several blocks move whole, several requests queue and
 * end in order, and bad ranges fail.
 *
 * The pattern: word i of sector s holds host_word(s, i); the kernel writes
 * its complement.  tests/run writes and checks the same formula.
 */
#include "drivers/blkdev.h"
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/x86.h"
#include "mm/page.h"

#define CHECK(cond, why)	do { if (!(cond)) return why; } while (0)
#define WORDS		(SECTOR_SIZE / 4)
#define WRITTEN		16	/* the first sector the kernel writes: 16-23 */
#define LONG_WRITE	24	/* then 24-44, in blocks and a rest */
#define LONG_SECTORS	21

static uint32_t host_word(uint32_t s, uint32_t i)
{
	return s * 0x01000193u ^ i;
}

/* Do the sectors in buf from `first` on hold the host's pattern (or, with
 * flip, its complement)? */
static int holds(const uint32_t *buf, uint32_t first, uint32_t n, int flip)
{
	for (uint32_t s = 0; s < n; s++)
		for (uint32_t i = 0; i < WORDS; i++)
			if (buf[s * WORDS + i] !=
			    (flip ? ~host_word(first + s, i) : host_word(first + s, i)))
				return 0;
	return 1;
}

static struct blk_dev *hda(void)
{
	return blkdev_get(MKDEV(3, 0));
}

static const char *test_read(uint32_t *buf)
{
	CHECK(blk_rw(hda(), READ, 0, buf, 8) == 0, "read of sectors 0-7 failed");
	CHECK(holds(buf, 0, 8, 0), "sectors 0-7 are not what the host wrote");
	CHECK(blk_rw(hda(), READ, 100, buf, 3) == 0, "read of 100-102 failed");
	CHECK(holds(buf, 100, 3, 0), "sectors 100-102 are not the host's");
	return NULL;
}

static const char *test_write(uint32_t *buf)
{
	for (uint32_t s = 0; s < 8; s++)
		for (uint32_t i = 0; i < WORDS; i++)
			buf[s * WORDS + i] = ~host_word(WRITTEN + s, i);
	CHECK(blk_rw(hda(), WRITE, WRITTEN, buf, 8) == 0, "write failed");
	CHECK(blk_rw(hda(), READ, WRITTEN - 4, buf, 8) == 0, "read back failed");
	CHECK(holds(buf, WRITTEN - 4, 4, 0), "the write spilt before its start");
	CHECK(holds(buf + 4 * WORDS, WRITTEN, 4, 1), "the write did not land");
	CHECK(blk_rw(hda(), READ, WRITTEN + 4, buf, 8) == 0, "read back failed");
	CHECK(holds(buf, WRITTEN + 4, 4, 1), "the write's end did not land");
	CHECK(holds(buf + 4 * WORDS, WRITTEN + 8, 4, 0), "the write spilt past its end");
	return NULL;
}

/* Three requests in the queue at once: the disk's interrupt starts each
 * next one; each ends with its own data. */
static const char *test_queue(uint32_t *buf)
{
	struct request rq[3];

	for (int k = 0; k < 3; k++) {
		rq[k] = (struct request){
			.cmd = READ,
			.sector = 200 + 50 * k,
			.nr_sectors = 2,
			.buffer = (char *)(buf + 2 * k * WORDS),
		};
		submit_request(hda(), &rq[k]);
	}
	CHECK(hda()->queue == &rq[0] || rq[0].done, "the queue lost its head");
	for (int k = 0; k < 3; k++)
		wait_on_request(&rq[k]);
	set_task_state(current, TASK_RUNNING);	/* the boot thread slept */
	CHECK(hda()->queue == NULL, "requests left in the queue");
	for (int k = 0; k < 3; k++)
		CHECK(!rq[k].errors && holds(buf + 2 * k * WORDS, 200 + 50 * k, 2, 0),
		      "a queued read has the wrong data");
	return NULL;
}

/*
 * Requests longer than the disk's block (multiple mode: 8 sectors an
 * interrupt under QEMU), with a partial last block: 37 sectors read, 21
 * written and read back.  In a buffer of its own: buf is one page.
 */
static const char *test_blocks(uint32_t *buf)
{
	static uint32_t big[37 * WORDS];

	(void)buf;
	CHECK(blk_rw(hda(), READ, 400, big, 37) == 0, "read of 400-436 failed");
	CHECK(holds(big, 400, 37, 0), "sectors 400-436 are not the host's");
	for (uint32_t s = 0; s < LONG_SECTORS; s++)
		for (uint32_t i = 0; i < WORDS; i++)
			big[s * WORDS + i] = ~host_word(LONG_WRITE + s, i);
	CHECK(blk_rw(hda(), WRITE, LONG_WRITE, big, LONG_SECTORS) == 0,
	      "write of 21 sectors failed");
	memset(big, 0, sizeof(big));
	CHECK(blk_rw(hda(), READ, LONG_WRITE - 1, big, LONG_SECTORS + 2) == 0,
	      "read back failed");
	CHECK(holds(big, LONG_WRITE - 1, 1, 1) &&
	      holds(big + WORDS, LONG_WRITE, LONG_SECTORS, 1) &&
	      holds(big + (LONG_SECTORS + 1) * WORDS, LONG_WRITE + LONG_SECTORS, 1, 0),
	      "the long write did not land, or spilt past its end");
	return NULL;
}

static const char *test_range(uint32_t *buf)
{
	uint32_t cap = hda()->capacity;

	CHECK(blk_rw(hda(), READ, cap, buf, 1) == -EIO, "a read past the end");
	CHECK(blk_rw(hda(), READ, cap - 1, buf, 2) == -EIO, "a read across the end");
	CHECK(blk_rw(hda(), READ, 0, buf, 0) == -EINVAL, "a read of nothing");
	CHECK(blk_rw(hda(), READ, cap - 1, buf, 1) == 0, "the last sector");
	return NULL;
}

int blk_selftest(void)
{
	static const struct {
		const char *name;
		const char *(*fn)(uint32_t *buf);
	} cases[] = {
		{ .name = "blk_read", .fn = test_read },
		{ .name = "blk_write", .fn = test_write },
		{ .name = "blk_queue", .fn = test_queue },
		{ .name = "blk_blocks", .fn = test_blocks },
		{ .name = "blk_range", .fn = test_range },
	};
	uint32_t *buf = get_free_page(), before = nr_free_pages();
	uint32_t flags = local_irq_save();
	int failed = 0;

	sti();		/* the boot runs with interrupts off; the disk needs them */
	for (unsigned k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const char *why = !buf ? "out of memory" :
				  !hda() ? "no disk (hda)" : cases[k].fn(buf);

		ktest_report(cases[k].name, why);
		failed += why != NULL;
	}
	ktest_report("blk_pages", nr_free_pages() == before ? NULL :
		     "pages were lost");
	if (buf)
		free_kpage(buf);
	local_irq_restore(flags);
	return failed;
}
