/*
 * What the files of /proc share (fs/procfs.c), as Linux's fs/proc/
 * internal.h.  Most /proc files are text made afresh by each read: a show
 * function prints the whole text into a seq_file, which keeps only the
 * part the reader asked for, so no file needs a buffer as large as its
 * text.  Linux's seq_file remembers where the last read stopped; this one
 * makes the text again from its start at every read (a read that starts
 * inside a line gets the rest of that line as it is now).
 *
 *   fs/procfs.c        the root, /proc/self, the fixed tree, seq_file
 *   fs/proc_base.c     /proc/PID: stat, status, cmdline, maps, fd, exe...
 *   fs/proc_smaps.c    /proc/PID/smaps and smaps_rollup (a VMA's pages, counted)
 *   fs/proc_pagemap.c  /proc/PID/pagemap (binary: an entry per page)
 *   fs/proc_fdinfo.c   /proc/PID/fdinfo/N (an open file's offset, flags...)
 *   fs/proc_meminfo.c  /proc/meminfo
 *   fs/proc_stat.c     /proc/stat, uptime, loadavg
 *   fs/proc_misc.c     /proc/version, cmdline, filesystems, cpuinfo
 *   fs/proc_config.c   /proc/config.gz
 *   mm/swapfile.c      /proc/swaps
 *   mm/vmstat.c        /proc/vmstat
 *   kernel/sysctl.c    /proc/sys
 *   ipc/proc_sysvipc.c /proc/sysvipc
 */
#ifndef FS_PROC_H
#define FS_PROC_H

#include <stdint.h>
#include "fs/fs.h"

struct task;

/* The part [from, from + size) of a file's text, and how much text there is. */
struct seq_file {
	char *buf;		/* the reader's window, size bytes */
	uint64_t from;
	uint32_t size;
	uint64_t count;		/* bytes of text printed so far */
};

void seq_write(struct seq_file *m, const void *data, uint32_t len);
void seq_printf(struct seq_file *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Spaces up to column col of the text (the column counts from offset 0). */
void seq_pad_to(struct seq_file *m, uint64_t line_start, uint32_t col);
/* The window is full: a show function with many lines may stop. */
static inline int seq_full(const struct seq_file *m)
{
	return m->count >= m->from + m->size;
}

/*
 * A read of a text file: seq_start makes a window for the part at *pos (at
 * most a page), the file's show function prints its text into it, and
 * seq_finish gives the window's bytes to the reader.
 */
int seq_start(struct seq_file *m, uint32_t n, uint64_t pos);
long seq_finish(struct seq_file *m, char *ubuf, uint64_t *pos);

/*
 * Linux's seq_file keeps the text a read made, and a read from where it
 * ended gives end of file.  Here each read makes the text again, which may
 * be longer by then (/proc/self/io counts the very reads of it): so a read
 * at 0 that took the whole text notes where it ended in the open file
 * (private_data, which these files have no other use for), and a later
 * read from there gives end of file, as Linux's.
 */
static inline int seq_past_end(const struct file *f, uint64_t pos)
{
	uintptr_t end = (uintptr_t)f->private_data;

	return pos && end && pos >= end - 1;
}

static inline void seq_note_end(struct file *f, const struct seq_file *m)
{
	if (m->from == 0 && !seq_full(m))
		f->private_data = (void *)(uintptr_t)(m->count + 1);
}

/*
 * Inode numbers: a /proc/PID inode's from its pid (below PID_MAX, 15 bits),
 * kind and index; an fd/N link's from its pid and descriptor (below
 * NR_OPEN, 14 bits), with PROC_FD_BIT set; an fdinfo/N file's the same
 * with PROC_FDINFO_BIT too.
 */
#define PROC_INO(pid, kind, n)	(0x40000000u | (uint32_t)(pid) << 12 | \
				 (uint32_t)(kind) << 7 | (uint32_t)(n))
#define PROC_FD_BIT		0x20000000u
#define PROC_FD_INO(pid, fd)	(0x40000000u | PROC_FD_BIT | \
				 (uint32_t)(pid) << 14 | (uint32_t)(fd))
/* An fdinfo/N file's: its fd/N link's with the top bit set. */
#define PROC_FDINFO_BIT		0x80000000u
#define PROC_FDINFO_INO(pid, fd)	(PROC_FDINFO_BIT | PROC_FD_INO(pid, fd))

struct inode *proc_alloc_inode(struct inode *dir, uint32_t ino,
			       uint32_t mode, uint32_t uid, uint32_t gid);
int proc_symlink(struct inode *ip, const char *target);
int proc_emit_dots(struct inode *dir, struct dir_context *ctx);
int proc_parse_num(const char *name, int len);
struct task *proc_task(int pid);
extern const struct file_operations proc_dir_fops;

/* A file of the fixed tree whose text show makes (fs/procfs.c). */
extern const struct file_operations proc_seq_fops;

/* fs/proc_base.c: /proc/PID, and its inodes' names */
struct inode *proc_pid_dir(struct inode *dir, int pid);
int tgid_pidfd_to_pid(const struct file *f);	/* pidfd_send_signal's /proc/PID */
int proc_pid_name(struct inode *child, char *buf, int size);

/* The fixed tree's files (fs/proc_*.c), whose .show makes their text. */
void proc_meminfo_show(struct seq_file *m, const void *arg);
void proc_slabinfo_show(struct seq_file *m, const void *arg);
void proc_stat_show(struct seq_file *m, const void *arg);
void proc_uptime_show(struct seq_file *m, const void *arg);
void proc_loadavg_show(struct seq_file *m, const void *arg);
void proc_version_show(struct seq_file *m, const void *arg);
void proc_cmdline_show(struct seq_file *m, const void *arg);
void proc_filesystems_show(struct seq_file *m, const void *arg);
void proc_cpuinfo_show(struct seq_file *m, const void *arg);
void proc_config_show(struct seq_file *m, const void *arg);

struct mm_struct;
struct vm_area_struct;

/*
 * Where Linux puts a VMA's name in maps: a line is padded to column 49 on
 * i386 (its show_vma_header_prefix: 25 + 6 * sizeof(void *) - 1, and a space).
 */
#define MAPS_NAME_COL	48

/* fs/proc_base.c: a VMA's line of /proc/PID/maps (page: room for a file's name, or NULL) */
void show_map_vma(struct seq_file *m, struct vm_area_struct *v, char *page);

/* fs/proc_smaps.c: /proc/PID/smaps, or with rollup its totals in one block */
void proc_smaps_show(struct seq_file *m, struct mm_struct *mm, int rollup);

/* fs/proc_fdinfo.c: /proc/PID/fdinfo/N of open file f (cloexec: its descriptor's flag) */
void proc_fdinfo_show(struct seq_file *m, struct file *f, int cloexec);

/* fs/proc_pagemap.c: /proc/PID/pagemap's binary entries */
long pagemap_read(struct mm_struct *mm, char *ubuf, uint32_t n, uint64_t *pos);

#endif
