/*
 * Formatted output: the kernel's messages go to the console and into the
 * log buffer, a ring that syslog(2) reads (dmesg), as Linux's printk.
 */
#include <stdint.h>
#include "kernel/printk.h"
#include "drivers/console.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/layout.h"
#include "mm/uaccess.h"

struct out {
	char *buf;
	size_t size, len;	/* len counts every byte, even ones that did not fit */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, int width,
		       int left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left && pad == '0' && n && (*s == '-')) {
		put(o, *s++);	/* the sign goes before zero padding */
		n--;
	}
	if (!left)
		while (fill--)
			put(o, pad);
	while (n--)
		put(o, *s++);
	if (left)
		while (fill-- > 0)
			put(o, ' ');
}

static size_t format_number(char *tmp, uint64_t v, int base, int upper,
			    int negative)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char rev[24];
	size_t n = 0, i = 0;

	do {
		rev[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (negative)
		tmp[i++] = '-';
	while (n)
		tmp[i++] = rev[--n];
	return i;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		int left = 0, width = 0, prec = -1, lng = 0;
		char pad = ' ', tmp[24];
		const char *s;
		uint64_t v;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				left = 1;
			else if (*fmt == '0')
				pad = '0';
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			prec = 0;
			if (*++fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				prec = prec * 10 + (*fmt++ - '0');
		}
		while (*fmt == 'l' || *fmt == 'z')
			lng += (*fmt++ == 'l');
		switch (*fmt) {
		case 'd': case 'i': {
			int64_t sv = lng > 1 ? va_arg(ap, int64_t) : va_arg(ap, long);
			v = sv < 0 ? -(uint64_t)sv : (uint64_t)sv;
			put_padded(&o, tmp, format_number(tmp, v, 10, 0, sv < 0),
				   width, left, pad);
			break;
		}
		case 'u': case 'x': case 'X': case 'o':
			v = lng > 1 ? va_arg(ap, uint64_t) : va_arg(ap, unsigned long);
			put_padded(&o, tmp, format_number(tmp, v, *fmt == 'u' ? 10 :
				   *fmt == 'o' ? 8 : 16, *fmt == 'X', 0),
				   width, left, pad);
			break;
		case 'p':
			v = (uintptr_t)va_arg(ap, void *);
			put(&o, '0');
			put(&o, 'x');
			put_padded(&o, tmp, format_number(tmp, v, 16, 0, 0), 8, 0, '0');
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			put_padded(&o, s, prec >= 0 ? strnlen(s, prec) : strlen(s),
				   width, left, ' ');
			break;
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			put_padded(&o, tmp, 1, width, left, ' ');
			break;
		case '%':
			put(&o, '%');
			break;
		default:	/* unknown conversion: show it rather than guess */
			put(&o, '%');
			if (*fmt)
				put(&o, *fmt);
			else
				fmt--;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/*
 * The log buffer: LOG_BUF_LEN bytes of text, a ring.  Positions count
 * every byte ever logged (64 bits: they never wrap); byte p is at
 * log_buf[p % LOG_BUF_LEN], and only the last LOG_BUF_LEN are kept.  Each
 * line starts with its level, "<4>", as Linux's syslog gives them (no
 * timestamps: CONFIG_PRINTK_TIME is not set), so dmesg can strip or show
 * it.  Linux 2.6 kept its log so; later ones keep records, which syslog
 * turns into the same text.
 */
#define LOG_BUF_LEN	(64 * 1024)

static char log_buf[LOG_BUF_LEN];
static uint64_t log_end;	/* the next byte's position */
static uint64_t syslog_pos;	/* what SYSLOG_ACTION_READ reads next */
static uint64_t clear_pos;	/* READ_ALL's start (SYSLOG_ACTION_CLEAR) */
static int at_line_start = 1;
/*
 * printk runs in interrupt handlers too, so the ring is touched with
 * interrupts off, which on one CPU is what a lock would give.  Not a spin
 * lock: a lock bug (spin_bug) reports itself with printk, which would
 * take the lock again.
 */
/*
 * SYSLOG_ACTION_READ waits on log_wait for a message.  printk cannot wake
 * it: it runs anywhere, the scheduler and its locks included (Linux defers
 * the wakeup to an irq_work), so the reader looks again every POLL_TICKS.
 */
static const char log_wait;
#define POLL_TICKS	10

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
static int saved_console_loglevel = -1;	/* -1: none (LOGLEVEL_DEFAULT) */
int dmesg_restrict;			/* /proc/sys/kernel/dmesg_restrict */

/* Linux's loglevel=N on the command line: the console shows levels below N. */
void cmdline_parse_loglevel(void)
{
	const char *s = cmdline_get("loglevel");

	if (s && s[0] >= '0' && s[0] <= '9' && !s[1])
		console_loglevel = s[0] - '0';
}

static void log_putc(char c)
{
	log_buf[log_end++ % LOG_BUF_LEN] = c;
}

/* The oldest position still in the ring. */
static uint64_t log_first(void)
{
	return log_end > LOG_BUF_LEN ? log_end - LOG_BUF_LEN : 0;
}

static void log_store(int level, const char *text, int len)
{
	for (int i = 0; i < len; i++) {
		if (at_line_start) {
			log_putc('<');
			log_putc('0' + level);
			log_putc('>');
		}
		log_putc(text[i]);
		at_line_start = text[i] == '\n';
	}
}

/*
 * A message may start with KERN_SOH and a level digit (KERN_INFO...); it
 * goes to the console if its level is below console_loglevel.
 */
int printk(const char *fmt, ...)
{
	char buf[256];
	const char *text = buf;
	int level = MESSAGE_LOGLEVEL_DEFAULT, len, n;
	uint32_t flags;
	va_list ap;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	len = n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1;
	if (len >= 2 && buf[0] == KERN_SOH[0] && buf[1] >= '0' &&
	    buf[1] <= '7') {
		level = buf[1] - '0';
		text += 2;
		len -= 2;
	}
	flags = local_irq_save();
	log_store(level, text, len);
	local_irq_restore(flags);
	if (level < console_loglevel)
		console_write(text, len);
	return n;
}

/* syslog(2)'s actions, Linux's numbers. */
enum {
	SYSLOG_ACTION_CLOSE, SYSLOG_ACTION_OPEN, SYSLOG_ACTION_READ,
	SYSLOG_ACTION_READ_ALL, SYSLOG_ACTION_READ_CLEAR, SYSLOG_ACTION_CLEAR,
	SYSLOG_ACTION_CONSOLE_OFF, SYSLOG_ACTION_CONSOLE_ON,
	SYSLOG_ACTION_CONSOLE_LEVEL, SYSLOG_ACTION_SIZE_UNREAD,
	SYSLOG_ACTION_SIZE_BUFFER,
};

#define MINIMUM_CONSOLE_LOGLEVEL	1

/*
 * Copy the ring's bytes [from, to) out: a piece at a time goes through a
 * kernel buffer, so no user fault happens with interrupts off.  Bytes
 * copied, or -EFAULT if none could be.
 */
static long copy_log(char *ubuf, uint64_t from, uint64_t to)
{
	char chunk[256];
	uint32_t flags;
	long done = 0;

	while (from < to) {
		uint32_t n = to - from < sizeof(chunk) ? to - from : sizeof(chunk);

		flags = local_irq_save();
		if (from < log_first())		/* overwritten meanwhile */
			from = log_first();
		for (uint32_t i = 0; i < n; i++)
			chunk[i] = log_buf[(from + i) % LOG_BUF_LEN];
		local_irq_restore(flags);
		if (copy_to_user(ubuf + done, chunk, n))
			return done ? done : -EFAULT;
		done += n;
		from += n;
	}
	return done;
}

/* READ_ALL: the last len bytes at most, from the start of a line. */
static long syslog_read_all(char *ubuf, int len, int clear)
{
	uint64_t from, end;
	uint32_t flags;
	long r;

	flags = local_irq_save();
	end = log_end;
	from = clear_pos > log_first() ? clear_pos : log_first();
	if (end - from > (uint64_t)len) {
		from = end - len;
		while (from < end && log_buf[(from - 1) % LOG_BUF_LEN] != '\n')
			from++;
	}
	local_irq_restore(flags);
	r = copy_log(ubuf, from, end);
	if (clear && r >= 0)
		clear_pos = end;
	return r;
}

/* READ: what no READ has taken yet, waiting for some; it is taken. */
static long syslog_read(char *ubuf, int len)
{
	uint64_t from, to;
	uint32_t flags;
	int err = 0;

	flags = local_irq_save();
	while (syslog_pos == log_end && !err)
		err = sleep_on(&log_wait, NULL, get_jiffies_64() + POLL_TICKS);
	if (syslog_pos < log_first())
		syslog_pos = log_first();
	from = syslog_pos;
	to = log_end - from > (uint64_t)len ? from + len : log_end;
	if (!err)
		syslog_pos = to;
	local_irq_restore(flags);
	return err ? err : copy_log(ubuf, from, to);
}

/*
 * Linux's syslog_action_restricted with dmesg_restrict 0: anyone may read
 * the whole log and its size; the rest (READ, which takes what it reads,
 * CLEAR, the console's level) is root's (CAP_SYSLOG).
 */
static int syslog_allowed(int type)
{
	if (current->euid == 0)
		return 1;
	return !dmesg_restrict && (type == SYSLOG_ACTION_READ_ALL ||
				   type == SYSLOG_ACTION_SIZE_BUFFER);
}

/* syslog(2), glibc's klogctl: Linux's do_syslog, in its order of checks. */
long sys_syslog(int type, char *ubuf, int len)
{
	uint32_t flags;
	long r;

	if (!syslog_allowed(type))
		return -EPERM;
	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ:
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (ubuf == NULL || len < 0)
			return -EINVAL;
		if (len == 0)
			return 0;
		/* Linux's access_ok: the range lies below TASK_SIZE */
		if ((uint32_t)ubuf > TASK_SIZE || TASK_SIZE - (uint32_t)ubuf <
		    (uint32_t)len)
			return -EFAULT;
		if (type == SYSLOG_ACTION_READ)
			return syslog_read(ubuf, len);
		return syslog_read_all(ubuf, len,
				       type == SYSLOG_ACTION_READ_CLEAR);
	case SYSLOG_ACTION_CLEAR:
		clear_pos = log_end;
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
		if (saved_console_loglevel < 0)
			saved_console_loglevel = console_loglevel;
		console_loglevel = MINIMUM_CONSOLE_LOGLEVEL;
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		if (saved_console_loglevel >= 0) {
			console_loglevel = saved_console_loglevel;
			saved_console_loglevel = -1;
		}
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			return -EINVAL;
		console_loglevel = len;
		saved_console_loglevel = -1;
		return 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		flags = local_irq_save();
		if (syslog_pos < log_first())
			syslog_pos = log_first();
		r = log_end - syslog_pos;
		local_irq_restore(flags);
		return r;
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_LEN;
	}
	return -EINVAL;
}
