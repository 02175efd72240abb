/*
 * /proc/sys: numbers the kernel lets root read and set, each file an entry
 * with a struct ctl_table, as Linux's sysctl tables:
 *
 *   /proc/sys/kernel/shmmax, shmall, shmmni    ipc/shm.c's limits
 *   /proc/sys/kernel/sem                       ipc/sem.c's four limits
 *   /proc/sys/kernel/msgmax, msgmnb, msgmni    ipc/msg.c's limits
 *   /proc/sys/kernel/sem_next_id, msg_next_id  the id the next object gets
 *   /proc/sys/kernel/shm_next_id               the id of the next segment
 *                                              (ipc/proc_sysvipc.c's table)
 *   /proc/sys/vm/max_map_count                 VMAs per process (mm/mmap.c)
 *   /proc/sys/vm/mmap_min_addr                 the lowest address a user may
 *                                              map (mm/mmap.c)
 *   /proc/sys/vm/min_free_kbytes               the kernel's reserve (mm/page.c)
 *   /proc/sys/vm/overcommit_ratio, _kbytes     the commit limit (mm/mmap.c)
 *   /proc/sys/vm/drop_caches, swappiness...    what shmos has no choice in
 *   /proc/sys/kernel/ostype, osrelease, version, hostname, domainname
 *                                              uname's names (kernel/utsname.h)
 *   /proc/sys/kernel/pid_max, threads-max...   shmos's fixed numbers: only
 *                                              the value they have is taken
 *   /proc/sys/kernel/random/boot_id, uuid      random UUIDs
 *   /proc/sys/kernel/printk, dmesg_restrict    the kernel log (kernel/printk.c)
 *   /proc/sys/kernel/sched_rt_runtime_us, sched_rt_period_us
 *                                              RT throttling (kernel/sched.c)
 *   /proc/sys/fs/nr_open, file-max             descriptors' limits
 *   /proc/sys/fs/pipe-max-size                 a pipe's largest size but
 *                                              root's (fs/pipe.c)
 *   /proc/sys/fs/pipe-user-pages-soft, -hard   the buffers a user's pipes
 *                                              may hold (fs/pipe.c)
 *   /proc/sys/fs/inotify/max_user_watches...   inotify's limits (fs/inotify.c)
 *   /proc/sys/fs/mqueue/msg_max...             POSIX message queues' limits
 *                                              (ipc/mqueue.c)
 *
 * A read gives the number and a newline, a write by root sets it (the files
 * are 0644 or 0444 and root's, so permission() keeps others out), read and
 * written the way the proc_doulongvec_minmax and proc_dointvec_minmax
 * handlers of Linux's kernel/sysctl.c do it, quirks included.
 */
#include "kernel/sysctl.h"
#include "fs/fs.h"
#include "fs/inotify.h"
#include "fs/namei.h"
#include "fs/pipe_fs_i.h"
#include "ipc/mqueue.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "drivers/random.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/utsname.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/uaccess.h"
#include "net/ipv4/ipv4.h"
#include "net/ipv6/ipv6.h"

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
		if (neg || (t->conv && (val = t->conv(val)) == 0))
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
 * proc_dostring's write: at position 0, the bytes up to a newline or NUL,
 * at most maxlen - 1 of them, replace the string; the whole write counts.
 */
static long store_string(const struct ctl_table *t, const char *buf,
			 uint32_t n)
{
	int len = 0;

	while ((uint32_t)len < n && len < t->maxlen - 1 && buf[len] &&
	       buf[len] != '\n')
		len++;
	memcpy(t->string, buf, len);
	t->string[len] = 0;
	return n;
}

/*
 * The table a read or write of t uses: t, or for a value of a namespace
 * (ns_data) a copy of t that points at current's namespace's.
 */
static const struct ctl_table *ctl_in_ns(const struct ctl_table *t,
					 struct ctl_table *copy)
{
	if (!t->ns_data)
		return t;
	*copy = *t;
	if (t->string)
		copy->string = t->ns_data();
	else if (t->ulongp)
		copy->ulongp = t->ns_data();
	else
		copy->intp = t->ns_data();
	return copy;
}

/*
 * The value and a newline, cut to n bytes.  Only a read at position 0
 * gives anything: Linux's handlers return nothing at any other.
 */
static long proc_sys_read(struct file *f, char *ubuf, uint32_t n,
			  uint64_t *pos)
{
	struct ctl_table copy;
	const struct ctl_table *t = ctl_in_ns(f->inode->u.proc.de->data, &copy);
	char buf[72];		/* a string (maxlen 65) or CTL_MAX_NR ints, and \n */
	uint32_t len = 0;

	if (*pos != 0)
		return 0;
	if (t->string)
		len = snprintf(buf, sizeof(buf), "%s\n", t->string);
	else if (t->ulongp)
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
	struct ctl_table copy;
	const struct ctl_table *t = ctl_in_ns(f->inode->u.proc.de->data, &copy);
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
	else if (t->string)
		r = store_string(t, kbuf, n);
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

/* ---- /proc/sys/kernel: the system's names and numbers ---- */

/*
 * The names uname gives; root may rename the host and the domain, each
 * UTS namespace its own (Linux's get_uts).
 */
static void *hostname_data(void) { return current->nsproxy->uts_ns->name.nodename; }
static void *domainname_data(void) { return current->nsproxy->uts_ns->name.domainname; }

static const struct ctl_table ostype_table = {
	.string = init_uts_ns.name.sysname, .maxlen = UTS_LEN + 1 };
static const struct ctl_table osrelease_table = {
	.string = init_uts_ns.name.release, .maxlen = UTS_LEN + 1 };
static const struct ctl_table version_table = {
	.string = init_uts_ns.name.version, .maxlen = UTS_LEN + 1 };
static const struct ctl_table hostname_table = {
	.string = init_uts_ns.name.nodename, .maxlen = UTS_LEN + 1,
	.ns_data = hostname_data };
static const struct ctl_table domainname_table = {
	.string = init_uts_ns.name.domainname, .maxlen = UTS_LEN + 1,
	.ns_data = domainname_data };

/*
 * Numbers fixed in shmos, which Linux lets root change: a table whose
 * only allowed value is the one it has refuses any other (EINVAL).
 */
static int pid_max = PID_MAX;
static int ngroups_max = NGROUPS, overflow_id = 65534, cap_last_cap = 40;
static int zero;
static const struct ctl_table pid_max_table = {
	.intp = &pid_max, .min = PID_MAX, .max = PID_MAX };
/* Linux's MIN_THREADS .. the task table's room. */
static const struct ctl_table threads_max_table = {
	.intp = &max_threads, .min = 20, .max = NR_TASKS };
static const struct ctl_table ngroups_max_table = {
	.intp = &ngroups_max, .min = NGROUPS, .max = NGROUPS };
static const struct ctl_table overflow_id_table = {
	.intp = &overflow_id, .min = 65534, .max = 65534 };
static const struct ctl_table cap_last_cap_table = {
	.intp = &cap_last_cap, .min = 40, .max = 40 };
static const struct ctl_table zero_table = {	/* tainted, panic, randomize_va_space */
	.intp = &zero, .min = 0, .max = 0 };
static const struct ctl_table dmesg_restrict_table = {
	.intp = &dmesg_restrict, .min = 0, .max = 1 };

/*
 * kernel/printk: the console's level, the default message level, the
 * lowest level the console may be set to, and its default, as Linux
 * prints them; read-only here.
 */
static long printk_read(struct file *f, char *ubuf, uint32_t n,
			uint64_t *pos)
{
	char buf[32];
	uint32_t len;

	if (*pos != 0)
		return 0;
	len = snprintf(buf, sizeof(buf), "%d\t%d\t%d\t%d\n", console_loglevel,
		       MESSAGE_LOGLEVEL_DEFAULT, 1, CONSOLE_LOGLEVEL_DEFAULT);
	if (len > n)
		len = n;
	if (copy_to_user(ubuf, buf, len))
		return -EFAULT;
	*pos += len;
	return len;
}

static const struct file_operations printk_fops = { .read = printk_read };

/*
 * kernel/random/boot_id, one random UUID made at the first read and the
 * same until the next boot, and random/uuid, a new one at each read: both
 * version 4 (random) UUIDs, as Linux's proc_do_uuid.
 */
static long uuid_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	static uint8_t boot_id[16];
	static int have_boot_id;
	uint8_t fresh[16], *u = f->inode->u.proc.de->data ? boot_id : fresh;
	char buf[40];
	uint32_t len;

	if (*pos != 0)
		return 0;
	if (u == fresh || !have_boot_id) {
		uint64_t r[2] = { get_random_u64(), get_random_u64() };

		memcpy(u, r, 16);
		u[6] = (u[6] & 0x0f) | 0x40;	/* version 4 */
		u[8] = (u[8] & 0x3f) | 0x80;	/* the RFC 4122 variant */
		have_boot_id |= u == boot_id;
	}
	len = snprintf(buf, sizeof(buf),
		       "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		       "%02x%02x%02x%02x%02x%02x\n", u[0], u[1], u[2], u[3],
		       u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
		       u[13], u[14], u[15]);
	if (len > n)
		len = n;
	if (copy_to_user(ubuf, buf, len))
		return -EFAULT;
	*pos += len;
	return len;
}

static const struct file_operations uuid_fops = { .read = uuid_read };

/* The pool shmos's generator stands for: always full (drivers/random.c). */
static int poolsize = 256;
static const struct ctl_table poolsize_table = {
	.intp = &poolsize, .min = 256, .max = 256 };

static const struct proc_dir_entry proc_sys_random_entries[] = {
	{ .name = "boot_id", .mode = S_IFREG | 0444, .fops = &uuid_fops,
	  .data = "boot" },
	{ .name = "entropy_avail", .mode = S_IFREG | 0444,
	  .fops = &proc_sys_fops, .data = &poolsize_table },
	{ .name = "poolsize", .mode = S_IFREG | 0444, .fops = &proc_sys_fops,
	  .data = &poolsize_table },
	{ .name = "uuid", .mode = S_IFREG | 0444, .fops = &uuid_fops },
	{ .name = NULL },
};

#define SYSCTL(n, m, t)	{ .name = n, .mode = S_IFREG | (m), \
			  .fops = &proc_sys_fops, .data = &t }

/*
 * RT throttling (kernel/sched.c): runtime (-1: none) of each period, in us;
 * a runtime longer than the period is EINVAL, and the old value stays
 * (Linux's sched_rt_handler).
 */
static int rt_runtime_written(const int *old)
{
	if (sysctl_sched_rt_runtime == -1 || sysctl_sched_rt_runtime <= sysctl_sched_rt_period)
		return 0;
	sysctl_sched_rt_runtime = *old;
	return -EINVAL;
}

static int rt_period_written(const int *old)
{
	if (sysctl_sched_rt_runtime == -1 || sysctl_sched_rt_runtime <= sysctl_sched_rt_period)
		return 0;
	sysctl_sched_rt_period = *old;
	return -EINVAL;
}

static const struct ctl_table sched_rt_runtime_table = {
	.intp = &sysctl_sched_rt_runtime, .min = -1, .max = 0x7fffffff,
	.check = rt_runtime_written };
static const struct ctl_table sched_rt_period_table = {
	.intp = &sysctl_sched_rt_period, .min = 1, .max = 0x7fffffff,
	.check = rt_period_written };

/* Beside ipc/'s shm entries, in /proc/sys/kernel. */
static const struct proc_dir_entry kern_table[] = {
	SYSCTL("cap_last_cap", 0444, cap_last_cap_table),
	SYSCTL("dmesg_restrict", 0644, dmesg_restrict_table),
	SYSCTL("domainname", 0644, domainname_table),
	SYSCTL("hostname", 0644, hostname_table),
	SYSCTL("ngroups_max", 0444, ngroups_max_table),
	SYSCTL("osrelease", 0444, osrelease_table),
	SYSCTL("ostype", 0444, ostype_table),
	SYSCTL("overflowgid", 0644, overflow_id_table),
	SYSCTL("overflowuid", 0644, overflow_id_table),
	SYSCTL("panic", 0644, zero_table),
	SYSCTL("pid_max", 0644, pid_max_table),
	{ .name = "printk", .mode = S_IFREG | 0444, .fops = &printk_fops },
	{ .name = "random", .mode = S_IFDIR | 0555,
	  .subdir = proc_sys_random_entries },
	SYSCTL("randomize_va_space", 0644, zero_table),	/* shmos lays out no address space at random */
	SYSCTL("sched_rt_period_us", 0644, sched_rt_period_table),
	SYSCTL("sched_rt_runtime_us", 0644, sched_rt_runtime_table),
	SYSCTL("tainted", 0644, zero_table),
	SYSCTL("threads-max", 0644, threads_max_table),
	SYSCTL("version", 0444, version_table),
	{ .name = NULL },
};

/* ---- /proc/sys/vm ---- */

static const struct ctl_table max_map_count_table = {
	.intp = &sysctl_max_map_count, .min = 0, .max = 0x7fffffff,
};
static const struct ctl_table mmap_min_addr_table = { .ulongp = &mmap_min_addr };
static const struct ctl_table min_free_kbytes_table = {
	.intp = &min_free_kbytes, .min = 0, .max = 0x7fffffff,
	.check = setup_freepages,	/* Linux's min_free_kbytes_sysctl_handler */
};

/*
 * The commit limit /proc/meminfo shows (mm/mmap.c's vm_commit_limit) is a
 * share of memory, or a number of kilobytes: setting one sets the other to
 * 0, as Linux's overcommit_ratio_handler and overcommit_kbytes_handler.
 */
static int ratio_written(const int *old)
{
	sysctl_overcommit_kbytes = 0;
	return 0;
}

static int kbytes_written(const int *old)
{
	sysctl_overcommit_ratio = 0;
	return 0;
}

static const struct ctl_table overcommit_ratio_table = {
	.intp = &sysctl_overcommit_ratio, .min = 0, .max = 0x7fffffff,
	.check = ratio_written };
static const struct ctl_table overcommit_kbytes_table = {
	.intp = &sysctl_overcommit_kbytes, .min = 0, .max = 0x7fffffff,
	.check = kbytes_written };

/*
 * What shmos does that Linux lets root choose, fixed (only the value they
 * have is taken):
 *   overcommit_memory 1  no allocation is refused for want of memory to
 *                        commit: shmos charges none (Linux's 1, "always")
 *   page-cluster 5       a swap request moves up to 1 << 5 pages (SWAP_CLUSTER)
 *   swappiness 60        reclaim has only swap to put pages in: no file
 *                        pages to weigh against them (Linux's default)
 *   dirty_*, laptop_mode, vfs_cache_pressure  Linux's defaults, for
 *                        writeback and caches shmos does not have: its
 *                        files are in memory, never written back
 */
static int overcommit_always = 1, page_cluster = 5, swappiness = 60;
static int dirty_background_ratio = 10, dirty_ratio = 20;
static int dirty_expire_centisecs = 3000, dirty_writeback_centisecs = 500;
static int vfs_cache_pressure = 100;
#define FIXED(v, n)	{ .intp = &v, .min = n, .max = n }
static const struct ctl_table overcommit_memory_table = FIXED(overcommit_always, 1);
static const struct ctl_table page_cluster_table = FIXED(page_cluster, 5);
static const struct ctl_table swappiness_table = FIXED(swappiness, 60);
static const struct ctl_table dirty_background_ratio_table = FIXED(dirty_background_ratio, 10);
static const struct ctl_table dirty_ratio_table = FIXED(dirty_ratio, 20);
static const struct ctl_table dirty_expire_table = FIXED(dirty_expire_centisecs, 3000);
static const struct ctl_table dirty_writeback_table = FIXED(dirty_writeback_centisecs, 500);
static const struct ctl_table vfs_cache_pressure_table = FIXED(vfs_cache_pressure, 100);

/*
 * drop_caches: root writes 1 (the page cache), 2 (the slab caches) or 3
 * (both), 4 quietly; Linux's range.  Nothing is there to drop: the only
 * file pages are a RAM file system's, which are the files themselves, the
 * swap cache's pages go when memory is wanted, and kmalloc gives back an
 * empty slab at once.  Write only, as Linux's (mode 0200).
 */
static int drop_caches;
static const struct ctl_table drop_caches_table = {
	.intp = &drop_caches, .min = 1, .max = 4 };

static const struct proc_dir_entry proc_sys_vm_entries[] = {
	SYSCTL("dirty_background_bytes", 0644, zero_table),
	SYSCTL("dirty_background_ratio", 0644, dirty_background_ratio_table),
	SYSCTL("dirty_bytes", 0644, zero_table),
	SYSCTL("dirty_expire_centisecs", 0644, dirty_expire_table),
	SYSCTL("dirty_ratio", 0644, dirty_ratio_table),
	SYSCTL("dirty_writeback_centisecs", 0644, dirty_writeback_table),
	SYSCTL("drop_caches", 0200, drop_caches_table),
	SYSCTL("laptop_mode", 0644, zero_table),
	SYSCTL("max_map_count", 0644, max_map_count_table),
	SYSCTL("min_free_kbytes", 0644, min_free_kbytes_table),
	SYSCTL("mmap_min_addr", 0644, mmap_min_addr_table),
	SYSCTL("overcommit_kbytes", 0644, overcommit_kbytes_table),
	SYSCTL("overcommit_memory", 0644, overcommit_memory_table),
	SYSCTL("overcommit_ratio", 0644, overcommit_ratio_table),
	SYSCTL("page-cluster", 0644, page_cluster_table),
	SYSCTL("panic_on_oom", 0644, zero_table),
	SYSCTL("swappiness", 0644, swappiness_table),
	SYSCTL("vfs_cache_pressure", 0644, vfs_cache_pressure_table),
	{ .name = NULL },
};

/* ---- /proc/sys/fs ---- */

static int file_max = NR_TASKS * NR_OPEN;
static const struct ctl_table nr_open_table = {	/* fs/file.c's */
	.intp = &sysctl_nr_open, .min = NR_OPEN_DEFAULT, .max = NR_OPEN };
/* proc_dopipe_max_size: a size written is rounded as F_SETPIPE_SZ rounds it */
static const struct ctl_table pipe_max_size_table = {
	.ulongp = &pipe_max_size, .conv = round_pipe_size };
static const struct ctl_table pipe_user_pages_soft_table = {
	.ulongp = &pipe_user_pages_soft };
static const struct ctl_table pipe_user_pages_hard_table = {
	.ulongp = &pipe_user_pages_hard };
static const struct ctl_table file_max_table = {
	.intp = &file_max, .min = NR_TASKS * NR_OPEN, .max = NR_TASKS * NR_OPEN };

/* fs/inotify.c's limits: Linux keeps the per-user two as longs */
static const struct ctl_table inotify_watches_table = {
	.ulongp = &inotify_max_user_watches };
static const struct ctl_table inotify_instances_table = {
	.ulongp = &inotify_max_user_instances };
static const struct ctl_table inotify_queued_table = {
	.intp = &inotify_max_queued_events, .min = 0, .max = 0x7fffffff };

static const struct proc_dir_entry proc_sys_fs_inotify_entries[] = {
	SYSCTL("max_queued_events", 0644, inotify_queued_table),
	SYSCTL("max_user_instances", 0644, inotify_instances_table),
	SYSCTL("max_user_watches", 0644, inotify_watches_table),
	{ .name = NULL },
};

static const struct proc_dir_entry proc_sys_fs_entries[] = {
	SYSCTL("file-max", 0644, file_max_table),
	{ .name = "inotify", .mode = S_IFDIR | 0555,
	  .subdir = proc_sys_fs_inotify_entries },
	{ .name = "mqueue", .mode = S_IFDIR | 0555, .subdir = proc_sys_mqueue_entries },
	SYSCTL("nr_open", 0644, nr_open_table),
	SYSCTL("pipe-max-size", 0644, pipe_max_size_table),
	SYSCTL("pipe-user-pages-hard", 0644, pipe_user_pages_hard_table),
	SYSCTL("pipe-user-pages-soft", 0644, pipe_user_pages_soft_table),
	{ .name = NULL },
};

/* /proc/sys/net/ipv4: the ports that net/ipv4/af_inet.c gives an unbound socket. */
static const struct ctl_table ip_local_port_range_table = {
	.intp = ip_local_port_range, .nr = 2, .min = 1, .max = 65535 };
/* ...and the groups that may have ping sockets (net/ipv4/icmp.c). */
static const struct ctl_table ping_group_range_table = {
	.intp = ping_group_range, .nr = 2, .min = 0, .max = 2147483647 };
static const struct proc_dir_entry proc_sys_ipv4_entries[] = {
	SYSCTL("ip_local_port_range", 0644, ip_local_port_range_table),
	SYSCTL("ping_group_range", 0644, ping_group_range_table),
	{ .name = NULL },
};
/* /proc/sys/net/ipv6: whether an AF_INET6 socket bound to :: hears IPv4 (net/ipv6/af_inet6.c). */
static const struct ctl_table bindv6only_table = {
	.intp = &ipv6_bindv6only, .nr = 1, .min = 0, .max = 1 };
static const struct proc_dir_entry proc_sys_ipv6_entries[] = {
	SYSCTL("bindv6only", 0644, bindv6only_table),
	{ .name = NULL },
};
static const struct proc_dir_entry proc_sys_net_entries[] = {
	{ .name = "ipv4", .mode = S_IFDIR | 0555, .subdir = proc_sys_ipv4_entries },
	{ .name = "ipv6", .mode = S_IFDIR | 0555, .subdir = proc_sys_ipv6_entries },
	{ .name = NULL },
};

const struct proc_dir_entry proc_sys_entries[] = {
	{ .name = "fs", .mode = S_IFDIR | 0555, .subdir = proc_sys_fs_entries },
	{ .name = "kernel", .mode = S_IFDIR | 0555,
	  .subdir = proc_sys_kernel_entries, .more = kern_table },
	{ .name = "net", .mode = S_IFDIR | 0555, .subdir = proc_sys_net_entries },
	{ .name = "vm", .mode = S_IFDIR | 0555, .subdir = proc_sys_vm_entries },
	{ .name = NULL },
};
