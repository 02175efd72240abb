/*
 * ktest cases for ipc/shm.c, run from the boot thread (`ktest` on the
 * command line).  They go through the same entry points as user programs:
 * the system calls, and handle_mm_fault for a touch, in an address space
 * made for the test and lent to the boot thread meanwhile.
 */
#include "ipc/shm.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/pgtable.h"
#include "mm/uaccess.h"

static int failures;

static void report(const char *name, const char *failure)
{
	ktest_report(name, failure);
	failures += failure != NULL;
}

/* An empty address space for current, which has none (it is the boot thread). */
static struct mm_struct *enter_mm(void)
{
	return current->mm = mm_alloc();
}

static void leave_mm(void)
{
	mm_release(current->mm);	/* exit's detach: shm_close for each attach */
	current->mm = NULL;
}

static uint32_t attach(int id, int shmflg)
{
	uint32_t addr;

	return do_shmat(id, 0, shmflg, &addr) ? 0 : addr;
}

/* The frame mapped at addr in mm, or NULL. */
static struct page *frame_at(struct mm_struct *mm, uint32_t addr)
{
	pte_t *pte = pte_walk(mm->pgd, addr, 0);

	return pte && (*pte & PTE_P) ? pte_page(*pte) : NULL;
}

static struct page *seg_page(struct shmid_kernel *shp, uint32_t idx)
{
	return shp->shm_pages[idx / SHM_BLOCK][idx % SHM_BLOCK];
}

/* shmget gives page pointers, no frames: a 64 MiB segment costs its table. */
static const char *test_newseg_lazy(void)
{
	uint32_t before = nr_free_pages(), used;
	long id = sys_shmget(IPC_PRIVATE, 64 << 20, 0600);
	struct shmid_kernel *shp = shm_lookup(id);
	const char *err = NULL;

	if (!shp)
		return "shmget of 64 MiB failed";
	used = before - nr_free_pages();
	if (shp->shm_npages != (64 << 20) / PAGE_SIZE)
		err = "wrong page count";
	for (uint32_t i = 0; i < shp->shm_npages; i++)
		if (seg_page(shp, i))
			err = "a page has a frame before any touch";
	if (used > 16 + 2)	/* 32 blocks of 2 KiB, the directory, the segment */
		err = "newseg took more frames than its table needs";
	if (do_shmctl(id, IPC_RMID, 0, 1) || shm_lookup(id))
		err = "IPC_RMID did not remove it";
	if (nr_free_pages() != before)
		err = "the table's frames did not come back";
	return err;
}

/*
 * A case that needs an address space: fn gets an empty one and a new segment
 * of size bytes for key, and returns its first failure.  Whatever fn leaves,
 * both go afterwards, and every frame must come back.
 */
static const char *with_mm(int key, uint32_t size,
			   const char *(*fn)(struct mm_struct *, struct shmid_kernel *))
{
	uint32_t before = nr_free_pages();
	long id = sys_shmget(key, size, IPC_CREAT | 0600);
	struct shmid_kernel *shp = shm_lookup(id);
	const char *err;

	if (!shp)
		return "shmget failed";
	err = enter_mm() ? fn(current->mm, shp) : "out of memory";
	if (current->mm)
		leave_mm();
	if (shm_lookup(id))
		do_shmctl(id, IPC_RMID, 0, 1);
	if (!err && nr_free_pages() != before)
		err = "frames leaked";
	return err;
}

/* The first touch allocates the frame; every other touch maps the same one. */
static const char *nopage_shares(struct mm_struct *mm, struct shmid_kernel *shp)
{
	uint32_t a = attach(shp->id, 0), b = attach(shp->id, SHM_RDONLY);
	struct page *pg;

	if (!a || !b || a == b || shp->u.shm_nattch != 2)
		return "two attaches at two addresses, nattch 2";
	if (handle_mm_fault(mm, a + PAGE_SIZE, 1))
		return "a write fault on the attach failed";
	pg = seg_page(shp, 1);
	if (!pg || frame_at(mm, a + PAGE_SIZE) != pg || pg->count != 2)
		return "the touched page is not the segment's frame, held twice";
	if (handle_mm_fault(mm, b + PAGE_SIZE, 0) || frame_at(mm, b + PAGE_SIZE) != pg ||
	    pg->count != 3)
		return "the second attach does not share the frame";
	if (handle_mm_fault(mm, b, 1) != -EFAULT)
		return "a write to a SHM_RDONLY attach was allowed";
	if (seg_page(shp, 0) || seg_page(shp, 2))
		return "untouched pages got frames";
	leave_mm();
	if (shp->u.shm_nattch != 0 || pg->count != 1)
		return "exit did not drop the attaches and their references";
	return NULL;
}

static const char *test_nopage_shares(void)
{
	return with_mm(IPC_PRIVATE, 3 * PAGE_SIZE, nopage_shares);
}

/* fork copies the attach (shm_open) and its mapping of the same frame. */
static const char *fork_shares(struct mm_struct *mm, struct shmid_kernel *shp)
{
	uint32_t a = attach(shp->id, 0);
	struct mm_struct *child;
	const char *err = NULL;
	struct page *pg;

	if (!a || handle_mm_fault(mm, a, 1) || !(pg = seg_page(shp, 0)))
		return "the parent's attach or its first touch failed";
	if (!(child = mm_dup(mm)))
		return "mm_dup failed";
	if (shp->u.shm_nattch != 2 || shp->attaches == NULL ||
	    shp->attaches->vm_next_share == NULL)
		err = "the child's attach is not counted or listed";
	else if (frame_at(child, a) != pg || pg->count != 3)
		err = "the child does not map the same frame";
	mm_release(child);
	if (!err && (shp->u.shm_nattch != 1 || pg->count != 2))
		err = "the child's exit did not detach";
	return err;
}

static const char *test_fork_shares(void)
{
	return with_mm(IPC_PRIVATE, PAGE_SIZE, fork_shares);
}

/* IPC_RMID of an attached segment waits for the last detach. */
#define RMID_KEY	0x5348

static const char *rmid_deferred(struct mm_struct *mm, struct shmid_kernel *shp)
{
	int id = shp->id;
	uint32_t a = attach(id, 0), b = attach(id, 0);

	if (!a || !b)
		return "two attaches failed";
	if (handle_mm_fault(mm, a, 1))
		return "a touch of the attach failed";
	if (do_shmctl(id, IPC_RMID, 0, 1) || shm_lookup(id) != shp)
		return "an attached segment went away at IPC_RMID";
	if (!(shp->u.shm_perm.mode & SHM_DEST) || shp->u.shm_perm.key != IPC_PRIVATE)
		return "not marked SHM_DEST with its key freed";
	if (sys_shmget(RMID_KEY, 0, 0) != -ENOENT)
		return "the old key still finds it";
	if (sys_shmdt(a) || shp->u.shm_nattch != 1 || sys_shmdt(a) != -EINVAL)
		return "shmdt did not detach exactly once";
	if (sys_shmdt(b) || shm_lookup(id))
		return "the last detach did not destroy it";
	return NULL;	/* with_mm checks that killseg freed every frame */
}

static const char *test_rmid_deferred(void)
{
	return with_mm(RMID_KEY, 2 * PAGE_SIZE, rmid_deferred);
}

/*
 * Lab faults: every shm_nopage call is a fault on the segment, and the one
 * that gives a page its frame is also a fill.  A 4-page segment: the parent
 * touches pages 0 and 2; a forked child touches all four, but fork mapped 0
 * and 2 for it already; a second attach reads page 0 again.
 */
static const char *fault_counts(struct mm_struct *mm, struct shmid_kernel *shp)
{
	uint32_t a = attach(shp->id, 0), b;
	struct mm_struct *child;
	const char *err = NULL;

	if (!a || handle_mm_fault(mm, a, 1) || handle_mm_fault(mm, a + 2 * PAGE_SIZE, 0))
		return "attach or touch failed";
	if (shp->shm_faults != 2 || shp->shm_fills != 2)
		return "touches of pages 0 and 2: not 2 faults and 2 fills";
	if (!(child = mm_dup(mm)))
		return "mm_dup failed";
	for (uint32_t i = 0; i < 4 && !err; i++)
		if (handle_mm_fault(child, a + i * PAGE_SIZE, 1))
			err = "the child's touch failed";
	mm_release(child);
	if (!err && (shp->shm_faults != 4 || shp->shm_fills != 4))
		err = "the child's touches of pages 0-3 (fork mapped 0 and 2): not 4 faults, 4 fills";
	if (err)
		return err;
	if (!(b = attach(shp->id, SHM_RDONLY)) || handle_mm_fault(mm, b, 0))
		return "a second attach or its read failed";
	if (shp->shm_faults != 5 || shp->shm_fills != 4)
		return "a second attach's read of page 0: not 5 faults, 4 fills";
	return NULL;
}

static const char *test_fault_counts(void)
{
	return with_mm(IPC_PRIVATE, 4 * PAGE_SIZE, fault_counts);
}

/*
 * A system call that writes into an attach faults its pages in for the user
 * (mm/uaccess.c's fault_in_user): those are faults on the segment too.
 */
static const char *fault_kernel(struct mm_struct *mm, struct shmid_kernel *shp)
{
	uint32_t a = attach(shp->id, 0);

	if (!a || fault_in_user(a + PAGE_SIZE - 2, 4, 1))
		return "attach, or fault_in_user across pages 0 and 1, failed";
	if (shp->shm_faults != 2 || shp->shm_fills != 2)
		return "fault_in_user of pages 0 and 1: not 2 faults, 2 fills";
	if (fault_in_user(a, PAGE_SIZE, 0) || shp->shm_faults != 2)
		return "a page already mapped was counted again";
	return NULL;
}

static const char *test_fault_kernel(void)
{
	return with_mm(IPC_PRIVATE, 2 * PAGE_SIZE, fault_kernel);
}

/* How many PTEs of [start, end) in mm are present. */
static uint32_t mapped_pages(struct mm_struct *mm, uint32_t start, uint32_t end)
{
	uint32_t n = 0;

	for (uint32_t va = start; va < end; va += PAGE_SIZE)
		n += frame_at(mm, va) != NULL;
	return n;
}

/*
 * A 64 MiB segment with pages touched far apart, at the edges of lines,
 * blocks and page tables.  shm_zap unmaps an attach, or a piece of one,
 * by the segment's present lines: every PTE of the range must go, each
 * frame keeps the segment's reference and loses the mapping's.
 */
static const uint32_t sparse_pages[] = {
	0, 15, 16, 511, 512, 1023, 1024, 5000, 8191, 16383,
};
#define NSPARSE	(sizeof(sparse_pages) / sizeof(sparse_pages[0]))

static const char *sparse_zap(struct mm_struct *mm, struct shmid_kernel *shp)
{
	uint32_t a = attach(shp->id, 0), b = attach(shp->id, 0);
	uint32_t size = shp->shm_npages * PAGE_SIZE;

	if (!a || !b)
		return "two attaches of 64 MiB failed";
	for (uint32_t i = 0; i < NSPARSE; i++)
		if (handle_mm_fault(mm, a + sparse_pages[i] * PAGE_SIZE, 1) ||
		    handle_mm_fault(mm, b + sparse_pages[i] * PAGE_SIZE, 0))
			return "a touch failed";
	if (mapped_pages(mm, a, a + size) != NSPARSE)
		return "the touches did not map exactly the pages touched";
	/* A piece from page 16 to page 1024 (not included): pages 16, 511, 512, 1023. */
	if (do_munmap(mm, a + 16 * PAGE_SIZE, 1008 * PAGE_SIZE))
		return "munmap of a piece failed";
	if (mapped_pages(mm, a, a + size) != NSPARSE - 4)
		return "munmap of a piece left its pages mapped, or took others";
	if (seg_page(shp, 511)->count != 2 || seg_page(shp, 15)->count != 3)
		return "a frame's count is not 1 plus its mappings";
	if (sys_shmdt(a) || mapped_pages(mm, a, a + size) != 0)
		return "shmdt left pages mapped";
	if (mapped_pages(mm, b, b + size) != NSPARSE)
		return "the other attach lost its pages";
	for (uint32_t i = 0; i < NSPARSE; i++)
		if (seg_page(shp, sparse_pages[i])->count != 2)
			return "after shmdt a frame's count is not 2";
	return NULL;	/* with_mm: exit unmaps b, IPC_RMID frees every frame */
}

static const char *test_sparse_zap(void)
{
	return with_mm(IPC_PRIVATE, 64 << 20, sparse_zap);
}

/*
 * A removed id stays invalid when its slot is reused.  New segments take
 * the slots after the last one given (ipc/util.c), so make and remove
 * segments until one comes round to the old id's slot.
 */
static const char *test_stale_id(void)
{
	long old = sys_shmget(IPC_PRIVATE, 1, 0600), new = -1;
	const char *err = NULL;

	do_shmctl(old, IPC_RMID, 0, 1);
	for (int i = 0; i < IPCMNI; i++) {
		new = sys_shmget(IPC_PRIVATE, 1, 0600);
		if (new < 0 || ipcid_to_idx(new) == ipcid_to_idx(old))
			break;
		do_shmctl(new, IPC_RMID, 0, 1);
	}
	if (new < 0 || new == old || ipcid_to_idx(new) != ipcid_to_idx(old))
		err = "the slot's new segment did not get a new id";
	if (shm_lookup(old) || do_shmctl(old, IPC_RMID, 0, 1) != -EINVAL)
		err = "the old id still works";
	do_shmctl(new, IPC_RMID, 0, 1);
	return err;
}

int shm_selftest(void)
{
	failures = 0;
	report("shm_newseg_lazy", test_newseg_lazy());
	report("shm_nopage_shares", test_nopage_shares());
	report("shm_fork_shares", test_fork_shares());
	report("shm_rmid_deferred", test_rmid_deferred());
	report("shm_stale_id", test_stale_id());
	report("shm_sparse_zap", test_sparse_zap());
	report("shm_fault_counts", test_fault_counts());
	report("shm_fault_kernel", test_fault_kernel());
	return failures;
}
