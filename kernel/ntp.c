/*
 * adjtimex and clock_adjtime: the kernel's NTP state, as Linux's
 * kernel/time/ntp.c shows it, and the two ways of moving the wall clock
 * through it: ADJ_SETOFFSET steps it by an offset (kernel/timer.c's
 * timekeeping_inject_offset), ADJ_OFFSET_SINGLESHOT (glibc's adjtime)
 * slews it by one, 500 ppm, a tick at a time.
 *
 * shmos disciplines no clock: the frequency, the PLL offset, the status
 * and the error bounds a time daemon sets are kept and read back, and
 * change nothing.  The status starts as Linux's does, STA_UNSYNC (no daemon
 * has said the clock is right), so the answer is TIME_ERROR, as Linux's
 * until a daemon clears it; then TIME_OK.  Leap seconds are never
 * inserted (a daemon's STA_INS is only kept).
 */
#include "kernel/errno.h"
#include "kernel/spinlock.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/uaccess.h"

#define ADJ_OFFSET		0x0001
#define ADJ_FREQUENCY		0x0002
#define ADJ_MAXERROR		0x0004
#define ADJ_ESTERROR		0x0008
#define ADJ_STATUS		0x0010
#define ADJ_TIMECONST		0x0020
#define ADJ_TAI			0x0080
#define ADJ_SETOFFSET		0x0100
#define ADJ_MICRO		0x1000
#define ADJ_NANO		0x2000
#define ADJ_TICK		0x4000
/* The kernel's view of glibc's ADJ_OFFSET_SINGLESHOT (0x8001) and _SS_READ (0xa001). */
#define ADJ_ADJTIME		0x8000
#define ADJ_OFFSET_SINGLESHOT	0x0001
#define ADJ_OFFSET_READONLY	0x2000

#define STA_UNSYNC		0x0040
#define STA_CLOCKERR		0x1000
#define STA_NANO		0x2000
/* What only the kernel sets: PPS signal states, STA_CLOCKERR, STA_NANO, STA_MODE. */
#define STA_RONLY		0xff00

#define TIME_OK			0
#define TIME_ERROR		5

#define USER_HZ			100
#define NTP_PHASE_LIMIT		16000000	/* us: maxerror and esterror at boot */
#define MAXFREQ_PPM		(500ll << 16)	/* 500 ppm in timex's units: ppm * 2^16 */
#define MAXTC			10		/* the largest time constant */
#define MAX_TAI_OFFSET		100000

/* Linux's struct __kernel_timex (clock_adjtime64): 64-bit fields, 208 bytes. */
struct kernel_timex {
	uint32_t modes;
	int32_t pad0;
	int64_t offset, freq, maxerror, esterror;
	int32_t status, pad1;
	int64_t constant, precision, tolerance;
	int64_t time_sec, time_usec;
	int64_t tick, ppsfreq, jitter;
	int32_t shift, pad2;
	int64_t stabil, jitcnt, calcnt, errcnt, stbcnt;
	int32_t tai;
	int32_t pad[11];
};

/* i386's struct old_timex32 (adjtimex, clock_adjtime): the same in 32 bits, 128 bytes. */
struct old_timex32 {
	uint32_t modes;
	int32_t offset, freq, maxerror, esterror, status;
	int32_t constant, precision, tolerance;
	int32_t time_sec, time_usec;
	int32_t tick, ppsfreq, jitter, shift, stabil;
	int32_t jitcnt, calcnt, errcnt, stbcnt, tai;
	int32_t pad[11];
};

/* The NTP state a daemon sets and reads back: ntp_lock's. */
static DEFINE_SPINLOCK(ntp_lock);
static int32_t time_status = STA_UNSYNC;
static int64_t time_offset, time_freq, time_constant = 2, time_tai;
static int64_t time_maxerror = NTP_PHASE_LIMIT, time_esterror = NTP_PHASE_LIMIT;
static int64_t tick_usec = 1000000 / USER_HZ;

/* Linux's timekeeping_validate_timex, in its order. */
static int validate_timex(const struct kernel_timex *tx)
{
	if (tx->modes & ADJ_ADJTIME) {
		/* adjtime's singleshot goes with no other mode */
		if (!(tx->modes & ADJ_OFFSET_SINGLESHOT))
			return -EINVAL;
		if (!(tx->modes & ADJ_OFFSET_READONLY) && current->euid != 0)
			return -EPERM;
	} else {
		if (tx->modes && current->euid != 0)
			return -EPERM;
		/* a quartz off by more than 10%: something is very wrong */
		if ((tx->modes & ADJ_TICK) &&
		    (tx->tick < 900000 / USER_HZ || tx->tick > 1100000 / USER_HZ))
			return -EINVAL;
	}
	if (tx->modes & ADJ_SETOFFSET) {
		if (current->euid != 0)
			return -EPERM;
		/* the offset is the sum of its fields: the fraction is positive */
		if (tx->time_usec < 0 ||
		    tx->time_usec >= ((tx->modes & ADJ_NANO) ? 1000000000 : 1000000))
			return -EINVAL;
	}
	return 0;
}

/* Linux's process_adjtimex_modes, without the PLL: what is set is kept.  ntp_lock held. */
static void process_modes(const struct kernel_timex *tx)
{
	if (tx->modes & ADJ_STATUS)
		time_status = (time_status & STA_RONLY) | (tx->status & ~STA_RONLY);
	if (tx->modes & ADJ_NANO)
		time_status |= STA_NANO;
	if (tx->modes & ADJ_MICRO)
		time_status &= ~STA_NANO;
	if (tx->modes & ADJ_FREQUENCY)
		time_freq = tx->freq < -MAXFREQ_PPM ? -MAXFREQ_PPM :
			    tx->freq > MAXFREQ_PPM ? MAXFREQ_PPM : tx->freq;
	if (tx->modes & ADJ_MAXERROR)
		time_maxerror = tx->maxerror;
	if (tx->modes & ADJ_ESTERROR)
		time_esterror = tx->esterror;
	if (tx->modes & ADJ_TIMECONST) {
		/* kept as the kernel's, 4 more than a microsecond daemon's */
		time_constant = tx->constant + ((time_status & STA_NANO) ? 0 : 4);
		time_constant = time_constant < 0 ? 0 : time_constant > MAXTC ? MAXTC :
				time_constant;
	}
	if ((tx->modes & ADJ_TAI) && tx->constant >= 0 && tx->constant <= MAX_TAI_OFFSET)
		time_tai = tx->constant;
	if (tx->modes & ADJ_OFFSET)
		time_offset = tx->offset * ((time_status & STA_NANO) ? 1 : 1000);
	if (tx->modes & ADJ_TICK)
		tick_usec = tx->tick;
}

/* Linux's __do_adjtimex: the modes, then the whole state back.  ntp_lock held. */
static int ntp_adjtimex(struct kernel_timex *tx, uint64_t now)
{
	int nano;

	if (tx->modes & ADJ_ADJTIME) {
		/* adjtime's slew, in us, apart from the rest; the old one back */
		int64_t delta = tx->offset * 1000;

		tx->offset = timekeeping_adjtime((tx->modes & ADJ_OFFSET_READONLY) ?
						 NULL : &delta) / 1000;
	} else {
		if (tx->modes)
			process_modes(tx);
		tx->offset = (time_status & STA_NANO) ? time_offset : time_offset / 1000;
	}
	nano = time_status & STA_NANO;
	tx->freq = time_freq;
	tx->maxerror = time_maxerror;
	tx->esterror = time_esterror;
	tx->status = time_status;
	tx->constant = time_constant;
	tx->precision = 1;
	tx->tolerance = MAXFREQ_PPM;
	tx->tick = tick_usec;
	tx->tai = time_tai;
	tx->ppsfreq = tx->jitter = tx->stabil = 0;
	tx->jitcnt = tx->calcnt = tx->errcnt = tx->stbcnt = 0;
	tx->shift = 0;
	tx->time_sec = now / NSEC_PER_SEC;
	tx->time_usec = now % NSEC_PER_SEC / (nano ? 1 : 1000);
	return (time_status & (STA_UNSYNC | STA_CLOCKERR)) ? TIME_ERROR : TIME_OK;
}

/* Linux's do_adjtimex: checks, the step, then the state. */
static long do_adjtimex(struct kernel_timex *tx)
{
	uint32_t flags;
	int64_t delta;
	long ret;

	if ((ret = validate_timex(tx)))
		return ret;
	if (tx->modes & ADJ_SETOFFSET) {
		if (tx->time_sec > TIME_SETTOD_SEC_MAX || tx->time_sec < -TIME_SETTOD_SEC_MAX)
			return -EINVAL;
		delta = tx->time_sec * (int64_t)NSEC_PER_SEC +
			tx->time_usec * ((tx->modes & ADJ_NANO) ? 1 : 1000);
		if ((ret = timekeeping_inject_offset(delta)))
			return ret;
	}
	spin_lock_irqsave(&ntp_lock, flags);
	ret = ntp_adjtimex(tx, realtime_ns());
	spin_unlock_irqrestore(&ntp_lock, flags);
	return ret;
}

static int get_old_timex32(struct kernel_timex *tx, const struct old_timex32 *u)
{
	struct old_timex32 t;

	if (copy_from_user(&t, u, sizeof(t)))
		return -EFAULT;
	*tx = (struct kernel_timex){
		.modes = t.modes, .offset = t.offset, .freq = t.freq,
		.maxerror = t.maxerror, .esterror = t.esterror, .status = t.status,
		.constant = t.constant, .precision = t.precision,
		.tolerance = t.tolerance, .time_sec = t.time_sec,
		.time_usec = t.time_usec, .tick = t.tick, .ppsfreq = t.ppsfreq,
		.jitter = t.jitter, .shift = t.shift, .stabil = t.stabil,
		.jitcnt = t.jitcnt, .calcnt = t.calcnt, .errcnt = t.errcnt,
		.stbcnt = t.stbcnt, .tai = t.tai,
	};
	return 0;
}

static int put_old_timex32(struct old_timex32 *u, const struct kernel_timex *tx)
{
	struct old_timex32 t = {
		.modes = tx->modes, .offset = tx->offset, .freq = tx->freq,
		.maxerror = tx->maxerror, .esterror = tx->esterror,
		.status = tx->status, .constant = tx->constant,
		.precision = tx->precision, .tolerance = tx->tolerance,
		.time_sec = tx->time_sec, .time_usec = tx->time_usec,
		.tick = tx->tick, .ppsfreq = tx->ppsfreq, .jitter = tx->jitter,
		.shift = tx->shift, .stabil = tx->stabil, .jitcnt = tx->jitcnt,
		.calcnt = tx->calcnt, .errcnt = tx->errcnt, .stbcnt = tx->stbcnt,
		.tai = tx->tai,
	};

	return copy_to_user(u, &t, sizeof(t)) ? -EFAULT : 0;
}

/* adjtimex writes the state back even when it refused the modes (Linux's adjtimex_time32). */
long sys_adjtimex(struct old_timex32 *u)
{
	struct kernel_timex tx;
	long ret, err;

	if ((err = get_old_timex32(&tx, u)))
		return err;
	ret = do_adjtimex(&tx);
	return (err = put_old_timex32(u, &tx)) ? err : ret;
}

/*
 * Linux's do_clock_adjtime: a clock that does not exist is EINVAL, one
 * that cannot be adjusted EOPNOTSUPP; only CLOCK_REALTIME (0) can.
 */
static long clock_adjtime(int clock, struct kernel_timex *tx)
{
	if (!posix_clock_exists(clock))
		return -EINVAL;
	return clock == 0 ? do_adjtimex(tx) : -EOPNOTSUPP;
}

long sys_clock_adjtime(int clock, struct old_timex32 *u)
{
	struct kernel_timex tx;
	long ret;

	if ((ret = get_old_timex32(&tx, u)))
		return ret;
	ret = clock_adjtime(clock, &tx);
	return ret >= 0 && put_old_timex32(u, &tx) ? -EFAULT : ret;
}

long sys_clock_adjtime64(int clock, struct kernel_timex *u)
{
	struct kernel_timex tx;
	long ret;

	if (copy_from_user(&tx, u, sizeof(tx)))
		return -EFAULT;
	ret = clock_adjtime(clock, &tx);
	return ret >= 0 && copy_to_user(u, &tx, sizeof(tx)) ? -EFAULT : ret;
}
