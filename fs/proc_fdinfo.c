/*
 * /proc/PID/fdinfo/N: what an open file is, as Linux's fs/proc/fd.c
 * seq_show prints it: its offset, its open flags (O_CLOEXEC among them
 * when the descriptor has it), the id of the mount it is in (as
 * /proc/PID/mountinfo numbers them; 0 for a pipe or a pidfd, whose Linux
 * mounts are internal), its inode number; then what the kind of file adds
 * (a pidfd: its pid; an epoll set: its items; a signalfd: its mask).  Linux's "lock:" lines for its locks are not shown.
 */
#include "fs/proc.h"
#include "fs/mount.h"
#include "fs/poll.h"
#include "fs/signalfd.h"
#include "kernel/pidfd.h"

void proc_fdinfo_show(struct seq_file *m, struct file *f, int cloexec)
{
	struct vfsmount *mnt = mount_of(f->inode->dev);

	seq_printf(m, "pos:\t%llu\nflags:\t0%o\nmnt_id:\t%d\nino:\t%u\n",
		   f->pos, f->flags | (cloexec ? O_CLOEXEC : 0),
		   mnt ? mnt->mnt_id : 0, f->inode->ino);
	pidfd_show_fdinfo(m, f);
	eventpoll_show_fdinfo(m, f);
	signalfd_show_fdinfo(m, f);
}
