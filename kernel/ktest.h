/*
 * In-kernel self-tests, run with `ktest` on the command line (scripts/boot
 * -- ktest).  Each case prints `ktest: NAME ... ok` or `... FAIL (why)`;
 * tests/run counts them.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

int ktest_run(const char *only);	/* returns the number of failures */
void ktest_report(const char *name, const char *failure);

#endif
