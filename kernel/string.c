#include <stdint.h>
#include "kernel/errno.h"
#include "kernel/string.h"

/* Four bytes at a time when the sizes allow: a page is 1024 stores, not 4096. */
void *memset(void *dst, int c, size_t n)
{
	void *ret = dst;

	if (!(((uintptr_t)dst | n) & 3)) {
		uint32_t v = (uint8_t)c * 0x01010101u;
		n /= 4;
		asm volatile("rep stosl" : "+D"(dst), "+c"(n) : "a"(v) : "memory");
	} else {
		asm volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(c) : "memory");
	}
	return ret;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	void *ret = dst;
	size_t words = n / 4, rest = n & 3;

	asm volatile("rep movsl" : "+D"(dst), "+S"(src), "+c"(words) : : "memory");
	asm volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(rest) : : "memory");
	return ret;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)		/* overlapping, destination above: copy backwards */
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (; *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return c ? NULL : (char *)s;
}

/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = 0;
	}
	return len;
}

/* The value of digit c in any base up to 16, or 16 if c is none. */
static unsigned digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;	/* lower case */
	return c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) : 16;
}

/*
 * An unsigned number at the start of the len bytes at s, read as strtoul
 * reads it with base 0: "0x1f" hexadecimal, "017" octal, else decimal; no
 * sign and no spaces.  Linux's kstrtoul with base 0, except that the
 * number need not end s: it returns how many bytes it read, and the caller
 * decides what may follow.  -EINVAL if s does not start with a decimal
 * digit, -ERANGE if the number does not fit in an unsigned long.
 */
int kstrntoul(const char *s, size_t len, unsigned long *res)
{
	unsigned base = 10;
	uint64_t v = 0;
	size_t i = 0;

	if (len == 0 || digit_value(s[0]) > 9)
		return -EINVAL;
	if (s[0] == '0') {
		base = 8;
		if (len > 2 && (s[1] | 0x20) == 'x' && digit_value(s[2]) < 16) {
			base = 16;
			i = 2;
		}
	}
	for (; i < len && digit_value(s[i]) < base; i++) {
		v = v * base + digit_value(s[i]);
		if (v > (unsigned long)-1)
			return -ERANGE;
	}
	*res = v;
	return i;
}
