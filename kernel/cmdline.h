/*
 * The kernel command line (from GRUB's multiboot line or QEMU -append):
 *   ktest[=NAME]  run the in-kernel self-tests (or one), then power off
 *   trace=shm     print a line for every step of the shm path
 *   trace=futex   print each futex key and wakeup (kernel/futex.c)
 *   trace=syscall[:FILTER]  print every system call, as strace does
 *                 (kernel/strace.h); trace=shm,syscall does both
 *   shmseg=N      at most N shm attaches per process (ipc/shm.c; Linux has
 *                 no such limit, nor has shmos without it)
 *   stack_guard_gap=PAGES  the room kept free below a stack (Linux's
 *                 option; 256 pages by default; mm/mm.h)
 *   ramfs.size=SIZE ramfs.nr_blocks=N ramfs.nr_inodes=N
 *                 the root file system's limits, in tmpfs's mount option
 *                 syntax (size=64m, size=25%; fs/ramfs_sb.c)
 *   loglevel=N    the console shows printk levels below N (Linux's; 7 by
 *                 default: loglevel=8 shows KERN_DEBUG too, such as the
 *                 out-of-memory killer's report; dmesg has them all)
 *   swap=PATH     swapon PATH (a disk mkswap made: /dev/hda) at boot, before
 *                 init (mm/swapfile.c); `make run` gives swap=/dev/hda
 *   init=PATH ARG...  the first program; every word after it is its argv
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

void cmdline_parse(const char *line);
const char *cmdline_get(const char *key);	/* value of key=value, or NULL */
int cmdline_has(const char *word);		/* word or word=... present */
extern char *init_argv[];
extern char saved_command_line[];	/* the whole line, for /proc/cmdline */
extern int trace_shm;
extern int trace_futex;
extern int trace_tlb;
extern int trace_swap;

#endif
