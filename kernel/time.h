/* Time: the PIT's tick (jiffies, HZ per second) and the CMOS wall clock. */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <stdint.h>

#define HZ	100

extern volatile uint64_t jiffies;

void timer_init(void);
void timer_tick(void);
uint64_t ktime_ns(void);		/* monotonic, since boot */
uint64_t realtime_ns(void);		/* since the epoch */
extern uint32_t boot_epoch;		/* CMOS seconds at boot */

/* Wall-clock seconds at tick resolution: cheap enough for every shm call. */
static inline uint32_t get_seconds(void)
{
	return boot_epoch + (uint32_t)jiffies / HZ;
}
uint64_t rtc_read_epoch(void);		/* CMOS clock, in seconds */

#endif
