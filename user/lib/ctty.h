/*
 * A controlling terminal for a new session.  /bin/init starts each shell
 * in a session of its own, as a getty would, and sh that is init
 * (init=/bin/sh) starts itself so; either way the session begins with
 * standard input on /dev/console, which the kernel opened for init and
 * which never becomes a controlling terminal, nor has its reads and writes
 * stopped for job control.  So the session's leader takes the terminal
 * behind it (TIOCSCTTY) and, if standard input is /dev/console, opens that
 * terminal again by its own name, /dev/ttyS0 (the serial line), for 0, 1
 * and 2: what busybox's init and cttyhack do for the shells they start
 * (`tty` then says /dev/ttyS0, as on Linux with a getty on the serial line).  Without it a shell that does not
 * do this itself (busybox's ash) runs with job control off.
 */
#ifndef USER_LIB_CTTY_H
#define USER_LIB_CTTY_H

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static inline void take_controlling_tty(void)
{
	struct stat st;

	if (getsid(0) == getpid() && tcgetpgrp(0) < 0 &&
	    ioctl(0, TIOCSCTTY, 0) == 0 && fstat(0, &st) == 0 &&
	    S_ISCHR(st.st_mode) && st.st_rdev == makedev(5, 1)) {
		int fd = open("/dev/ttyS0", O_RDWR);

		for (int i = 0; fd >= 0 && i < 3; i++)
			dup2(fd, i);
		if (fd > 2)
			close(fd);
	}
}

#endif
