/*
 * getrandom(2) and exec's AT_RANDOM bytes: splitmix64, seeded once per
 * boot, at the first call, from the time-stamp counter and the CMOS clock.  Statistically good and never blocking, but NOT
 * cryptographic: whoever can guess the seed can predict every byte.
 */
#include <stdint.h>
#include "kernel/errno.h"
#include "drivers/random.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "mm/uaccess.h"

#define GRND_NONBLOCK	1
#define GRND_RANDOM	2
#define GRND_INSECURE	4

/* Linux (before 5.18, from urandom_read) gives at most INT_MAX >> 6 per call. */
#define GETRANDOM_MAX	33554431u

#define CHUNK		256	/* bytes per copy; divides a page */

static uint64_t state;
static int seeded;

/* splitmix64 (Steele, Lea and Flood): a Weyl sequence through a mixer. */
uint64_t get_random_u64(void)
{
	uint64_t z;

	if (!seeded) {
		state = rdtsc() ^ realtime_ns();
		seeded = 1;
	}
	z = state += 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/*
 * Each copy ends at a CHUNK boundary of the user buffer, so it never spans
 * two pages: when one fails, everything before its page has been written,
 * and the count returned is exact, as Linux's.
 */
long sys_getrandom(char *ubuf, uint32_t len, uint32_t flags)
{
	uint64_t buf[CHUNK / 8];
	uint32_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) ==
	    (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;
	if (len > GETRANDOM_MAX)
		len = GETRANDOM_MAX;
	while (done < len) {
		uint32_t n = CHUNK - (uint32_t)(ubuf + done) % CHUNK;

		if (n > len - done)
			n = len - done;
		for (uint32_t i = 0; i < (n + 7) / 8; i++)
			buf[i] = get_random_u64();
		if (copy_to_user(ubuf + done, buf, n))
			return done ? (long)done : -EFAULT;
		done += n;
		cond_resched();		/* up to 32 MiB in one call */
	}
	return done;
}
