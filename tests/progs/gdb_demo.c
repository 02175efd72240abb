// gdb_demo: the program tests/debian/gdb.sh debugs with Debian's gdb, as a student would
// debug one of theirs: a breakpoint on square, steps, its variables, a watchpoint on the
// global counter; with an argument, a second thread too, for gdb's `info threads`.
// Built -O0 (Makefile): each line is a step and each variable is there.
#include <pthread.h>
#include <stdio.h>

int counter;

static int square(int x)
{
	int y = x * x;

	return y;
}

static void *in_thread(void *arg)
{
	counter = square(counter);
	return arg;
}

int main(int argc, char **argv)
{
	pthread_t t;
	int i, sum = 0;

	for (i = 1; i <= 3; i++) {
		sum += square(i);
		counter = sum;
	}
	printf("sum %d\n", sum);
	if (argc > 1) {
		pthread_create(&t, NULL, in_thread, NULL);
		pthread_join(t, NULL);
		printf("counter %d\n", counter);
	}
	return 0;
}
