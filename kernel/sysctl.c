/*
 * /proc/sys: numbers the kernel lets root read and set, each file an entry
 * with a struct ctl_table, as Linux's sysctl tables:
 *
 *   /proc/sys/kernel/shmmax, shmall, shmmni    ipc/shm.c's limits
 *   /proc/sys/kernel/sem                       ipc/sem.c's four limits
 *   /proc/sys/kernel/msgmax, msgmnb, msgmni    ipc/msg.c's limits
 *   /proc/sys/kernel/sem_next_id, msg_next_id  the id the next object gets
 *                                              (ipc/proc_sysvipc.c's table)
 *   /proc/sys/vm/max_map_count                 VMAs per process (mm/mmap.c)
 *   /proc/sys/vm/mmap_min_addr                 the lowest address a user may
 *                                              map (mm/mmap.c)
 *   /proc/sys/vm/min_free_kbytes               the kernel's reserve (mm/page.c)
 *
 * A read gives the number and a newline, a write by root sets it (the files
 * are 0644 and root's, so permission() keeps others out), read and written
 * the way the proc_doulongvec_minmax and proc_dointvec_minmax handlers of
 * Linux's kernel/sysctl.c do it, quirks included.
 */
#include "kernel/sysctl.h"
#include "fs/fs.h"
#include "fs/namei.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/uaccess.h"

/* Linux's TMPBUFLEN: a number written is shorter than TMPBUFLEN - 1 bytes. */
#define TMPBUFLEN	22

static int is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Linux's proc_wspace_sep: what may follow a number. */
static int is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static uint32_t skip_spaces(const char **p, uint32_t left)
{
	uint32_t n = 0;

	while (n < left && is_space((*p)[n]))
		n++;
	*p += n;
	return n;
}

/*
 * Linux's proc_get_long: an optional '-', then a number as strtoul reads
 * it with base 0 (kstrntoul).  It must fit in an unsigned long (32 bits on
 * i386) and be followed by a separator or the end of the write.
 */
static int get_long(const char **p, uint32_t *left, unsigned long *val,
		    int *neg)
{
	const char *s = *p;
	uint32_t len = *left < TMPBUFLEN - 1 ? *left : TMPBUFLEN - 1;
	int n;

	*neg = len > 1 && s[0] == '-';
	if ((n = kstrntoul(s + *neg, len - *neg, val)) < 0)
		return -EINVAL;
	n += *neg;
	/* As long as the buffer, it may be a number cut short: refuse it. */
	if (n == TMPBUFLEN - 1 || ((uint32_t)n < *left && !is_sep(s[n])))
		return -EINVAL;
	*p += n;
	*left -= n;
	return 0;
}

/* Linux's do_proc_dointvec_minmax_conv, or a negative unsigned long. */
static int store(const struct ctl_table *t, int i, unsigned long val, int neg)
{
	int64_t v = neg ? -(int64_t)val : (int64_t)val;

	if (t->ulongp) {
		if (neg)
			return -EINVAL;
		*t->ulongp = val;
		return 0;
	}
	if (v < t->min || v > t->max)
		return -EINVAL;
	t->intp[i] = v;
	return 0;
}

/*
 * The numbers between spaces, in the first PAGE_SIZE - 1 of the n bytes,
 * each stored as it is read: a bad one is an error, and those before it
 * stay.  Whatever follows the spaces after the last is not consumed:
 * write returns less than n, as Linux's __do_proc_dointvec does.
 */
static long sysctl_store(const struct ctl_table *t, const char *buf,
			 uint32_t n)
{
	uint32_t left = n < PAGE_SIZE - 1 ? n : PAGE_SIZE - 1;
	int nr = t->nr ? t->nr : 1, old[CTL_MAX_NR], i, err = 0;
	const char *p = buf;

	if (t->check)
		memcpy(old, t->intp, nr * sizeof(int));
	for (i = 0; i < nr; i++) {
		unsigned long val;
		int neg;

		left -= skip_spaces(&p, left);
		if (left == 0)
			break;
		if ((err = get_long(&p, &left, &val, &neg)) != 0 ||
		    (err = store(t, i, val, neg)) != 0)
			break;
	}
	if (i == 0)
		return err ? err : -EINVAL;
	if (!err && t->check)
		err = t->check(old);
	if (err)
		return err;
	left -= skip_spaces(&p, left);
	return n - left;
}

/*
 * The value and a newline, cut to n bytes.  Only a read at position 0
 * gives anything: Linux's handlers return nothing at any other.
 */
static long proc_sys_read(struct file *f, char *ubuf, uint32_t n,
			  uint64_t *pos)
{
	const struct ctl_table *t = f->inode->u.proc.de->data;
	char buf[16 * CTL_MAX_NR];
	uint32_t len = 0;

	if (*pos != 0)
		return 0;
	if (t->ulongp)
		len = snprintf(buf, sizeof(buf), "%lu\n", *t->ulongp);
	for (int i = 0; t->intp && i < (t->nr ? t->nr : 1); i++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%d", i ? "\t" : "",
				t->intp[i]);
	if (t->intp)
		len += snprintf(buf + len, sizeof(buf) - len, "\n");
	if (len > n)
		len = n;
	if (copy_to_user(ubuf, buf, len))
		return -EFAULT;
	*pos += len;
	return len;
}

/*
 * A write at position 0 stores one number.  One at any other position is
 * ignored and said to have written everything: Linux's
 * sysctl_writes_strict, on by default.  Like Linux, check the permission
 * again (EPERM, not open's EACCES): a descriptor root opened does not let
 * another user write.
 */
static long proc_sys_write(struct file *f, const char *ubuf, uint32_t n,
			   uint64_t *pos)
{
	const struct ctl_table *t = f->inode->u.proc.de->data;
	char *kbuf;
	long r;

	if (permission(f->inode, MAY_WRITE))
		return -EPERM;
	if (n == 0)
		return 0;
	if ((kbuf = get_free_page()) == NULL)
		return -ENOMEM;
	if (copy_from_user(kbuf, ubuf, n < PAGE_SIZE - 1 ? n : PAGE_SIZE - 1))
		r = -EFAULT;
	else if (*pos != 0)
		r = n;
	else
		r = sysctl_store(t, kbuf, n);
	free_kpage(kbuf);
	if (r > 0)
		*pos += r;
	return r;
}

const struct file_operations proc_sys_fops = {
	.read = proc_sys_read,
	.write = proc_sys_write,
};

static const struct ctl_table max_map_count_table = {
	.intp = &sysctl_max_map_count, .min = 0, .max = 0x7fffffff,
};
static const struct ctl_table mmap_min_addr_table = { .ulongp = &mmap_min_addr };
static const struct ctl_table min_free_kbytes_table = {
	.intp = &min_free_kbytes, .min = 0, .max = 0x7fffffff,
};

static const struct proc_dir_entry proc_sys_vm_entries[] = {
	{ .name = "max_map_count", .mode = S_IFREG | 0644,
	  .fops = &proc_sys_fops, .data = &max_map_count_table },
	{ .name = "min_free_kbytes", .mode = S_IFREG | 0644,
	  .fops = &proc_sys_fops, .data = &min_free_kbytes_table },
	{ .name = "mmap_min_addr", .mode = S_IFREG | 0644,
	  .fops = &proc_sys_fops, .data = &mmap_min_addr_table },
	{ .name = NULL },
};

const struct proc_dir_entry proc_sys_entries[] = {
	{ .name = "kernel", .mode = S_IFDIR | 0555,
	  .subdir = proc_sys_kernel_entries },
	{ .name = "vm", .mode = S_IFDIR | 0555, .subdir = proc_sys_vm_entries },
	{ .name = NULL },
};
