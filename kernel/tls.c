/*
 * set_thread_area and get_thread_area: the three TLS descriptors of the GDT
 * (entries 6-8) that a task may fill, as Linux's arch/x86/kernel/tls.c.
 * glibc puts its thread pointer in one and loads %gs with it.
 *
 * Only 32-bit, present data segments are accepted.  A 16-bit stack
 * segment would leak the kernel: iret back to a 16-bit %ss restores only
 * the low half of ESP, so the user's ESP would keep the kernel stack
 * address in its high half (Linux's espfix exists for the LDT only).
 * Code and not-present segments are refused too, as on Linux.
 */
#include "kernel/gdt.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "mm/uaccess.h"

/* The descriptor that frees a slot: what get_thread_area says of an empty one. */
static int ldt_empty(const struct user_desc *u)
{
	return !u->base_addr && !u->limit && !u->contents && u->read_exec_only &&
	       !u->seg_32bit && !u->limit_in_pages && u->seg_not_present &&
	       !u->useable;
}

/* All zero: programs use it to mean "no segment", so it frees a slot too. */
static int ldt_zero(const struct user_desc *u)
{
	return !u->base_addr && !u->limit && !u->contents && !u->read_exec_only &&
	       !u->seg_32bit && !u->limit_in_pages && !u->seg_not_present &&
	       !u->useable;
}

static int tls_desc_okay(const struct user_desc *u)
{
	if (ldt_empty(u) || ldt_zero(u))
		return 1;
	return u->seg_32bit && u->contents <= 1 && !u->seg_not_present;
}

static int get_free_idx(void)
{
	for (int i = 0; i < GDT_TLS_ENTRIES; i++)
		if (!current->tls[i])
			return i + GDT_ENTRY_TLS_MIN;
	return -ESRCH;
}

/*
 * Reads and checks *u_info, in Linux's order; entry -1 with can_allocate
 * picks the first free slot and writes its number back.  *idx and *desc
 * say what to install; nothing is installed yet, so clone can check its
 * CLONE_SETTLS argument before it makes the child.
 */
int tls_desc_from_user(struct user_desc *u_info, int can_allocate, int *idx,
		       uint64_t *desc)
{
	struct user_desc u;
	int i;

	if (copy_from_user(&u, u_info, sizeof(u)))
		return -EFAULT;
	if (!tls_desc_okay(&u))
		return -EINVAL;
	i = u.entry_number;
	if (i == -1 && can_allocate) {
		if ((i = get_free_idx()) < 0)
			return i;
		if (copy_to_user(&u_info->entry_number, &i, sizeof(i)))
			return -EFAULT;
	}
	if (i < GDT_ENTRY_TLS_MIN || i > GDT_ENTRY_TLS_MAX)
		return -EINVAL;
	*idx = i;
	*desc = ldt_empty(&u) || ldt_zero(&u) ? 0 : fill_ldt(&u);
	return 0;
}

long sys_set_thread_area(struct user_desc *u_info)
{
	uint64_t desc;
	int idx, err;

	if ((err = tls_desc_from_user(u_info, 1, &idx, &desc)))
		return err;
	current->tls[idx - GDT_ENTRY_TLS_MIN] = desc;
	load_tls(current->tls);
	return 0;
}

/* The fields back from a descriptor; every other bit of the struct is 0. */
static void fill_user_desc(struct user_desc *u, int idx, uint64_t d)
{
	memset(u, 0, sizeof(*u));
	u->entry_number = idx;
	u->base_addr = ((d >> 16) & 0xFFFFFF) | ((d >> 56) << 24);
	u->limit = (d & 0xFFFF) | (((d >> 48) & 0xF) << 16);
	u->seg_32bit = (d >> 54) & 1;
	u->contents = (d >> 42) & 3;
	u->read_exec_only = !((d >> 41) & 1);
	u->limit_in_pages = (d >> 55) & 1;
	u->seg_not_present = !((d >> 47) & 1);
	u->useable = (d >> 52) & 1;
}

/* t's slot idx into *u_info (Linux's do_get_thread_area). */
long do_get_thread_area(struct task *t, int idx, struct user_desc *u_info)
{
	struct user_desc u;

	if (idx < GDT_ENTRY_TLS_MIN || idx > GDT_ENTRY_TLS_MAX)
		return -EINVAL;
	fill_user_desc(&u, idx, t->tls[idx - GDT_ENTRY_TLS_MIN]);
	return copy_to_user(u_info, &u, sizeof(u)) ? -EFAULT : 0;
}

/* Only entry_number is read: Linux reads no more of the struct. */
long sys_get_thread_area(struct user_desc *u_info)
{
	int idx;

	if (copy_from_user(&idx, &u_info->entry_number, sizeof(idx)))
		return -EFAULT;
	return do_get_thread_area(current, idx, u_info);
}

/*
 * PTRACE_SET_THREAD_AREA: *u_info into t's slot idx, entry_number not
 * read (Linux's do_set_thread_area with an index).  t is stopped, not
 * running: its next switch in loads it.
 */
long ptrace_set_thread_area(struct task *t, int idx, struct user_desc *u_info)
{
	struct user_desc u;

	if (copy_from_user(&u, u_info, sizeof(u)))
		return -EFAULT;
	if (!tls_desc_okay(&u))
		return -EINVAL;
	if (idx < GDT_ENTRY_TLS_MIN || idx > GDT_ENTRY_TLS_MAX)
		return -EINVAL;
	t->tls[idx - GDT_ENTRY_TLS_MIN] = ldt_empty(&u) || ldt_zero(&u) ? 0 : fill_ldt(&u);
	return 0;
}
