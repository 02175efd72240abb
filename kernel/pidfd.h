/*
 * pidfds (kernel/pidfd.c): a descriptor that names a process (or with
 * PIDFD_THREAD one thread) for pidfd_send_signal, waitid(P_PIDFD) and
 * poll, without the race of a pid that may be reused.  While a pidfd
 * names a pid, no new process gets that number (pid_in_use asks
 * pidfd_pins_pid), as Linux keeps the struct pid.
 */
#ifndef KERNEL_PIDFD_H
#define KERNEL_PIDFD_H

#include <stdint.h>
#include "fs/fcntl.h"

#define PIDFD_NONBLOCK	O_NONBLOCK
#define PIDFD_THREAD	O_EXCL

struct file;
struct seq_file;

/* The pid descriptor fd names (*f_flags: its file's flags), or -EBADF. */
int pidfd_get_pid(int fd, uint32_t *f_flags);
/* ...or for pidfd_send_signal a /proc/PID directory's too (-1: its process is gone). */
int pidfd_to_pid(int fd, uint32_t *f_flags);
int pidfd_pins_pid(int pid);
int pidfd_create(int pid, uint32_t flags);
/* /proc/PID/fdinfo's lines for a pidfd ("Pid:" and "NSpid:"); nothing for another file */
void pidfd_show_fdinfo(struct seq_file *m, struct file *f);

#endif
