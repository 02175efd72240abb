/*
 * kmain: from the multiboot entry (boot/boot.S) to the first user process.
 * docs/boot.md walks through these steps.
 */
#include "kernel/cmdline.h"
#include "drivers/ata.h"
#include "drivers/console.h"
#include "drivers/pic.h"
#include "fs/fcntl.h"
#include "fs/fs.h"
#include "kernel/doublefault.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/gdt.h"
#include "kernel/idt.h"
#include "kernel/ktest.h"
#include "kernel/lockdep.h"
#include "kernel/multiboot.h"
#include "kernel/oops.h"
#include "kernel/printk.h"
#include "kernel/signal.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/nsproxy.h"
#include "kernel/time.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/swap.h"

static char *const init_envp[] = { "HOME=/", "PATH=/bin:/tests", "TERM=vt100", NULL };

static void banner(void)
{
	uint32_t total = nr_total_pages(), mib = (max_pfn * (PAGE_SIZE / 1024)) / 1024;

	printk("shmos: an i386 kernel for studying System V shared memory\n");
	printk("shmos: %u MiB of memory found, %u pages (%u KiB) free for use\n",
	       mib, total, total * (PAGE_SIZE / 1024));
}

/* Makes pid 1 from a kernel-side execve, then lets the scheduler run it. */
static void start_init(void)
{
	struct task *init = alloc_task(), *idle = current;
	int err;

	if (!init || !(init->mm = mm_alloc()) || init_signals(init))
		panic("no memory for init");
	init->pgrp = init->session = init->pid;
	init->nsproxy = get_nsproxy(&init_nsproxy);
	memcpy(init->rlim, init_rlimits, sizeof(init->rlim));
	strlcpy(init->comm, "init", TASK_COMM_LEN);
	if (fs_open_console(init) == -ENOMEM)
		panic("no memory for init");

	printk("shmos: starting init %s\n", init_argv[0]);
	current = init;
	task_switch_in(init);
	err = do_execveat(AT_FDCWD, init_argv[0], init_argv, init_envp, 0, 0);
	if (err) {
		printk("shmos: cannot run %s (error %d)\n", init_argv[0], -err);
		poweroff(127);
	}
	task_init_context(init);		/* with the clean registers exec loaded */
	set_task_state(init, TASK_RUNNING);
	current = idle;
	task_switch_in(idle);
}

/*
 * The rest of the boot, on idle's kernel stack: the ktests or init, then
 * the boot thread is the idle task for good.
 */
static void rest_init(void)
{
	banner();
	timer_init();
	fpu_init();
	smp_boot_cpus();
	ata_init();
	fs_init();
	initrd_free();
	swap_setup();

	if (cmdline_has("ktest"))
		poweroff(ktest_run(cmdline_get("ktest")) ? 1 : 0);
	start_init();
	if (total_swap_pages)	/* swap=: after init, pid 2 (else at swapon) */
		kswapd_init();
	sched_idle();
}

void kmain(uint32_t magic, uint32_t mbi_phys)
{
	const struct multiboot_info *mbi = P2V(mbi_phys);

	gdt_init();		/* first: %fs, which every spin lock reads */
	console_init();
	idt_init();
	pic_init();
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		panic("not loaded by a multiboot loader (magic 0x%x)", magic);
	cmdline_parse(mbi->flags & MB_INFO_CMDLINE ? (char *)P2V(mbi->cmdline) : "");
	cmdline_parse_stack_guard_gap();
	cmdline_parse_loglevel();
	if (cmdline_has("lockdep"))
		lockdep_setup(cmdline_get("lockdep"));	/* kernel/lockdep.c */
	mem_init_multiboot(mbi);
	paging_init();
	smp_find_cpus();
	doublefault_init();
	fork_init();
	sched_init();
	/* boot_stack has no guard page: move to idle's stack, which has. */
	call_on_stack(rest_init, (char *)current->kstack + THREAD_SIZE);
}
