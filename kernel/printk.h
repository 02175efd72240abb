#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A message's level, Linux's: printk(KERN_INFO "...").  Without one it is
 * MESSAGE_LOGLEVEL_DEFAULT; the console shows levels below
 * console_loglevel (syslog's CONSOLE_OFF, ON and LEVEL set it), the log
 * buffer keeps them all (kernel/printk.c).
 */
#define KERN_SOH	"\001"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define MESSAGE_LOGLEVEL_DEFAULT	4
#define CONSOLE_LOGLEVEL_DEFAULT	7

extern int console_loglevel;
void cmdline_parse_loglevel(void);
extern int dmesg_restrict;	/* 1: only root may read the log */

/* %d %i %u %x %X %p %s %c %%, with '-', '0', width, .precision, l, ll, z. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
