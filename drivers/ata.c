/*
 * The first disk of the primary IDE channel, hda (QEMU's `-drive
 * file=IMG,format=raw,if=ide`), driven by ATA PIO: the CPU moves each
 * sector through the data port, 256 16-bit words, and the disk raises IRQ
 * 14 when a block of sectors is ready to read, or has been written.
 * OSDev's "ATA PIO Mode" page and Linux 2.2's hd.c and ide-disk.c tell the
 * protocol; docs/swap.md says why ATA and not virtio-blk.
 *
 * One command moves a request, up to 256 sectors (blk_rw's MAX_SECTORS), by
 * LBA28: sectors below 2^28, 128 GiB.  The disk is in multiple mode (SET
 * MULTIPLE MODE at boot, as Linux's ide-disk does): READ MULTIPLE and
 * WRITE MULTIPLE move a block of up to hda_mult sectors (16 at most, two
 * pages) per interrupt, so two swap pages cost one interrupt, not sixteen.  A read: the
 * command, then an interrupt per block, whose handler reads it in.  A
 * write: the command, then the first block written at once (the disk asks
 * for it with DRQ), then an interrupt per block written, whose handler
 * writes the next.  The handler ends the request after the last, and
 * starts the next in the queue (drivers/blkdev.c).  A disk without
 * multiple mode gets READ SECTORS and WRITE SECTORS: a block of one.
 */
#include "drivers/ata.h"
#include "drivers/blkdev.h"
#include "drivers/pic.h"
#include "fs/fs.h"
#include "kernel/printk.h"
#include "kernel/trap.h"
#include "kernel/x86.h"

/* The primary channel's ports (its command block, then its control port). */
#define ATA_DATA	0x1F0
#define ATA_ERROR	0x1F1
#define ATA_NSECT	0x1F2
#define ATA_LBA0	0x1F3
#define ATA_LBA1	0x1F4
#define ATA_LBA2	0x1F5
#define ATA_DRIVE	0x1F6	/* 0xE0 | LBA bits 24-27: the master, by LBA */
#define ATA_STATUS	0x1F7	/* reading it acknowledges the interrupt */
#define ATA_COMMAND	0x1F7
#define ATA_CTL		0x3F6	/* writes: nIEN; reads: the status, no ack */

#define ST_ERR		0x01
#define ST_DRQ		0x08	/* the disk wants or has a sector */
#define ST_DF		0x20	/* drive fault */
#define ST_BSY		0x80

#define CMD_READ	0x20	/* READ SECTORS */
#define CMD_WRITE	0x30	/* WRITE SECTORS */
#define CMD_READ_MULTI	0xC4	/* READ MULTIPLE */
#define CMD_WRITE_MULTI	0xC5	/* WRITE MULTIPLE */
#define CMD_SET_MULTI	0xC6	/* SET MULTIPLE MODE: NSECT is the block */
#define CMD_IDENTIFY	0xEC

#define MAX_MULT	16	/* sectors per block: QEMU's disk allows 16 */

#define WORDS_PER_SECTOR	(SECTOR_SIZE / 2)

static void do_ata_request(struct blk_dev *dev);

static struct blk_dev hda = {
	.name = "hda",
	.rdev = MKDEV(3, 0),
	.request_fn = do_ata_request,
};

/* Sectors per interrupt: the block SET MULTIPLE MODE set, or 1. */
static uint32_t hda_mult = 1;

/* About 400 ns: the time a status read needs to become true after a command. */
static void ata_delay(void)
{
	for (int i = 0; i < 4; i++)
		inb(ATA_CTL);
}

/* Waits for BSY to clear; the status then.  Polled: short, and only at boot
 * or between a command and its first sector. */
static uint8_t ata_wait(void)
{
	uint8_t st;

	while ((st = inb(ATA_CTL)) & ST_BSY)
		;
	return st;
}

/* The sectors the next interrupt moves: a block, or what is left. */
static uint32_t block_sectors(const struct request *rq)
{
	return rq->nr_sectors < hda_mult ? rq->nr_sectors : hda_mult;
}

static uint8_t ata_command(int cmd)
{
	if (hda_mult > 1)
		return cmd == WRITE ? CMD_WRITE_MULTI : CMD_READ_MULTI;
	return cmd == WRITE ? CMD_WRITE : CMD_READ;
}

/*
 * The next block through the data port, into rq's buffers (READ) or out of
 * them (WRITE), and rq moves on past it.  A block of a vector request may
 * span two of its pages, which are anywhere in memory: it goes a page's
 * part at a time (blk_piece).  blk_lock held.
 */
static void ata_pio_block(struct request *rq)
{
	for (uint32_t n = block_sectors(rq), part; n; n -= part) {
		part = blk_piece(rq) < n ? blk_piece(rq) : n;
		if (rq->cmd == READ)
			insw(ATA_DATA, rq->buffer, part * WORDS_PER_SECTOR);
		else
			outsw(ATA_DATA, rq->buffer, part * WORDS_PER_SECTOR);
		blk_advance(rq, part);
	}
}

/*
 * Programs the disk for the head request; a write also sends its first
 * block.  blk_lock held, interrupts off.
 */
static void do_ata_request(struct blk_dev *dev)
{
	struct request *rq = dev->queue;
	uint32_t lba = rq->sector;

	ata_wait();
	outb(ATA_DRIVE, 0xE0 | ((lba >> 24) & 0x0F));
	outb(ATA_NSECT, rq->nr_sectors & 0xFF);	/* 0 means 256 */
	outb(ATA_LBA0, lba);
	outb(ATA_LBA1, lba >> 8);
	outb(ATA_LBA2, lba >> 16);
	outb(ATA_COMMAND, ata_command(rq->cmd));
	if (rq->cmd == WRITE) {
		ata_delay();
		if (!(ata_wait() & (ST_ERR | ST_DF)))
			ata_pio_block(rq);
		/* an error raises the interrupt too: the handler ends it */
	}
}


/* IRQ 14, interrupts off: a block is in, or out, or the disk failed. */
void ata_intr(void)
{
	struct request *rq;
	uint8_t st;

	spin_lock(&blk_lock);
	st = inb(ATA_STATUS);		/* acknowledges the interrupt */
	rq = hda.queue;
	if (!rq)			/* none asked for (IDENTIFY's, at boot) */
		goto out;
	if (st & (ST_ERR | ST_DF)) {
		printk("hda: %s error near sector %u: status 0x%x error 0x%x\n",
		       rq->cmd == WRITE ? "write" : "read", rq->sector, st,
		       inb(ATA_ERROR));
		end_request(&hda, 0);
		goto out;
	}
	if (rq->cmd == READ) {
		if (!(st & ST_DRQ))	/* not for a block: wait for the next */
			goto out;
		ata_pio_block(rq);
	}
	/* A write's blocks moved on as they were sent: this one is written. */
	if (rq->nr_sectors == 0)
		end_request(&hda, 1);
	else if (rq->cmd == WRITE)
		ata_pio_block(rq);
out:
	spin_unlock(&blk_lock);
}

/*
 * Multiple mode, polled at boot: the block is the most the disk takes
 * (IDENTIFY's word 47, low byte), at most MAX_MULT; a disk that refuses
 * keeps blocks of one sector.
 */
static void ata_set_multiple(const uint16_t *id)
{
	uint32_t mult = id[47] & 0xFF;

	if (mult > MAX_MULT)
		mult = MAX_MULT;
	if (mult < 2)
		return;
	outb(ATA_DRIVE, 0xE0);
	outb(ATA_NSECT, mult);
	outb(ATA_COMMAND, CMD_SET_MULTI);
	ata_delay();
	if (!(ata_wait() & (ST_ERR | ST_DF)))
		hda_mult = mult;
}

/*
 * Finds the master disk of the primary channel with IDENTIFY, polled (at
 * boot, before any request): its sector count is words 60-61 of the
 * answer.  No disk there (no -drive), or a CD-ROM: no hda.
 */
void ata_init(void)
{
	static uint16_t id[WORDS_PER_SECTOR];
	uint8_t st;

	if (inb(ATA_STATUS) == 0xFF)	/* a floating bus: no drive at all */
		return;
	outb(ATA_DRIVE, 0xA0);
	ata_delay();
	outb(ATA_NSECT, 0);
	outb(ATA_LBA0, 0);
	outb(ATA_LBA1, 0);
	outb(ATA_LBA2, 0);
	outb(ATA_COMMAND, CMD_IDENTIFY);
	ata_delay();
	if (inb(ATA_STATUS) == 0)	/* no master on the channel */
		return;
	st = ata_wait();
	if (inb(ATA_LBA1) || inb(ATA_LBA2))	/* an ATAPI device answers so */
		return;
	while (!((st = inb(ATA_STATUS)) & (ST_DRQ | ST_ERR)))
		;
	if (st & ST_ERR)
		return;
	insw(ATA_DATA, id, WORDS_PER_SECTOR);
	hda.capacity = id[60] | (uint32_t)id[61] << 16;
	if (hda.capacity == 0)		/* no LBA: too old for this driver */
		return;
	ata_set_multiple(id);
	outb(ATA_CTL, 0);		/* nIEN clear: interrupts on */
	pic_unmask(IRQ_ATA);
	blk_register(&hda);
	printk("hda: ATA disk, %u sectors (%u KiB), %u sectors an interrupt\n",
	       hda.capacity, hda.capacity / 2, hda_mult);
}
