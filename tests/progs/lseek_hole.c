// lseek_hole: lseek's SEEK_DATA and SEEK_HOLE in a file in /tmp (Linux's tmpfs, shmos's
// ramfs), which keeps its holes a page at a time: a page never written is a hole, the end
// of the file is one, and from the end on, or from a negative offset, both are ENXIO.
// Holes made by pwrite past the end, by ftruncate and by a punched hole. An unknown
// whence is EINVAL even on a pipe, before its ESPIPE; /proc's directories have no data.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/syscall.h>

#include "check.h"

#define PG 4096

static void seek(int fd, long off, int whence)
{
	char what[64];

	snprintf(what, sizeof(what), "%s from %ld", whence == SEEK_DATA ? "SEEK_DATA" :
		 whence == SEEK_HOLE ? "SEEK_HOLE" : "whence 5", off);
	TRY(what, lseek(fd, off, whence));
}

int main(void)
{
	char path[] = "/tmp/lseek_hole.XXXXXX";
	int fd = mkstemp(path), p[2];
	long offs[] = { 0, 100, PG, 2 * PG + 5, 3 * PG, 3 * PG + 10, 3 * PG + 11, -1 };
	long long pos;

	setvbuf(stdout, NULL, _IONBF, 0);
	unlink(path);
	seek(fd, 0, SEEK_DATA);			/* empty: no data, no hole */
	seek(fd, 0, SEEK_HOLE);
	TRY("write at 0", write(fd, "hello", 5));
	TRY("pwrite at 3 pages + 10", pwrite(fd, "x", 1, 3 * PG + 10));
	for (unsigned i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		seek(fd, offs[i], SEEK_DATA);
		seek(fd, offs[i], SEEK_HOLE);
	}
	TRY("offset after SEEK_HOLE from 100", (lseek(fd, 100, SEEK_HOLE), lseek(fd, 0, SEEK_CUR)));
	TRY("offset after a failed SEEK_DATA", (lseek(fd, 1, SEEK_SET), lseek(fd, 99999, SEEK_DATA),
						lseek(fd, 0, SEEK_CUR)));
	TRY("ftruncate to 5 pages", ftruncate(fd, 5 * PG));
	seek(fd, 3 * PG + 11, SEEK_DATA);
	seek(fd, 3 * PG + 11, SEEK_HOLE);
	seek(fd, 4 * PG, SEEK_DATA);
	TRY("punch page 0", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, PG));
	seek(fd, 0, SEEK_DATA);
	seek(fd, 0, SEEK_HOLE);
	TRY("_llseek SEEK_DATA from 1", syscall(SYS__llseek, fd, 0, 1, &pos, SEEK_DATA));
	printf("  at %lld\n", pos);
	seek(fd, 0, 5);
	TRY("pipe", pipe(p));
	seek(p[0], 0, 5);
	seek(p[0], 0, SEEK_DATA);
	TRY("/proc", fd = open("/proc", O_RDONLY | O_DIRECTORY));
	seek(fd, 0, SEEK_DATA);
	seek(fd, 0, SEEK_HOLE);
	return 0;
}
