/*
 * The two 8259 interrupt controllers (drivers/pic.c).  The IRQ lines and
 * the vector they arrive on (T_IRQ0 + n) are in kernel/trap.h.
 */
#ifndef DRIVERS_PIC_H
#define DRIVERS_PIC_H

void pic_init(void);
void pic_unmask(int irq);	/* a driver is ready for its line */
void pic_eoi(int irq);		/* the interrupt is handled: the next may come */

#endif
