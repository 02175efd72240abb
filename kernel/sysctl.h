/*
 * /proc/sys (kernel/sysctl.c): a file per number, each with a ctl_table
 * saying where the number is and what it may be set to.
 */
#ifndef KERNEL_SYSCTL_H
#define KERNEL_SYSCTL_H

/*
 * A number in /proc/sys, or a few (/proc/sys/kernel/sem has four): Linux's
 * struct ctl_table, as far as shmos needs it.
 */
struct ctl_table {
	unsigned long *ulongp;	/* proc_doulongvec_minmax: any value */
	/* with ulongp, Linux's do_proc_douintvec's conv: what is stored for a value, 0 to refuse it */
	unsigned long (*conv)(unsigned long val);
	int *intp;		/* or proc_dointvec_minmax: min to max */
	int min, max;
	int nr;			/* ints at intp, shown tab-separated; 0 means 1 */
	/*
	 * After a write that stored numbers: the handler's own check
	 * (Linux's proc_ipc_sem_dointvec), given the values before the
	 * write, which it may put back; 0 or -errno.
	 */
	int (*check)(const int *old);
	char *string;		/* or proc_dostring: a string of maxlen - 1 */
	int maxlen;
	/*
	 * A value each namespace has its own (Linux's get_ipc, get_uts): where
	 * current's namespace keeps it.  The pointer above is then the first
	 * namespace's, and says only which kind of value it is.
	 */
	void *(*ns_data)(void);
};

#define CTL_MAX_NR	4	/* the most ints a table has */

/* What a /proc/sys file opens with; its proc_dir_entry's data is the ctl_table. */
extern const struct file_operations proc_sys_fops;

#endif
