/*
 * System V IPC in /proc, as Linux 6.x shows it:
 *
 *   /proc/sys/kernel/shmmax, shmall, shmmni
 *        ipc/shm.c's limits shm_ctlmax, shm_ctlall and shm_ctlmni;
 *   /proc/sys/kernel/sem
 *        ipc/sem.c's four: SEMMSL SEMMNS SEMOPM SEMMNI (sem_ctls);
 *   /proc/sys/kernel/msgmax, msgmnb, msgmni
 *        ipc/msg.c's msg_ctlmax, msg_ctlmnb and msg_ctlmni;
 *        each IPC namespace has its own of all these (ipc/namespace.h): a
 *        file reads and writes the reader's namespace's (ns_data);
 *   /proc/sys/kernel/shm_next_id, sem_next_id, msg_next_id
 *        the id the next new segment, set or queue gets (the next_id of
 *        shm_segs, sem_ids, msg_ids), -1 for the usual choice: 0444, but root may
 *        write them (CRIU does); 0 to INT_MAX;
 *   /proc/sys/kernel/auto_msgmni
 *        0, kept for old programs: writing 0 or 1 does nothing.
 *        Linux's ipc/ipc_sysctl.c table, which kernel/sysctl.c reads and writes.
 *   /proc/sysvipc/msg, sem, shm
 *        a header line, then a line per object of the reader's namespace
 *        (ipc/msg.c, sem.c and shm.c format them).
 */
#include "ipc/msg.h"
#include "ipc/namespace.h"
#include "ipc/sem.h"
#include "ipc/shm.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/sysctl.h"
#include "kernel/task.h"
#include "fs/fs.h"
#include "mm/uaccess.h"

/* ---- /proc/sys/kernel ---- */

/* Where current's namespace keeps each number (Linux's get_ipc). */
static void *shmmax_data(void) { return &current->nsproxy->ipc_ns->shm_ctlmax; }
static void *shmall_data(void) { return &current->nsproxy->ipc_ns->shm_ctlall; }
static void *shmmni_data(void) { return &current->nsproxy->ipc_ns->shm_ctlmni; }
static void *sem_data(void) { return current->nsproxy->ipc_ns->sem_ctls; }
static void *msgmax_data(void) { return &current->nsproxy->ipc_ns->msg_ctlmax; }
static void *msgmnb_data(void) { return &current->nsproxy->ipc_ns->msg_ctlmnb; }
static void *msgmni_data(void) { return &current->nsproxy->ipc_ns->msg_ctlmni; }
static void *shm_next_id_data(void) { return &current->nsproxy->ipc_ns->shm_segs->next_id; }
static void *sem_next_id_data(void) { return &current->nsproxy->ipc_ns->sem_ids->next_id; }
static void *msg_next_id_data(void) { return &current->nsproxy->ipc_ns->msg_ids->next_id; }

static const struct ctl_table shmmax_table = {
	.ulongp = &init_ipc_ns.shm_ctlmax, .ns_data = shmmax_data,
};
static const struct ctl_table shmall_table = {
	.ulongp = &init_ipc_ns.shm_ctlall, .ns_data = shmall_data,
};
static const struct ctl_table shmmni_table = {
	.intp = &init_ipc_ns.shm_ctlmni, .min = 0, .max = IPCMNI, .ns_data = shmmni_data,
};
static const struct ctl_table shm_next_id_table = {
	.intp = &shm_segs.next_id, .min = 0, .max = INT32_MAX, .ns_data = shm_next_id_data,
};

/*
 * Linux's proc_ipc_sem_dointvec: any ints, but SEMMNI within 0..IPCMNI,
 * else ERANGE and SEMMNI goes back (the other three stay as written).
 */
static int sem_check_semmni(const int *old)
{
	int *sem_ctls = current->nsproxy->ipc_ns->sem_ctls;

	if (sem_ctls[3] < 0 || sem_ctls[3] > IPCMNI) {
		sem_ctls[3] = old[3];
		return -ERANGE;
	}
	return 0;
}

static const struct ctl_table sem_table = {
	.intp = init_ipc_ns.sem_ctls, .nr = 4, .min = INT32_MIN, .max = INT32_MAX,
	.check = sem_check_semmni, .ns_data = sem_data,
};
static const struct ctl_table msgmax_table = {
	.intp = &init_ipc_ns.msg_ctlmax, .min = 0, .max = INT32_MAX, .ns_data = msgmax_data,
};
static const struct ctl_table msgmnb_table = {
	.intp = &init_ipc_ns.msg_ctlmnb, .min = 0, .max = INT32_MAX, .ns_data = msgmnb_data,
};
static const struct ctl_table msgmni_table = {
	.intp = &init_ipc_ns.msg_ctlmni, .min = 0, .max = IPCMNI, .ns_data = msgmni_data,
};
static const struct ctl_table sem_next_id_table = {
	.intp = &sem_ids.next_id, .min = 0, .max = INT32_MAX, .ns_data = sem_next_id_data,
};
static const struct ctl_table msg_next_id_table = {
	.intp = &msg_ids.next_id, .min = 0, .max = INT32_MAX, .ns_data = msg_next_id_data,
};

/* msgmni once grew with the memory; now a write of 0 or 1 is accepted and forgotten. */
static int auto_msgmni;

static int auto_msgmni_forget(const int *old)
{
	auto_msgmni = 0;
	return 0;
}

static const struct ctl_table auto_msgmni_table = {
	.intp = &auto_msgmni, .min = 0, .max = 1, .check = auto_msgmni_forget,
};

const struct proc_dir_entry proc_sys_kernel_entries[] = {
	{ .name = "auto_msgmni", .mode = S_IFREG | 0644, .fops = &proc_sys_fops,
	  .data = &auto_msgmni_table },
	{ .name = "msg_next_id", .mode = S_IFREG | 0444, .fops = &proc_sys_fops,
	  .data = &msg_next_id_table },
	{ .name = "msgmax", .mode = S_IFREG | 0644, .fops = &proc_sys_fops,
	  .data = &msgmax_table },
	{ .name = "msgmnb", .mode = S_IFREG | 0644, .fops = &proc_sys_fops,
	  .data = &msgmnb_table },
	{ .name = "msgmni", .mode = S_IFREG | 0644, .fops = &proc_sys_fops,
	  .data = &msgmni_table },
	{ .name = "sem", .mode = S_IFREG | 0644, .fops = &proc_sys_fops,
	  .data = &sem_table },
	{ .name = "sem_next_id", .mode = S_IFREG | 0444, .fops = &proc_sys_fops,
	  .data = &sem_next_id_table },
	{ .name = "shm_next_id", .mode = S_IFREG | 0444, .fops = &proc_sys_fops,
	  .data = &shm_next_id_table },
	{ .name = "shmall", .mode = S_IFREG | 0644, .fops = &proc_sys_fops,
	  .data = &shmall_table },
	{ .name = "shmmax", .mode = S_IFREG | 0644, .fops = &proc_sys_fops,
	  .data = &shmmax_table },
	{ .name = "shmmni", .mode = S_IFREG | 0644, .fops = &proc_sys_fops,
	  .data = &shmmni_table },
	{ .name = NULL },
};

/* ---- /proc/sysvipc ---- */

/* What one /proc/sysvipc file shows: its header, then its lines by slot. */
struct sysvipc_iface {
	const char *header;
	int (*nr_slots)(void);		/* the slots to look at */
	int (*show)(int slot, char *buf, int size);	/* 0 for a free slot */
};

static int shm_nr_slots(void)
{
	return current->nsproxy->ipc_ns->shm_segs->max_idx + 1;
}

static int sem_nr_slots(void)
{
	return current->nsproxy->ipc_ns->sem_ids->max_idx + 1;
}

static int msg_nr_slots(void)
{
	return current->nsproxy->ipc_ns->msg_ids->max_idx + 1;
}

static const struct sysvipc_iface sysvipc_shm = {
	.header = shm_proc_header, .nr_slots = shm_nr_slots,
	.show = shm_proc_show,
};
static const struct sysvipc_iface sysvipc_sem = {
	.header = sem_proc_header, .nr_slots = sem_nr_slots,
	.show = sem_proc_show,
};
static const struct sysvipc_iface sysvipc_msg = {
	.header = msg_proc_header, .nr_slots = msg_nr_slots,
	.show = msg_proc_show,
};

#define SYSVIPC_LINE	256	/* the longest line, its NUL too: shm's */

_Static_assert(SHM_PROC_LINE <= SYSVIPC_LINE && SEM_PROC_LINE <= SYSVIPC_LINE &&
	       MSG_PROC_LINE <= SYSVIPC_LINE, "a /proc/sysvipc line fits");

/*
 * Linux's seq_file remembers which line the last read stopped in; here
 * every read writes the table out from its start, and only what falls in
 * [*pos, *pos + n) is copied to the reader.  A read that starts inside a
 * line gets the rest of that line as it is now.
 */
static long sysvipc_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	const struct sysvipc_iface *iface = f->inode->u.proc.de->data;
	char line[SYSVIPC_LINE];
	uint64_t off = 0;	/* the file position of text[0] */
	uint32_t done = 0;

	for (int slot = -1; slot < iface->nr_slots() && done < n; slot++) {
		const char *text = slot < 0 ? iface->header : line;
		uint32_t len = slot < 0 ? strlen(iface->header) :
			       (uint32_t)iface->show(slot, line, sizeof(line));

		if (off + len > *pos + done) {
			uint32_t skip = *pos + done - off;
			uint32_t m = len - skip < n - done ? len - skip : n - done;

			if (copy_to_user(ubuf + done, text + skip, m))
				return -EFAULT;
			done += m;
		}
		off += len;
	}
	*pos += done;
	return done;
}

/* Linux's answer to a write into a /proc file that takes none. */
static long sysvipc_write(struct file *f, const char *ubuf, uint32_t n,
			  uint64_t *pos)
{
	return -EIO;
}

static const struct file_operations sysvipc_fops = {
	.read = sysvipc_read,
	.write = sysvipc_write,
};

const struct proc_dir_entry proc_sysvipc_entries[] = {
	{ .name = "msg", .mode = S_IFREG | 0444, .fops = &sysvipc_fops,
	  .data = &sysvipc_msg },
	{ .name = "sem", .mode = S_IFREG | 0444, .fops = &sysvipc_fops,
	  .data = &sysvipc_sem },
	{ .name = "shm", .mode = S_IFREG | 0444, .fops = &sysvipc_fops,
	  .data = &sysvipc_shm },
	{ .name = NULL },
};
