/* The CMOS real-time clock, read once at boot for the wall-clock time. */
#include "drivers/rtc.h"
#include "kernel/x86.h"

static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static int bcd(int v)
{
	return (v & 15) + (v >> 4) * 10;
}

static uint64_t days_from_civil(int y, int m, int d)
{
	/* Days since 1970-01-01 for a Gregorian date. */
	static const int before[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243,
				      273, 304, 334 };
	uint64_t days = (y - 1970) * 365 + before[m - 1] + d - 1;

	days += (y - 1969) / 4 - (y - 1901) / 100 + (y - 1601) / 400;
	if (m > 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		days++;
	return days;
}

uint64_t rtc_read_epoch(void)
{
	int sec, min, hour, day, mon, year, binary;

	while (cmos(0x0A) & 0x80)	/* wait out an update in progress */
		;
	sec = cmos(0x00);
	min = cmos(0x02);
	hour = cmos(0x04);
	day = cmos(0x07);
	mon = cmos(0x08);
	year = cmos(0x09);
	binary = cmos(0x0B) & 0x04;
	if (!binary) {
		sec = bcd(sec);
		min = bcd(min);
		hour = bcd(hour);
		day = bcd(day);
		mon = bcd(mon);
		year = bcd(year);
	}
	year += 2000;
	return days_from_civil(year, mon, day) * 86400 + hour * 3600 +
	       min * 60 + sec;
}
