/*
 * System V shared memory, the classic Linux 2.2 design (ipc/shm.c).
 *
 * A segment is a struct shmid_kernel in the table shm_segs.  It owns an
 * array of page pointers, NULL until a process touches that page: shmget
 * allocates no memory at all.  shmat adds a VMA (an "attach") whose vm_ops
 * are shm_vm_ops; the first touch of a page faults into shm_nopage, which
 * allocates the frame once and hands the same frame to every attach.
 */
#ifndef IPC_SHM_H
#define IPC_SHM_H

#include <stddef.h>
#include <stdint.h>
#include "ipc/util.h"
#include "mm/layout.h"

/*
 * shmget's flag for a segment of huge pages.  shmos has none: SHM_HUGETLB
 * is EINVAL, as on a Linux built without hugetlbfs (newseg finds no huge
 * page size).  The other flags Linux knows, SHM_NORESERVE (010000: no swap
 * reserved) and the page size in bits 26-31 (SHM_HUGE_2MB and _1GB, which
 * mean something only with SHM_HUGETLB), change nothing here, and every
 * other bit is ignored, as Linux ignores it.
 */
#define SHM_HUGETLB	04000

/* shmat flags */
#define SHM_RDONLY	010000	/* attach read-only */
#define SHM_RND		020000	/* round the address down to SHMLBA */
#define SHM_REMAP	040000	/* replace whatever is mapped there */
#define SHM_EXEC	0100000	/* attach executable */

/* shmctl commands, after IPC_RMID .. IPC_INFO */
#define SHM_LOCK	11
#define SHM_UNLOCK	12
#define SHM_STAT	13	/* IPC_STAT by slot index, returns the id */
#define SHM_INFO	14
#define SHM_STAT_ANY	15	/* SHM_STAT without the read permission check */

/* Mode bits beyond rwxrwxrwx (they reuse IPC_CREAT and IPC_EXCL's values). */
#define SHM_DEST	01000	/* removed: destroy at the last detach */
#define SHM_LOCKED	02000	/* SHM_LOCK'ed: shm_swap passes it over */

/*
 * Limits, reported by IPC_INFO.  Pages are allocated only when touched, so
 * SHMALL bounds what segments may promise, not what they use: four
 * segments of the largest size.  SHMMAX, SHMALL and SHMMNI are the boot
 * values of shm_ctlmax, shm_ctlall and shm_ctlmni, which root may change
 * through /proc/sys/kernel (ipc/proc_sysvipc.c); shm_ctlmni may go up to
 * IPCMNI, the slots of a table of ids (ipc/util.h).
 */
#define SHMMNI		4096			/* segments, as Linux (the article's shm_segs had 128) */
#define SHMMIN		1			/* bytes */
#define SHMMAX		0x10000000u		/* bytes: 256 MiB */
#define SHMALL		(4 * SHMMAX / PAGE_SIZE)	/* pages: 1 GiB */
#define SHMSEG		SHMMNI			/* attaches per process: not enforced */
#define SHMLBA		PAGE_SIZE		/* attach address alignment */

/* What IPC_STAT shows: Linux i386's struct shmid64_ds. */
struct shmid64_ds {
	struct ipc64_perm shm_perm;
	uint32_t shm_segsz;	/* bytes, as asked: not rounded up */
	uint32_t shm_atime, shm_atime_high;	/* last attach */
	uint32_t shm_dtime, shm_dtime_high;	/* last detach */
	uint32_t shm_ctime, shm_ctime_high;	/* creation or last IPC_SET */
	int32_t shm_cpid;	/* creator */
	int32_t shm_lpid;	/* last shmat or shmdt */
	uint32_t shm_nattch;	/* attaches (VMAs) */
	uint32_t unused4, unused5;
};

_Static_assert(sizeof(struct shmid64_ds) == 84, "shmid64_ds is 84 bytes");
_Static_assert(offsetof(struct shmid64_ds, shm_segsz) == 36, "shm_segsz");
_Static_assert(offsetof(struct shmid64_ds, shm_atime) == 40, "shm_atime");
_Static_assert(offsetof(struct shmid64_ds, shm_dtime) == 48, "shm_dtime");
_Static_assert(offsetof(struct shmid64_ds, shm_ctime) == 56, "shm_ctime");
_Static_assert(offsetof(struct shmid64_ds, shm_cpid) == 64, "shm_cpid");
_Static_assert(offsetof(struct shmid64_ds, shm_nattch) == 72, "shm_nattch");

/* IPC_INFO's answer. */
struct shminfo64 {
	uint32_t shmmax, shmmin, shmmni, shmseg, shmall;
	uint32_t unused1, unused2, unused3, unused4;
};

_Static_assert(sizeof(struct shminfo64) == 36, "shminfo64 is 36 bytes");

/* SHM_INFO's answer: the current totals, in pages. */
struct shm_info {
	int32_t used_ids;
	uint32_t shm_tot, shm_rss, shm_swp;
	uint32_t swap_attempts, swap_successes;
};

_Static_assert(sizeof(struct shm_info) == 24, "shm_info is 24 bytes");

/*
 * Page pointers live in blocks of SHM_BLOCK, 2 KiB each, the most kmalloc
 * gives: a 256 MiB segment needs 64 K pointers, and the kernel has no
 * contiguous allocation that large.  shm_pages is the directory of blocks,
 * as a page directory is for page tables.
 *
 * Beside it, shm_present has a word per block, a bit per SHM_LINE pages
 * of the block: set once one of those pages has a frame.  Whoever needs
 * the frames (killseg, the unmapping of an attach) reads the words and
 * looks only in the lines that have some: a 64 MiB segment with 64 pages
 * touched costs a few hundred loads, not 16384.
 */
#define SHM_BLOCK	512
#define SHM_LINE	(SHM_BLOCK / 32)	/* pages per bit of shm_present */

struct vm_area_struct;
struct page;
struct ipc_namespace;

struct shmid_kernel {
	struct shmid64_ds u;		/* what IPC_STAT copies out */
	int id;				/* u.shm_perm.seq << IPCMNI_SHIFT | slot; -1: none */
	unsigned long shm_npages;	/* size in pages */
	struct page ***shm_pages;	/* [idx / SHM_BLOCK][idx % SHM_BLOCK] */
	uint32_t *shm_present;		/* [idx / SHM_BLOCK]: bit idx % SHM_BLOCK / SHM_LINE */
	struct vm_area_struct *attaches;	/* via vm_next_share */
	/* The IPC namespace whose shm_segs has it; NULL: none (no id, or the namespace died). */
	struct ipc_namespace *ns;
	uint32_t shm_swp;		/* pages out on swap: their slots hold entries */
	/*
	 * SHM_LOCK'ed: the user (real uid, as Linux's ucounts) whose
	 * RLIMIT_MEMLOCK the segment's pages count against.
	 */
	uint32_t mlock_uid;
	/* mmap(MAP_SHARED | MAP_ANONYMOUS)'s segments, which have no id, are on a
	 * list of their own, so that shm_swap's clock finds them too. */
	struct shmid_kernel *anon_next;
	/*
	 * Lab faults (docs/labs.md): the page faults shm_nopage served for the
	 * segment, and how many of them filled a page (allocated its frame).
	 * Linux has no such counts; gdb's shmsegs shows them.
	 *
	 * Every fault writes them, under shm_lock: they are on a cache line of
	 * their own (the segment is kmalloc'ed, so aligned to its size).  Two
	 * CPUs filling pages of one segment at once pass this line between
	 * them, and the fields above, which every fault reads, stay in both
	 * CPUs' caches; beside them, each write made the other CPU's next
	 * fault miss on shm_npages, shm_pages and shm_swp too.
	 */
	uint32_t shm_faults __attribute__((aligned(64)));
	uint32_t shm_fills;
};

/*
 * The system calls sys_shmget, sys_shmat, sys_shmdt and sys_shmctl are
 * declared with every other handler in kernel/syscalls.h.  shmat's and
 * shmctl's bodies serve both their direct calls and ipc() (ipc/syscall.c).
 */
long do_shmat(int shmid, uint32_t shmaddr, int shmflg, uint32_t *raddr);
long do_shmctl(int shmid, int cmd, void *buf, int ipc64);

/* mmap(MAP_SHARED | MAP_ANONYMOUS): makes vma the attach of a new segment. */
int shm_zero_setup(struct vm_area_struct *vma);
/* Would remap_file_pages of [start, end) of v kill its removed segment? */
int shm_remap_kills(struct vm_area_struct *v, uint32_t start, uint32_t end);

_Static_assert(offsetof(struct shmid_kernel, u.shm_perm) == 0,
	       "the segment begins with its perm");

/*
 * The segments that have an id of the first IPC namespace, init_ipc_ns
 * (ipc/util.h's table, as semaphores' and queues'); its next_id is
 * /proc/sys/kernel/shm_next_id.  The limits newseg enforces are the
 * namespace's (ipc/namespace.h): /proc/sys/kernel/shmmax, shmall, shmmni.
 */
extern struct ipc_ids shm_segs;

/* The segment an id names in current's namespace, or NULL (for ktest and the gdb helpers). */
struct shmid_kernel *shm_lookup(int shmid);

/*
 * /proc/sysvipc/shm: the header line, then one line per used slot of
 * shm_segs, at most SHM_PROC_LINE bytes with its NUL; 0 for a free slot.
 */
#define SHM_PROC_LINE	256
extern const char shm_proc_header[];
int shm_proc_show(int slot, char *buf, int size);
uint32_t shm_rss_pages(void);

/* Swap (mm/vmscan.c's reclaim, mm/swapfile.c's swapoff). */
int shm_swap(void);		/* one page out: 1, 0 if none, -1 swap full */
int shm_unuse(uint32_t type);	/* every page out on area type back: 0 or -errno */

/* The ktest cases (ipc/ktest_shm.c): a line each; returns the failures. */
int shm_selftest(void);

#endif
