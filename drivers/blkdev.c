/*
 * The block layer: each disk's request queue, between the callers who want
 * sectors moved and the driver that moves them (drivers/blkdev.h).  Linux
 * 2.2's ll_rw_blk.c, without merging or sorting: a request is queued in
 * arrival order, and the disk works on the head.
 *
 * A task submits and sleeps; the disk's interrupt ends the head request,
 * wakes its task and starts the next.  So the disk is busy while the task
 * that asked, and every other, does something else.
 */
#include "drivers/blkdev.h"
#include "drivers/loop.h"
#include "fs/fs.h"
#include "fs/proc.h"
#include "kernel/errno.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/swap.h"

DEFINE_SPINLOCK(blk_lock);

#define MAX_BLKDEV	4
static struct blk_dev *blk_devs[MAX_BLKDEV];

/* A driver that found its disk makes it known (ata_init). */
void blk_register(struct blk_dev *dev)
{
	for (int i = 0; i < MAX_BLKDEV; i++) {
		if (!blk_devs[i]) {
			blk_devs[i] = dev;
			return;
		}
	}
}

struct blk_dev *blkdev_get(uint32_t rdev)
{
	for (int i = 0; i < MAX_BLKDEV; i++)
		if (blk_devs[i] && blk_devs[i]->rdev == rdev)
			return blk_devs[i];
	return NULL;
}

/*
 * in_flight is about to change (blk_lock held): the time since the last
 * change counts in io_ticks if a request was in flight, and in
 * time_in_queue once per request (Linux's update_io_ticks and the
 * in-flight sums it replaced).
 */
static void account_in_flight(struct disk_stats *st)
{
	uint64_t now = get_jiffies_64();

	if (st->in_flight) {
		st->io_ticks += now - st->stamp;
		st->time_in_queue += (now - st->stamp) * st->in_flight;
	}
	st->stamp = now;
}

/*
 * rq goes at the tail of dev's queue; if the queue was empty the disk is
 * idle, and the driver starts rq at once.  Otherwise the interrupt that
 * ends the request before it starts it.
 */
void submit_request(struct blk_dev *dev, struct request *rq)
{
	struct request **p;
	uint32_t flags;

	rq->next = NULL;
	rq->done = rq->errors = 0;
	spin_lock_irqsave(&blk_lock, flags);
	account_in_flight(&dev->stats);
	dev->stats.in_flight++;
	for (p = &dev->queue; *p; p = &(*p)->next)
		;
	*p = rq;
	if (dev->queue == rq)
		dev->request_fn(dev);
	spin_unlock_irqrestore(&blk_lock, flags);
}

/*
 * The driver is done with the head request (uptodate: without error), from
 * its interrupt handler, blk_lock held: it leaves the queue, its task wakes,
 * and the disk goes on to the next.
 *
 * The woken task runs as soon as the interrupt returns (need_resched), as
 * Linux's wake_up runs a woken task ahead of one that has had the CPU
 * (reschedule_idle): else a task that computes in user mode, and never
 * sleeps, would keep the CPU for the rest of its slice after each of the
 * other's disk requests, and a task paging in would move one page a slice
 * (prog/swap_copy once took minutes so, beside a process writing its memory).
 */
void end_request(struct blk_dev *dev, int uptodate)
{
	struct request *rq = dev->queue;

	dev->queue = rq->next;
	account_in_flight(&dev->stats);
	dev->stats.in_flight--;
	rq->errors = !uptodate;
	rq->done = 1;
	wakeup(rq);
	spin_lock(&sched_lock);
	need_resched = 1;
	spin_unlock(&sched_lock);
	if (dev->queue)
		dev->request_fn(dev);
}

/*
 * Whether a disk has a request under way.  The idle loop of a one-CPU
 * machine polls instead of halting while one has (as Linux's haltpoll does
 * in a virtual machine; kernel/sched.c says why not with several CPUs):
 * the task that waits for it runs as soon as the interrupt comes, not
 * after the host has woken a halted CPU, and under QEMU's -icount a halt
 * lets the virtual clock jump to the next timer tick, 10 ms a request.
 * Reading the queue heads without blk_lock: a stale answer costs one
 * round of the idle loop.
 */
int blk_busy(void)
{
	for (int i = 0; i < MAX_BLKDEV; i++)
		if (blk_devs[i] && blk_devs[i]->queue)
			return 1;
	return 0;
}

/*
 * Sleeps until the disk is done with rq, whatever signals come: the disk
 * may be writing into memory the caller owns (Linux's wait_on_buffer).
 * Each round lets go of blk_lock, and so turns interrupts on, before it
 * tests again: the boot thread (ktest=blk) is the idle task, whose sleep
 * returns at once since nothing else can run; it waits for the disk's
 * interrupt in this loop instead.
 */
void wait_on_request(struct request *rq)
{
	uint32_t flags;
	int done;

	do {
		spin_lock_irqsave(&blk_lock, flags);
		done = rq->done;
		if (!done)
			sleep_on_uninterruptible(rq, &blk_lock);
		spin_unlock_irqrestore(&blk_lock, flags);
	} while (!done);
}

/*
 * The sectors the driver may move at buffer in one piece (blk_lock held):
 * to the end of buffer's page in a vector request, whose next page is
 * elsewhere in memory; all that are left in a request of one buffer.
 */
uint32_t blk_piece(const struct request *rq)
{
	uint32_t left;

	if (!rq->nr_pages)
		return rq->nr_sectors;
	left = (rq->pages[rq->page] + PAGE_SECTORS * SECTOR_SIZE - rq->buffer) / SECTOR_SIZE;
	return left < rq->nr_sectors ? left : rq->nr_sectors;
}

/*
 * n sectors of rq have moved (the driver, blk_lock held; n no more than
 * blk_piece): the request moves on, and in a vector request from the end
 * of one page to the next.
 */
void blk_advance(struct request *rq, uint32_t n)
{
	rq->buffer += n * SECTOR_SIZE;
	rq->sector += n;
	rq->nr_sectors -= n;
	if (rq->nr_pages && rq->buffer == rq->pages[rq->page] + PAGE_SECTORS * SECTOR_SIZE &&
	    ++rq->page < rq->nr_pages)
		rq->buffer = rq->pages[rq->page];
}

/*
 * Submits rq, filled in, and sleeps until it is done: 0 or -EIO.  A
 * request that went well counts in the disk's stats (Linux's
 * blk_account_io_done: one I/O, its sectors, its time).
 */
static int blk_submit_wait(struct blk_dev *dev, struct request *rq)
{
	uint32_t nr_sectors = rq->nr_sectors, flags;
	uint64_t start = get_jiffies_64();

	if (rq->sector >= dev->capacity || nr_sectors > dev->capacity - rq->sector)
		return -EIO;
	submit_request(dev, rq);
	wait_on_request(rq);
	count_vm_events(rq->cmd == READ ? PGPGIN : PGPGOUT, nr_sectors / 2);
	if (rq->errors)
		return -EIO;
	spin_lock_irqsave(&blk_lock, flags);
	dev->stats.ios[rq->cmd]++;
	dev->stats.sectors[rq->cmd] += nr_sectors;
	dev->stats.ticks[rq->cmd] += (get_jiffies_64() - start) * (1000 / HZ);
	spin_unlock_irqrestore(&blk_lock, flags);
	return 0;
}

/*
 * A line of /proc/diskstats, Linux 6.x's 20 fields (Documentation/
 * admin-guide/iostats.rst): the device, then reads, reads merged (shmos
 * merges none), sectors read, ms reading, the same four for writes, I/Os
 * in flight, ms with I/O in flight, ms weighted by how many, then the
 * discards' four and the flushes' two, which shmos never issues.
 */
void diskstats_show_line(struct seq_file *m, uint32_t rdev, const char *name,
			 const struct disk_stats *st)
{
	uint64_t since = get_jiffies_64() - st->stamp;
	uint64_t io_ticks = st->io_ticks + (st->in_flight ? since : 0);
	uint64_t in_queue = st->time_in_queue + since * st->in_flight;

	seq_printf(m, "%4u %7u %s %u 0 %u %u %u 0 %u %u %u %u %u 0 0 0 0 0 0\n",
		   MAJOR(rdev), MINOR(rdev), name, st->ios[READ], st->sectors[READ],
		   st->ticks[READ], st->ios[WRITE], st->sectors[WRITE], st->ticks[WRITE],
		   st->in_flight, (uint32_t)(io_ticks * (1000 / HZ)),
		   (uint32_t)(in_queue * (1000 / HZ)));
}

/* The disks a driver found, then the loop devices (drivers/loop.c). */
void proc_diskstats_show(struct seq_file *m, const void *arg)
{
	for (int i = 0; i < MAX_BLKDEV; i++) {
		struct disk_stats st;
		uint32_t flags;

		if (!blk_devs[i])
			continue;
		spin_lock_irqsave(&blk_lock, flags);
		st = blk_devs[i]->stats;
		spin_unlock_irqrestore(&blk_lock, flags);
		diskstats_show_line(m, blk_devs[i]->rdev, blk_devs[i]->name, &st);
	}
	loop_diskstats_show(m);
}

/*
 * Moves nr_sectors sectors from sector on between the disk and buf (a
 * kernel address), sleeping until they are moved: 0, -EINVAL for no
 * sectors or too many, or -EIO if the disk failed or the range is not on
 * it.  One request, one disk command: at most MAX_SECTORS.
 */
int blk_rw(struct blk_dev *dev, int cmd, uint32_t sector, void *buf,
	   uint32_t nr_sectors)
{
	struct request rq = {
		.cmd = cmd,
		.sector = sector,
		.nr_sectors = nr_sectors,
		.buffer = buf,
	};

	if (nr_sectors == 0 || nr_sectors > MAX_SECTORS)
		return -EINVAL;
	return blk_submit_wait(dev, &rq);
}

/*
 * The same for nr_pages pages (kernel addresses, anywhere in memory) whose
 * sectors follow one another on the disk from sector on: one request, one
 * disk command, for a cluster of swap slots (mm/swapfile.c).
 */
int blk_rw_pages(struct blk_dev *dev, int cmd, uint32_t sector,
		 char *const *pages, uint32_t nr_pages)
{
	struct request rq = {
		.cmd = cmd,
		.sector = sector,
		.nr_sectors = nr_pages * PAGE_SECTORS,
		.buffer = pages[0],
		.nr_pages = nr_pages,
	};

	if (nr_pages == 0 || nr_pages > MAX_PAGE_BUFS)
		return -EINVAL;
	for (uint32_t i = 0; i < nr_pages; i++)
		rq.pages[i] = pages[i];
	return blk_submit_wait(dev, &rq);
}
