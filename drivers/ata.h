/* The primary IDE channel's master disk, hda, by ATA PIO (drivers/ata.c). */
#ifndef DRIVERS_ATA_H
#define DRIVERS_ATA_H

void ata_init(void);		/* finds the disk, registers it as hda */
void ata_intr(void);		/* IRQ 14: a sector moved, or an error */

#endif
