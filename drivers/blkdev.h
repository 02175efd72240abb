/*
 * Block devices (drivers/blkdev.c): a disk is an array of 512-byte sectors
 * that a driver moves to and from memory, one request at a time, from a
 * queue.  The names are Linux 2.2's (include/linux/blkdev.h, ll_rw_blk.c):
 *
 *   submit_request   a caller puts a request at the queue's tail; if the
 *                    disk was idle, the driver's request_fn starts it
 *   request_fn       the driver programs the disk for the queue's head
 *   end_request      the driver, from its interrupt, says the head is done:
 *                    it leaves the queue, its sleeper wakes, the next starts
 *   wait_on_request  sleep until the driver has ended a request
 *   blk_rw           submit and wait: what the swap code calls
 *   blk_rw_pages     the same for several pages at once (a vector request)
 *   blk_piece        how many sectors the driver may move at buffer at once
 *   blk_advance      the driver moved them: the request moves on
 *
 * The queue is shared with the interrupt handler: blk_lock guards it (taken
 * with interrupts off in tasks, docs/concurrency.md).  A request lives in
 * its caller's stack frame; the caller sleeps until `done`, uninterruptibly
 * (a signal cannot take the memory away from a transfer under way).
 */
#ifndef DRIVERS_BLKDEV_H
#define DRIVERS_BLKDEV_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/spinlock.h"

#define SECTOR_SIZE	512
#define SECTOR_SHIFT	9

#define MAX_SECTORS	256	/* in one request: one ATA command's most */
#define PAGE_SECTORS	8	/* a 4 KiB page */
#define MAX_PAGE_BUFS	32	/* pages in one vector request (blk_rw_pages) */

#define READ		0
#define WRITE		1

struct request {
	int cmd;		/* READ or WRITE */
	uint32_t sector;	/* the next sector to move */
	uint32_t nr_sectors;	/* sectors left to move */
	char *buffer;		/* where the next sector goes or comes from */
	/* A vector request's pages, whose sectors follow one another on the
	 * disk (swap's clusters): buffer moves from the end of one to the next. */
	char *pages[MAX_PAGE_BUFS];
	uint32_t nr_pages;	/* 0: one buffer, buffer */
	uint32_t page;		/* the page buffer is in */
	int errors;		/* the disk reported an error: the data is bad */
	int done;		/* end_request ran: the caller may look */
	struct request *next;	/* the queue, in arrival order */
};

/*
 * What /proc/diskstats shows of a disk (Linux's struct disk_stats and the
 * in_flight count), blk_lock's: requests ended and their sectors, by
 * READ and WRITE, and the milliseconds each took from its submit to its
 * end; the requests queued now; the jiffies during which any was (io_ticks)
 * and the sum over time of how many were (time_in_queue), both brought up
 * to date at stamp, the last change of in_flight.
 */
struct disk_stats {
	uint32_t ios[2], sectors[2], ticks[2];
	uint32_t in_flight;
	uint64_t io_ticks, time_in_queue, stamp;
};

struct blk_dev {
	const char *name;	/* "hda", as in /proc/diskstats */
	uint32_t rdev;		/* its device number, MKDEV(3, 0) for hda */
	uint32_t capacity;	/* in sectors */
	void (*request_fn)(struct blk_dev *dev);	/* start the head */
	struct request *queue;	/* the head is the one the disk works on */
	struct disk_stats stats;
};

extern spinlock_t blk_lock;

void blk_register(struct blk_dev *dev);
struct blk_dev *blkdev_get(uint32_t rdev);	/* NULL: no such disk */
void submit_request(struct blk_dev *dev, struct request *rq);
void end_request(struct blk_dev *dev, int uptodate);
void wait_on_request(struct request *rq);
int blk_busy(void);		/* a request under way on some disk */
int blk_selftest(void);		/* ktest=blk (drivers/ktest_blk.c) */
int blk_rw(struct blk_dev *dev, int cmd, uint32_t sector, void *buf,
	   uint32_t nr_sectors);
int blk_rw_pages(struct blk_dev *dev, int cmd, uint32_t sector,
		 char *const *pages, uint32_t nr_pages);
void blk_advance(struct request *rq, uint32_t n);
/* /proc/diskstats: the disks, then the loop devices (loop_diskstats_show) */
struct seq_file;
void proc_diskstats_show(struct seq_file *m, const void *arg);
void diskstats_show_line(struct seq_file *m, uint32_t rdev, const char *name,
			 const struct disk_stats *st);
uint32_t blk_piece(const struct request *rq);	/* sectors movable at buffer */

#endif
