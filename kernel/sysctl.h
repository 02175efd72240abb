/*
 * /proc/sys (kernel/sysctl.c): a file per number, each with a ctl_table
 * saying where the number is and what it may be set to.
 */
#ifndef KERNEL_SYSCTL_H
#define KERNEL_SYSCTL_H

/* A number in /proc/sys: Linux's struct ctl_table, as far as shmos needs it. */
struct ctl_table {
	unsigned long *ulongp;	/* proc_doulongvec_minmax: any value */
	int *intp;		/* or proc_dointvec_minmax: min to max */
	int min, max;
	char *string;		/* or proc_dostring: a string of maxlen - 1 */
	int maxlen;
};

/* What a /proc/sys file opens with; its proc_dir_entry's data is the ctl_table. */
extern const struct file_operations proc_sys_fops;

#endif
