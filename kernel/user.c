/*
 * Each user's counts (kernel/user.h), as Linux's kernel/user.c: one
 * user_struct per real uid that something counts for, found on a list,
 * made on first use and freed with its last reference.  The list and the
 * counts are the big kernel lock's: only system calls touch them.
 */
#include "kernel/task.h"
#include "kernel/user.h"
#include "mm/kmalloc.h"

static struct user_struct *users;

/* The caller's real user (Linux's current_user()), with a reference. */
struct user_struct *get_current_user(void)
{
	struct user_struct *u;

	for (u = users; u; u = u->next)
		if (u->uid == current->uid) {
			u->count++;
			return u;
		}
	if ((u = kzalloc(sizeof(*u))) == NULL)
		return NULL;
	u->uid = current->uid;
	u->count = 1;
	u->next = users;
	users = u;
	return u;
}

void free_uid(struct user_struct *u)
{
	struct user_struct **pp = &users;

	if (--u->count > 0)
		return;
	while (*pp != u)
		pp = &(*pp)->next;
	*pp = u->next;
	kfree(u);
}
