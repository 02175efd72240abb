/* The CMOS real-time clock (drivers/rtc.c). */
#ifndef DRIVERS_RTC_H
#define DRIVERS_RTC_H

#include <stdint.h>

uint64_t rtc_read_epoch(void);		/* CMOS clock, in seconds since 1970 */

#endif
