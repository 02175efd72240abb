// preadv: preadv, pwritev, preadv2 and pwritev2 move bytes through a vector at a position
// without moving the file's offset (but with position -1, which is the offset, as readv);
// pwritev2's RWF_APPEND writes at the end; unknown flags and RWF_NOWAIT on a file in
// memory are EOPNOTSUPP, after the descriptor's and the vector's checks, as Linux orders
// them; pread64 and preadv on a pipe are ESPIPE, a negative position EINVAL before a bad
// descriptor. And sched_rr_get_interval: a time slice under a second, for 0 and our pid
// (Linux 6.6 and later say 0 where no other task waits; shmos its round robin's 50 ms).
// The raw system calls, so that glibc's fallbacks do not hide a missing one.
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "check.h"

#define RWF_HIPRI	0x01
#define RWF_NOWAIT	0x08
#define RWF_APPEND	0x10

static long prv(int nr, int fd, struct iovec *v, int n, int64_t pos, int flags)
{
	return syscall(nr, fd, v, n, (uint32_t)pos, (uint32_t)((uint64_t)pos >> 32), flags);
}

int main(void)
{
	char path[] = "/tmp/preadv.XXXXXX", a[4] = "", b[5] = "", all[32] = "";
	int fd = mkstemp(path), p[2];
	struct iovec w[2] = { { "abc", 3 }, { "defgh", 5 } }, r[2] = { { a, 3 }, { b, 4 } };
	struct timespec ts = { 9, 9 };

	setvbuf(stdout, NULL, _IONBF, 0);
	TRY("write", write(fd, "0123456789", 10));
	TRY("pwritev at 2", prv(SYS_pwritev, fd, w, 2, 2, 0));
	TRY("offset unmoved", lseek(fd, 0, SEEK_CUR));
	TRY("preadv at 1", prv(SYS_preadv, fd, r, 2, 1, 0));
	printf("  read \"%s\" \"%s\"\n", a, b);
	TRY("preadv2 at -1 (the offset)", prv(SYS_preadv2, fd, r, 2, -1, 0));
	printf("  read \"%s\" \"%s\"\n", a, b);
	TRY("offset moved", lseek(fd, 0, SEEK_CUR));
	TRY("preadv2 HIPRI at 0", prv(SYS_preadv2, fd, r, 1, 0, RWF_HIPRI));
	TRY("pwritev2 APPEND at 0", prv(SYS_pwritev2, fd, w, 1, 0, RWF_APPEND));
	TRY("pread all", pread(fd, all, sizeof(all) - 1, 0));
	printf("  file \"%s\"\n", all);
	TRY("preadv past the end", prv(SYS_preadv, fd, r, 2, 1000, 0));
	TRY("preadv2 NOWAIT", prv(SYS_preadv2, fd, r, 1, 0, RWF_NOWAIT));
	TRY("preadv2 unknown flag", prv(SYS_preadv2, fd, r, 1, 0, 0x1000));
	TRY("preadv2 unknown flag, bad fd", prv(SYS_preadv2, 99, r, 1, 0, 0x1000));
	TRY("preadv2 unknown flag, bad count", prv(SYS_preadv2, fd, r, -1, 0, 0x1000));
	TRY("preadv2 position -2", prv(SYS_preadv2, fd, r, 1, -2, 0));
	TRY("preadv negative position, bad fd", prv(SYS_preadv, 99, r, 1, -5, 0));
	TRY("preadv count 1025", prv(SYS_preadv, fd, r, 1025, 0, 0));
	TRY("preadv bad vector", prv(SYS_preadv, fd, (struct iovec *)8, 1, 0, 0));
	TRY("pwritev on O_RDONLY", prv(SYS_pwritev, open(path, O_RDONLY), w, 1, 0, 0));
	TRY("pipe", pipe(p));
	TRY("preadv on a pipe", prv(SYS_preadv, p[0], r, 1, 0, 0));
	TRY("pread64 on a pipe's write end", pread(p[1], a, 1, 0));
	TRY("pwritev2 -1 on a pipe", prv(SYS_pwritev2, p[1], w, 2, -1, 0));
	TRY("preadv2 -1 on a pipe", prv(SYS_preadv2, p[0], r, 2, -1, 0));
	printf("  read \"%s\" \"%s\"\n", a, b);
	unlink(path);

	TRY("sched_rr_get_interval 0", syscall(SYS_sched_rr_get_interval, 0, &ts));
	printf("  under a second: %s\n", yes(ts.tv_sec == 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000));
	TRY("sched_rr_get_interval self", syscall(SYS_sched_rr_get_interval, getpid(), &ts));
	TRY("sched_rr_get_interval -1", syscall(SYS_sched_rr_get_interval, -1, &ts));
	TRY("sched_rr_get_interval none", syscall(SYS_sched_rr_get_interval, 99999, &ts));
	TRY("sched_rr_get_interval bad pointer", syscall(SYS_sched_rr_get_interval, 0, 8));
	return 0;
}
