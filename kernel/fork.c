/*
 * fork, vfork and clone (as fork): the child gets a copy of the parent's
 * address space (copy-on-write, mm/vma.c), its open files, credentials and
 * signal dispositions, and returns 0 from the same system call.
 */
#include "kernel/task.h"
#include "kernel/errno.h"
#include "fs/file.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

#define CLONE_VM		0x00000100
#define CLONE_VFORK		0x00004000
#define CLONE_THREAD		0x00010000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_CHILD_SETTID	0x01000000

static struct task *copy_process(void)
{
	struct task *p = current, *c = alloc_task();

	if (!c)
		return NULL;
	if (!(c->mm = mm_dup(p->mm))) {
		free_task(c);
		return NULL;
	}
	*c->tf = *p->tf;
	c->tf->eax = 0;			/* the child's fork() returns 0 */
	task_init_context(c);		/* with the parent's live x87/SSE registers */
	memcpy(c->comm, p->comm, TASK_COMM_LEN);
	memcpy(c->tls, p->tls, sizeof(c->tls));
	memcpy(c->sigaction, p->sigaction, sizeof(c->sigaction));
	c->sig_blocked = p->sig_blocked;
	c->sas_ss_sp = p->sas_ss_sp, c->sas_ss_size = p->sas_ss_size;
	c->sas_ss_flags = p->sas_ss_flags;
	c->parent = p;
	c->pgrp = p->pgrp;
	c->session = p->session;
	c->uid = p->uid, c->euid = p->euid, c->suid = p->suid;
	c->gid = p->gid, c->egid = p->egid, c->sgid = p->sgid;
	c->umask = p->umask;
	memcpy(c->groups, p->groups, sizeof(c->groups));
	c->ngroups = p->ngroups;
	files_fork(p, c);
	return c;
}

static long do_fork(uint32_t flags, uint32_t newsp, int *ptid, uint32_t tls,
		    int *ctid)
{
	struct task *c;

	if (flags & CLONE_THREAD)
		return -EINVAL;		/* no threads: one task per address space */
	if (!(c = copy_process()))
		return -EAGAIN;
	if (newsp)
		c->tf->esp = newsp;
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user(ptid, &c->pid, sizeof(int));
	if (flags & CLONE_CHILD_CLEARTID)
		c->clear_child_tid = (uint32_t)ctid;
	if (flags & CLONE_SETTLS) {
		struct task *self = current;
		/* Interpret the descriptor in the parent, install it in the child. */
		uint64_t saved[GDT_TLS_ENTRIES];
		memcpy(saved, self->tls, sizeof(saved));
		sys_set_thread_area((struct user_desc *)tls);
		memcpy(c->tls, self->tls, sizeof(c->tls));
		memcpy(self->tls, saved, sizeof(saved));
		load_tls(self->tls);
	}
	if (flags & CLONE_CHILD_SETTID) {
		/* The child's memory is a copy: write its tid there. */
		struct mm_struct *mine = current->mm;
		current->mm = c->mm;
		switch_pgd(c->mm->pgd);
		copy_to_user(ctid, &c->pid, sizeof(int));
		current->mm = mine;
		switch_pgd(mine->pgd);
	}
	set_task_state(c, TASK_RUNNING);
	return c->pid;
}

long sys_fork(void)
{
	return do_fork(0, 0, NULL, 0, NULL);
}

long sys_vfork(void)
{
	return do_fork(0, 0, NULL, 0, NULL);
}

/* i386 argument order: flags, newsp, parent_tid, tls, child_tid. */
long sys_clone(uint32_t flags, uint32_t newsp, int *ptid, uint32_t tls, int *ctid)
{
	return do_fork(flags & ~(CLONE_VM | CLONE_VFORK), newsp, ptid, tls, ctid);
}
