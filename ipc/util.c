/*
 * Shared by all System V IPC (Linux's ipc/util.c): who may do what to an
 * object, and the tables of ids.  A leaf: it calls nothing in ipc/, the
 * objects' files call it.
 *
 * Each kind of object has its struct ipc_ids.  A new object gets a slot by
 * ipc_addid and keeps it until ipc_rmid; its id names the slot and the
 * table's seq at the time.  As Linux 6.x (ipc_idr_alloc), new objects take
 * the next free slot after the last one given, going round a stretch of
 * at least IPC_MIN_CYCLE slots (more when many objects exist), and seq
 * grows each time the search goes round: so the first ids are 0, 1, 2...
 * as on Linux, and an id that was removed is not given again for a long
 * time.  /proc/sys/kernel/{shm,sem,msg}_next_id choose the next id instead (CRIU).
 */
#include "ipc/util.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/page.h"

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

/* ---- the table ---- */

int ipc_findkey(struct ipc_ids *ids, int key)
{
	for (int idx = 0; idx <= ids->max_idx; idx++) {
		struct ipc64_perm *p = ipc_obtain_object_idr(ids, idx);

		if (p && p->key == key)
			return idx;
	}
	return -1;
}

/* The first free slot in [from, to), or -1. */
static int free_slot(struct ipc_ids *ids, int from, int to)
{
	for (int idx = from; idx < to; idx++)
		if (!ipc_obtain_object_idr(ids, idx))
			return idx;
	return -1;
}

/*
 * The slot a new object gets, and its seq: Linux's ipc_idr_alloc, whose
 * idr_alloc_cyclic searches after the last slot given, then from 0.  The
 * stretch searched grows with the objects in use, so slots are reused
 * soon only when few are free.
 */
static int choose_slot(struct ipc_ids *ids, uint16_t *seq)
{
	int next_id = ids->next_id, idx, end;

	ids->next_id = -1;
	if (next_id >= 0) {
		*seq = next_id >> IPCMNI_SHIFT;
		return free_slot(ids, ipcid_to_idx(next_id), IPCMNI);
	}
	end = ids->in_use * 3 / 2 > IPC_MIN_CYCLE ? ids->in_use * 3 / 2 :
						    IPC_MIN_CYCLE;
	if (end > IPCMNI)
		end = IPCMNI;
	idx = free_slot(ids, ids->last_idx + 1, end);
	if (idx < 0)
		idx = free_slot(ids, 0, end);
	if (idx < 0)
		return -1;
	if (idx <= ids->last_idx && ++ids->seq >= IPCID_SEQ_MAX)
		ids->seq = 0;
	ids->last_idx = idx;
	*seq = ids->seq;
	return idx;
}

int ipc_addid(struct ipc_ids *ids, struct ipc64_perm *new, int limit)
{
	struct ipc64_perm ***block;
	uint16_t seq;
	int idx;

	if (ids->in_use >= limit || (idx = choose_slot(ids, &seq)) < 0)
		return -ENOSPC;
	block = &ids->blocks[idx / IPC_BLOCK];
	if (!*block) {
		if (!(*block = kmalloc_gfp(IPC_BLOCK * sizeof(**block), GFP_USER)))
			return -ENOMEM;
		memset(*block, 0, IPC_BLOCK * sizeof(**block));
	}
	(*block)[idx % IPC_BLOCK] = new;
	ids->used[idx / IPC_BLOCK]++;
	ids->in_use++;
	if (idx > ids->max_idx)
		ids->max_idx = idx;
	new->uid = new->cuid = current->euid;
	new->gid = new->cgid = current->egid;
	new->seq = seq;
	return ipc_buildid(idx, seq);
}

void ipc_rmid(struct ipc_ids *ids, int id)
{
	int idx = ipcid_to_idx(id), b = idx / IPC_BLOCK;

	ids->blocks[b][idx % IPC_BLOCK] = NULL;
	ids->in_use--;
	/* An empty block goes back to kmalloc; the first is the table's own. */
	if (--ids->used[b] == 0 && b > 0) {
		kfree(ids->blocks[b]);
		ids->blocks[b] = NULL;
	}
	if (ids->in_use == 0)
		ids->max_idx = -1;	/* the last one: no slot to look at */
	while (ids->max_idx >= 0 && !ipc_obtain_object_idr(ids, ids->max_idx))
		ids->max_idx--;
}

/* ---- what the ...get() and ...ctl() calls share ---- */

long ipcget(struct ipc_ids *ids, const struct ipc_ops *ops,
	    const struct ipc_params *params)
{
	struct ipc64_perm *p;
	int idx, err;

	if (params->key == IPC_PRIVATE)
		return ops->getnew(params);
	if ((idx = ipc_findkey(ids, params->key)) < 0)
		return (params->flg & IPC_CREAT) ? ops->getnew(params) : -ENOENT;
	p = ipc_obtain_object_idr(ids, idx);
	if ((params->flg & IPC_CREAT) && (params->flg & IPC_EXCL))
		return -EEXIST;
	if (ops->more_checks && (err = ops->more_checks(p, params)))
		return err;
	if (ipcperms(p, params->flg))
		return -EACCES;
	return ipc_buildid(idx, p->seq);
}

struct ipc64_perm *ipcctl_obtain_check(struct ipc_ids *ids, int id, long *err)
{
	struct ipc64_perm *p = ipc_obtain_object_check(ids, id);

	if (!p)
		*err = -EINVAL;
	else if (!ipc_owner(p))
		*err = -EPERM;
	else
		return p;
	return NULL;
}

int ipc_update_perm(const struct ipc64_perm *in, struct ipc64_perm *out)
{
	if (in->uid == (uint32_t)-1 || in->gid == (uint32_t)-1)
		return -EINVAL;
	out->uid = in->uid;
	out->gid = in->gid;
	out->mode = (out->mode & ~0777) | (in->mode & 0777);
	return 0;
}

/* ---- big tables ---- */

void **ipc_alloc_blocks(uint32_t n, uint32_t size)
{
	uint32_t per = IPC_BLOCK_BYTES / size, nb = (n + per - 1) / per;
	void **blocks;

	if (nb > IPC_BLOCK_BYTES / sizeof(void *) ||
	    !(blocks = kmalloc_gfp(nb * sizeof(void *), GFP_USER)))
		return NULL;
	memset(blocks, 0, nb * sizeof(void *));
	for (uint32_t b = 0; b < nb; b++) {
		uint32_t len = (n - b * per < per ? n - b * per : per) * size;

		if (!(blocks[b] = kmalloc_gfp(len, GFP_USER))) {
			ipc_free_blocks(blocks, n, size);
			return NULL;
		}
		memset(blocks[b], 0, len);
	}
	return blocks;
}

void ipc_free_blocks(void **blocks, uint32_t n, uint32_t size)
{
	uint32_t per = IPC_BLOCK_BYTES / size;

	for (uint32_t b = 0; b < (n + per - 1) / per; b++)
		kfree(blocks[b]);	/* kfree(NULL) is fine */
	kfree(blocks);
}

const char *ipc_octal(uint32_t v, char buf[8])
{
	char *p = buf + 7;

	*p = 0;
	do {
		*--p = '0' + (v & 7);
		v >>= 3;
	} while (v);
	return p;
}
