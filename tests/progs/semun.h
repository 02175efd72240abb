/*
 * semctl's fourth argument, which the caller defines (glibc does not: POSIX says so):
 * Linux's union semun.
 */
#ifndef TESTS_SEMUN_H
#define TESTS_SEMUN_H

#include <sys/sem.h>

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

#endif
