// Operations on loop devices: /dev/loop-control's LOOP_CTL_GET_FREE, ADD and
// REMOVE; a device bound to one of our files (LOOP_SET_FD, LOOP_CONFIGURE, or
// refused: a pipe, a directory, /dev/zero, a bad fd), its ioctls (status,
// capacity, block size, the block device's size) and reads, writes and seeks;
// LOOP_CLR_FD.
//
// On shmos only (on Linux the devices are the machine's), and a worker changes
// only the one device it bound itself and the one it added: another worker's
// device is only ever asked to bind (EBUSY). Children, which may be killed at
// any moment, only use the worker's device; they never bind or add one. The
// worker unbinds and removes its own at the end (devices_cleanup); main.c
// removes what a race left (a device a worker added that another then bound)
// and checks that every device is unbound.
#include "fuzz.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int bound = -1, bound_fd = -1;	// the device we bound, and our fd of it
static int added = -1;			// the device we added

static long open_loop(int n, long flags)
{
	char path[32];
	snprintf(path, sizeof path, "/dev/loop%d", n);
	return SC(SYS_open, path, flags, 0, 0, 0);
}

static long control(long cmd, long arg)
{
	long fd = SC(SYS_open, "/dev/loop-control", O_RDWR, 0, 0, 0), r;
	if (fd < 0)
		return -1;
	r = SC(SYS_ioctl, fd, cmd, arg, 0, 0);
	SC(SYS_close, fd, 0, 0, 0, 0);
	return r;
}

// A struct loop_info64 (or loop_config's) with an offset, a size limit and
// flags that are often wrong.
static void loop_info(struct loop_info64 *li)
{
	static const uint64_t offs[] = { 0, 512, PG, 1, 1ull << 40, 1ull << 63, ~0ull };
	memset(li, 0, sizeof *li);
	li->lo_offset = chance(60) ? 0 : offs[below(N(offs))];
	li->lo_sizelimit = chance(60) ? 0 : chance(50) ? (uint64_t)below(4 * PG) : offs[below(N(offs))];
	li->lo_flags = chance(70) ? 0 : chance(50) ? LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR : rnd();
	for (unsigned i = 0; i < sizeof li->lo_file_name; i++)
		li->lo_file_name[i] = chance(95) ? 'a' + below(26) : 0;
}

// Bind a free device to a file of ours (or try to, with the wrong thing).
static void bind_one(void)
{
	long n = control(LOOP_CTL_GET_FREE, 0), fd, r;
	struct loop_config *lc = (struct loop_config *)scratch;

	if (n < 0)
		return;
	fd = open_loop(n, chance(80) ? O_RDWR : O_RDONLY);
	if (fd < 0)
		return;
	if (chance(50)) {
		r = SC(SYS_ioctl, fd, LOOP_SET_FD, chance(80) ? fd_file() : fd_any(), 0, 0);
	} else {
		memset(lc, 0, sizeof *lc);
		lc->fd = chance(80) ? fd_file() : fd_any();
		lc->block_size = chance(70) ? 0 : chance(50) ? 512 << below(4) : rnd() % 9000;
		loop_info(&lc->info);
		r = SC(SYS_ioctl, fd, LOOP_CONFIGURE, chance(90) ? (long)lc : bad_ptr(), 0, 0);
	}
	if (r == 0) {
		bound = n, bound_fd = fd;
		return;
	}
	SC(SYS_close, fd, 0, 0, 0, 0);
}

// Is fd the bound device's? It is not in fds[], so file.c asks before it dup2s onto a
// number: dup2 onto it made it a K_DUP of fds[], which unbind's close then took
// behind fds[]' back, and the number, reused by a pipe, a file or an inotify
// instance, was named twice there (a worker read an inotify instance it took for a
// file and slept for ever; a pipe's end it thought open was not).
int devices_holds(long fd)
{
	return bound_fd >= 0 && fd == bound_fd;
}

// Through a new fd of the device: bound_fd may still have become another file (a
// close of a "bad" fd that was it).
static void unbind(void)
{
	long fd = open_loop(bound, O_RDONLY);

	SC(SYS_ioctl, fd, LOOP_CLR_FD, 0, 0, 0);
	SC(SYS_close, fd, 0, 0, 0, 0);
	SC(SYS_close, bound_fd, 0, 0, 0, 0);
	bound = bound_fd = -1;
}

// The ioctls of a bound device: our own, or (for the refusals) one that is not.
static void device_ioctl(long fd)
{
	static const long sizes[] = { 512, 1024, 2048, 4096, 8192, 511, 0, -1 };
	struct loop_info64 *li = (struct loop_info64 *)scratch;

	switch (below(9)) {
	case 0:
		loop_info(li);
		SC(SYS_ioctl, fd, LOOP_SET_STATUS64, chance(90) ? (long)li : bad_ptr(), 0, 0);
		break;
	case 1: SC(SYS_ioctl, fd, LOOP_GET_STATUS64, ptr(sizeof *li), 0, 0); break;
	case 2: SC(SYS_ioctl, fd, LOOP_GET_STATUS, ptr(200), 0, 0); break;
	case 3: SC(SYS_ioctl, fd, LOOP_SET_CAPACITY, 0, 0, 0); break;
	case 4: SC(SYS_ioctl, fd, LOOP_SET_BLOCK_SIZE, PICK(sizes), 0, 0); break;
	case 5: SC(SYS_ioctl, fd, BLKGETSIZE64, ptr(8), 0, 0); break;
	case 6: SC(SYS_ioctl, fd, chance(50) ? BLKSSZGET : BLKGETSIZE, ptr(4), 0, 0); break;
	case 7: SC(SYS_ioctl, fd, LOOP_CHANGE_FD, fd_any(), 0, 0); break;
	default: SC(SYS_ioctl, fd, chance(50) ? 0x4cff : (long)rnd(), ptr(8), 0, 0); break;
	}
}

// Reads, writes and seeks of the device: at most FILE_IO, our file stays small.
static void device_io(long fd)
{
	static const long whence[] = { SEEK_SET, SEEK_CUR, SEEK_END, 3 };
	long n = below(FILE_IO), *res = (long *)scratch;

	switch (below(4)) {
	case 0: SC(SYS_read, fd, ptr(n), n, 0, 0); break;
	case 1: SC(SYS_write, fd, ptr(n), n, 0, 0); break;
	case 2: SC(SYS__llseek, fd, offset() < 0 ? -1 : 0, offset(), chance(90) ? (long)res : bad_ptr(), PICK(whence)); break;
	default: SC(SYS_pread64, fd, ptr(n), n, offset(), 0); break;
	}
}

// loop-control's calls: ADD of a new device (removed again), of one that is
// there (EEXIST), REMOVE of a bound device or one that is not there.
static void control_op(void)
{
	static const long nums[] = { 0, 1, 7, 255, 256, 0x7fffffff, -2 };
	long r;

	switch (below(4)) {
	case 0:
		control(LOOP_CTL_GET_FREE, rnd());
		break;
	case 1:
		if (added >= 0 || is_kid) {
			control(LOOP_CTL_ADD, PICK(nums) == -2 ? 0 : 3);	// there already: EEXIST
			break;
		}
		r = control(LOOP_CTL_ADD, chance(50) ? -1 : (long)(8 + me * 4 + below(4)));
		if (r >= 8)
			added = r;
		else if (r >= 0)	// not one of ours to keep; give it back at once
			control(LOOP_CTL_REMOVE, r);
		break;
	case 2:
		if (!is_kid && added >= 0 && added != bound && control(LOOP_CTL_REMOVE, added) == 0)
			added = -1;
		else if (bound >= 0)
			control(LOOP_CTL_REMOVE, bound);	// EBUSY
		break;
	default:
		control(chance(50) ? LOOP_CTL_REMOVE : 0x4c8f, PICK(nums) < 0 ? -1 : 9999);
		break;
	}
}

void op_loop(void)
{
	if (!on_shmos())
		return;
	switch (below(8)) {
	case 0:
		control_op();
		break;
	case 1:
		if (!is_kid && bound < 0)
			bind_one();
		else if (!is_kid && chance(40))
			unbind();
		break;
	case 2:
	case 3:
	case 4:
		if (bound_fd >= 0)
			device_ioctl(bound_fd);
		break;
	default:
		if (bound_fd >= 0)
			device_io(bound_fd);
		break;
	}
}

void devices_cleanup(void)
{
	if (bound >= 0)
		unbind();
	if (added >= 0)
		control(LOOP_CTL_REMOVE, added);
}

// ---- the parent's part (main.c): the devices there were, and the leak check ----

#define MAX_LOOP 256
static char existed[MAX_LOOP];

static int loop_exists(int n)
{
	char path[32];
	snprintf(path, sizeof path, "/dev/loop%d", n);
	return access(path, F_OK) == 0;
}

void devices_begin(void)
{
	for (int n = 0; on_shmos() && n < MAX_LOOP; n++)
		existed[n] = loop_exists(n);
}

// After the workers: the devices a race left (one a worker added that another
// had bound when it tried to remove it) are removed; any still bound is a leak.
// Returns how many are.
int devices_end(void)
{
	struct loop_info64 li;
	int bound_left = 0;

	for (int n = 0; on_shmos() && n < MAX_LOOP; n++) {
		if (!loop_exists(n))
			continue;
		int fd = open_loop(n, O_RDONLY);
		if (fd >= 0 && ioctl(fd, LOOP_GET_STATUS64, &li) == 0) {
			printf("fuzz: leak: loop%d is still bound\n", n);
			bound_left++;
		}
		if (fd >= 0)
			close(fd);
		if (!existed[n])
			control(LOOP_CTL_REMOVE, n);
	}
	return bound_left;
}
