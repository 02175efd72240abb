// time_sleep: the clocks agree with each other, move forward, and nanosleep sleeps about
// as long as asked. Prints only yes/no and error names: the values differ every run.
#include <errno.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static double secs(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void realtime(void)
{
	struct timeval tv;
	struct timespec ts;
	time_t t1, t2;
	double d1, d2;

	t1 = time(&t2);
	gettimeofday(&tv, NULL);
	clock_gettime(CLOCK_REALTIME, &ts);
	printf("time() stores what it returns: %s\n", yes(t1 == t2));
	printf("realtime is after 2020: %s\n", yes(t1 > 1577836800));
	d1 = tv.tv_sec + tv.tv_usec / 1e6 - t1;
	d2 = ts.tv_sec + ts.tv_nsec / 1e9 - t1;
	printf("time, gettimeofday, clock_gettime(REALTIME) within 2 s: %s\n",
	       yes(d1 > -2 && d1 < 2 && d2 > -2 && d2 < 2));
	printf("tv_usec and tv_nsec in range: %s\n",
	       yes(tv.tv_usec >= 0 && tv.tv_usec < 1000000 && ts.tv_nsec >= 0 &&
		   ts.tv_nsec < 1000000000));
}

static void monotonic(void)
{
	double prev = secs(CLOCK_MONOTONIC), now;
	int i, ok = 1;

	for (i = 0; i < 1000; i++) {
		now = secs(CLOCK_MONOTONIC);
		ok &= now >= prev;
		prev = now;
	}
	printf("CLOCK_MONOTONIC never goes back in 1000 reads: %s\n", yes(ok));
}

static void sleeping(void)
{
	struct timespec ts = { 0, 200000000 }, zero = { 0, 0 };
	struct timeval a, b;
	double m, r;
	int ret;

	m = secs(CLOCK_MONOTONIC);
	gettimeofday(&a, NULL);
	ret = nanosleep(&ts, NULL);
	m = secs(CLOCK_MONOTONIC) - m;
	gettimeofday(&b, NULL);
	r = (b.tv_sec - a.tv_sec) + (b.tv_usec - a.tv_usec) / 1e6;
	printf("nanosleep(200 ms): %d\n", ret);
	printf("CLOCK_MONOTONIC advanced 190 ms .. 2 s: %s\n", yes(m >= 0.19 && m < 2));
	printf("gettimeofday advanced 190 ms .. 2 s: %s\n", yes(r >= 0.19 && r < 2));
	m = secs(CLOCK_MONOTONIC);
	ret = nanosleep(&zero, NULL);
	m = secs(CLOCK_MONOTONIC) - m;
	printf("nanosleep(0): %d, returned within 1 s: %s\n", ret, yes(m < 1));
}

static void bad_sleep(const char *what, time_t sec, long nsec)
{
	struct timespec ts = { sec, nsec };
	int r;

	errno = 0;
	r = nanosleep(&ts, NULL);
	printf("nanosleep(%s): %d %s\n", what, r, ename(errno));
}

static void errors(void)
{
	struct timespec ts;
	int r;

	errno = 0;
	r = clock_gettime(999, &ts);
	printf("clock_gettime(999): %d %s\n", r, ename(errno));
	bad_sleep("tv_nsec 2000000000", 0, 2000000000);
	bad_sleep("tv_nsec 1000000000", 0, 1000000000);
	bad_sleep("tv_nsec -1", 0, -1);
	bad_sleep("tv_sec -1", -1, 0);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	realtime();
	monotonic();
	sleeping();
	errors();
	return 0;
}
