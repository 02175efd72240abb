/*
 * getrandom(2), /dev/random, /dev/urandom and exec's AT_RANDOM bytes:
 * splitmix64, seeded once per boot, at the first call, from the
 * time-stamp counter and the CMOS clock.  Statistically good and never
 * blocking (Linux's random and urandom have not blocked once seeded since
 * 5.6), but NOT cryptographic: whoever can guess the seed can predict
 * every byte.
 */
#include <stdint.h>
#include "kernel/errno.h"
#include "drivers/random.h"
#include "kernel/signal.h"
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
 * and the count returned is exact, as Linux's.  A long read stops early
 * for a signal, once it has given something (Linux's get_random_bytes_user).
 */
static long random_copy(char *ubuf, uint32_t len)
{
	uint64_t buf[CHUNK / 8];
	uint32_t done = 0;

	while (done < len) {
		uint32_t n = CHUNK - (uint32_t)(ubuf + done) % CHUNK;

		if (n > len - done)
			n = len - done;
		for (uint32_t i = 0; i < (n + 7) / 8; i++)
			buf[i] = get_random_u64();
		if (copy_to_user(ubuf + done, buf, n))
			return done ? (long)done : -EFAULT;
		done += n;
		if (done < len && signal_pending(current))
			break;
		cond_resched();		/* up to 32 MiB in one call */
	}
	return done;
}

long sys_getrandom(char *ubuf, uint32_t len, uint32_t flags)
{
	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) ==
	    (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;
	if (len > GETRANDOM_MAX)
		len = GETRANDOM_MAX;
	return random_copy(ubuf, len);
}

/* A read of /dev/random or /dev/urandom: as getrandom(buf, n, 0). */
long random_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	return random_copy(ubuf, n < GETRANDOM_MAX ? n : GETRANDOM_MAX);
}
