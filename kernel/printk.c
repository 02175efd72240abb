/* Formatted output to the console. */
#include <stdint.h>
#include "kernel/printk.h"
#include "drivers/console.h"
#include "kernel/string.h"

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

int printk(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(buf, n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1);
	return n;
}
