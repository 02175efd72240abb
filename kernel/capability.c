/*
 * capget and capset: a process's capability sets, as Linux's kernel/capability.c
 * shows them.  shmos's privilege is the user id (a check is "euid == 0", where
 * Linux's is capable(CAP_...)), so the sets are what Linux's uid rules
 * (cap_emulate_setxuid) make of root's: permitted full while the real, effective
 * or saved uid is 0, effective full while the effective uid is 0, inheritable
 * empty.  capset may set exactly that (libcap's programs write back what they
 * read); any other set would need per-capability checks shmos has not, and is
 * refused with EPERM rather than taken and not kept to.
 */
#include "kernel/errno.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "mm/uaccess.h"

#define _LINUX_CAPABILITY_VERSION_1	0x19980330	/* 32 capabilities */
#define _LINUX_CAPABILITY_VERSION_2	0x20071026	/* 64, as 3 */
#define _LINUX_CAPABILITY_VERSION_3	0x20080522
#define CAP_LAST_CAP			40	/* CAP_CHECKPOINT_RESTORE */
#define CAP_FULL_LOW			0xffffffffu
#define CAP_FULL_HIGH			((1u << (CAP_LAST_CAP - 31)) - 1)

struct cap_header {
	uint32_t version;
	int pid;
};

/* One 32-capability word of each set; version 1 has one, 2 and 3 two. */
struct cap_data {
	uint32_t effective, permitted, inheritable;
};

/*
 * Linux's cap_validate_magic: how many words the version has; an unknown
 * version is answered with the kernel's (libcap asks so), and EINVAL.
 */
static int cap_words(struct cap_header *uh, int *words)
{
	uint32_t version, mine = _LINUX_CAPABILITY_VERSION_3;

	if (copy_from_user(&version, &uh->version, sizeof(version)))
		return -EFAULT;
	switch (version) {
	case _LINUX_CAPABILITY_VERSION_1:
		*words = 1;
		return 0;
	case _LINUX_CAPABILITY_VERSION_2:
	case _LINUX_CAPABILITY_VERSION_3:
		*words = 2;
		return 0;
	}
	if (copy_to_user(&uh->version, &mine, sizeof(mine)))
		return -EFAULT;
	return -EINVAL;
}

/* t's sets, from its user ids. */
static void task_caps(struct task *t, struct cap_data d[2])
{
	int permitted = t->uid == 0 || t->euid == 0 || t->suid == 0;
	int effective = t->euid == 0;

	d[0].permitted = permitted ? CAP_FULL_LOW : 0;
	d[1].permitted = permitted ? CAP_FULL_HIGH : 0;
	d[0].effective = effective ? CAP_FULL_LOW : 0;
	d[1].effective = effective ? CAP_FULL_HIGH : 0;
	d[0].inheritable = d[1].inheritable = 0;
}

/* A NULL data pointer asks only which version the kernel has. */
long sys_capget(struct cap_header *uh, struct cap_data *udata)
{
	struct cap_data d[2];
	struct task *t = current;
	int words, pid, err = cap_words(uh, &words);

	if (udata == NULL || err)
		return udata == NULL && err == -EINVAL ? 0 : err;
	if (copy_from_user(&pid, &uh->pid, sizeof(pid)))
		return -EFAULT;
	if (pid < 0)
		return -EINVAL;
	if (pid && pid != t->pid &&
	    (!(t = find_task(pid)) || t->state == TASK_UNUSED))
		return -ESRCH;
	task_caps(t, d);
	return copy_to_user(udata, d, words * sizeof(d[0])) ? -EFAULT : 0;
}

static int subset(uint32_t a, uint32_t b)
{
	return (a & ~b) == 0;
}

long sys_capset(struct cap_header *uh, const struct cap_data *udata)
{
	struct cap_data now[2], want[2] = { { 0 } };
	int words, pid, err = cap_words(uh, &words);

	if (err)
		return err;
	if (copy_from_user(&pid, &uh->pid, sizeof(pid)))
		return -EFAULT;
	if (pid != 0 && pid != current->pid)
		return -EPERM;		/* only one's own */
	if (copy_from_user(want, udata, words * sizeof(want[0])))
		return -EFAULT;
	task_caps(current, now);
	/* Linux's cap_capset, in its order; the bounding set is full. */
	for (int i = 0; i < 2; i++)
		if (!subset(want[i].inheritable,
			    now[i].inheritable | now[i].permitted) ||
		    !subset(want[i].permitted, now[i].permitted) ||
		    !subset(want[i].effective, want[i].permitted))
			return -EPERM;
	for (int i = 0; i < 2; i++)
		if (want[i].effective != now[i].effective ||
		    want[i].permitted != now[i].permitted ||
		    want[i].inheritable != now[i].inheritable)
			return -EPERM;	/* fewer than the uid gives: not kept to */
	return 0;
}
