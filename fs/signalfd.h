/*
 * signalfd (fs/signalfd.c): what a signal sender tells it.  While no
 * signalfd exists, sending a signal costs one test more (kernel/signal.c).
 */
#ifndef FS_SIGNALFD_H
#define FS_SIGNALFD_H

struct file;
struct seq_file;

extern int nr_signalfds;	/* open signalfd files, in every process */
void signalfd_notify(void);	/* a signal is pending now; sched_lock held */
/* Its mask in /proc/PID/fdinfo (fs/proc_fdinfo.c). */
void signalfd_show_fdinfo(struct seq_file *m, struct file *f);

#endif
