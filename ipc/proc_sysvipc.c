/*
 * System V shared memory in /proc, as Linux 6.x shows it:
 *
 *   /proc/sys/kernel/shmmax, shmall, shmmni
 *        ipc/shm.c's limits shm_ctlmax, shm_ctlall and shm_ctlmni: Linux's
 *        ipc/ipc_sysctl.c table, which kernel/sysctl.c reads and writes.
 *   /proc/sys/kernel/shm_next_id
 *        the id the next new segment asks for, -1 for none (ipc/util.h):
 *        mode 0444 as on Linux, where only a process that may checkpoint
 *        and restore (here root) writes it; 0 to INT_MAX.
 *   /proc/sysvipc/shm
 *        a header line, then a line per segment (ipc/shm.c formats them).
 */
#include "ipc/shm.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/sysctl.h"
#include "fs/fs.h"
#include "mm/uaccess.h"

/* ---- /proc/sys/kernel ---- */

static const struct ctl_table shmmax_table = { .ulongp = &shm_ctlmax };
static const struct ctl_table shmall_table = { .ulongp = &shm_ctlall };
static const struct ctl_table shmmni_table = {
	.intp = &shm_ctlmni, .min = 0, .max = SHMMNI,
};
static const struct ctl_table shm_next_id_table = {
	.intp = &shm_next_id, .min = 0, .max = INT32_MAX,
};

const struct proc_dir_entry proc_sys_kernel_entries[] = {
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

/* ---- /proc/sysvipc/shm ---- */

/*
 * Linux's seq_file remembers which line the last read stopped in; here
 * every read writes the table out from its start, and only what falls in
 * [*pos, *pos + n) is copied to the reader.  A read that starts inside a
 * line gets the rest of that line as it is now.
 */
static long sysvipc_shm_read(struct file *f, char *ubuf, uint32_t n,
			     uint64_t *pos)
{
	char line[SHM_PROC_LINE];
	uint64_t off = 0;	/* the file position of text[0] */
	uint32_t done = 0;

	for (int slot = -1; slot < SHMMNI && done < n; slot++) {
		const char *text = slot < 0 ? shm_proc_header : line;
		uint32_t len = slot < 0 ? strlen(shm_proc_header) :
			       (uint32_t)shm_proc_show(slot, line, sizeof(line));

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
static long sysvipc_shm_write(struct file *f, const char *ubuf, uint32_t n,
			      uint64_t *pos)
{
	return -EIO;
}

static const struct file_operations sysvipc_shm_fops = {
	.read = sysvipc_shm_read,
	.write = sysvipc_shm_write,
};

const struct proc_dir_entry proc_sysvipc_entries[] = {
	{ .name = "shm", .mode = S_IFREG | 0444, .fops = &sysvipc_shm_fops },
	{ .name = NULL },
};
