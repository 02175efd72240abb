#ifndef DRIVERS_RANDOM_H
#define DRIVERS_RANDOM_H

#include <stdint.h>

/* 64 random bits, not cryptographic (drivers/random.c): getrandom, AT_RANDOM. */
uint64_t get_random_u64(void);

struct file;
/* /dev/random and /dev/urandom's read (fs/devices.c) */
long random_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos);

#endif
