/*
 * Shared by all System V IPC: who may do what to an object.  A leaf: it
 * calls nothing in ipc/, the objects' files call it.
 */
#include "ipc/util.h"
#include "kernel/task.h"

/*
 * flag holds the access wanted in any of the three rwx triples (shmget
 * passes its whole shmflg, shmat 0444 or 0666).  The caller gets the owner
 * triple if it is the owner or the creator, else the group triple if it is
 * in the owner's or the creator's group, else the other triple; root may do
 * anything.
 */
int ipcperms(const struct ipc64_perm *perm, int flag)
{
	/* LAB shmget: choose the owner, group or other triple; 0 if it grants flag */
	int requested = (flag >> 6 | flag >> 3 | flag) & 7;
	int granted = perm->mode;

	if (current->euid == perm->uid || current->euid == perm->cuid)
		granted >>= 6;
	else if (in_group_p(perm->gid) || in_group_p(perm->cgid))
		granted >>= 3;
	if ((requested & ~granted & 7) && current->euid != 0)
		return -1;
	return 0;
	/* LAB shmget END; stub: return 0; */
}

int ipc_owner(const struct ipc64_perm *perm)
{
	return current->euid == perm->uid || current->euid == perm->cuid ||
	       current->euid == 0;
}

int ipc_take_next_id(int *next_id)
{
	int id = *next_id;

	*next_id = -1;
	return id;
}
