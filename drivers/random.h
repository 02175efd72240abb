#ifndef DRIVERS_RANDOM_H
#define DRIVERS_RANDOM_H

#include <stdint.h>

/* 64 random bits, not cryptographic (drivers/random.c): getrandom, AT_RANDOM. */
uint64_t get_random_u64(void);

#endif
