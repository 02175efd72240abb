/*
 * Address spaces.  A process's user space is a page directory plus a sorted
 * list of virtual memory areas (VMAs), each a page-aligned range with
 * permissions and, for mappings that are not plain anonymous memory, a
 * vm_operations_struct: the hooks the article describes.  System V shm
 * attaches are VMAs whose vm_ops are ipc/shm.c's shm_vm_ops; mappings of a
 * file have mm/filemap.c's generic_file_vm_ops and hold the open file in
 * vm_file (docs/file-mappings.md).
 */
#ifndef MM_MM_H
#define MM_MM_H

#include <stdint.h>
#include "mm/pgtable.h"

/*
 * A VMA's flags, Linux's values.  VM_READ, VM_WRITE and VM_EXEC are what the
 * mapping allows now; the VM_MAY* bits, four places up, are what mprotect
 * may ever allow: mmap and shmat set them once (a SHM_RDONLY attach has no
 * VM_MAYWRITE), and mprotect refuses with EACCES any VM_X whose VM_MAYX is
 * clear.
 */
#define VM_READ		0x0001
#define VM_WRITE	0x0002
#define VM_EXEC		0x0004
#define VM_SHARED	0x0008	/* writes are seen by every mapper: no COW */
#define VM_MAYREAD	0x0010
#define VM_MAYWRITE	0x0020
#define VM_MAYEXEC	0x0040
#define VM_MAYSHARE	0x0080	/* mapped MAP_SHARED (or shmat), even if read-only */
#define VM_GROWSDOWN	0x0100	/* the stack */
#define VM_LOCKED	0x2000	/* mlock: the pages stay in, reclaim passes them over */
#define VM_LOCKONFAULT	0x80000	/* ...but come on first touch, not at mlock */
#define VM_DONTCOPY	0x00020000	/* madvise(MADV_DONTFORK): fork's child has no such VMA */
/*
 * MAP_DROPPABLE (mm/droppable.c): reclaim may take the pages back instead of
 * writing them to swap, and a later touch finds a zeroed page.  Linux's
 * 64-bit bit 40 does not fit shmos's 32 bits: this is the value 32-bit
 * powerpc gives it (VM_ARCH_1), unused on x86.
 */
#define VM_DROPPABLE	0x01000000
#define VM_WIPEONFORK	0x02000000	/* fork's child gets the VMA, not its pages */

#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)
/* May the CPU read it?  On i386 any access right implies reading (Linux's). */
#define vma_is_accessible(v)	(((v)->vm_flags & VM_ACCESS_FLAGS) != 0)
/* Private memory (the heap, the stack, an ELF segment) may become anything. */
#define VM_DATA_DEFAULT_FLAGS	(VM_READ | VM_WRITE | VM_MAYREAD | \
				 VM_MAYWRITE | VM_MAYEXEC)
#define VM_STACK_FLAGS		(VM_DATA_DEFAULT_FLAGS | VM_GROWSDOWN)

/*
 * Copy-on-write memory: private and possibly writable.  (A read-only shared
 * mapping is neither: it can never be written.)
 */
static inline int is_cow_mapping(uint32_t flags)
{
	return (flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

/* mmap's and mprotect's prot and mmap's flags, Linux's values. */
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4
#define PROT_SEM	0x8		/* accepted, means nothing on x86 */
#define PROT_GROWSDOWN	0x01000000	/* mprotect: down to the stack's start */
#define PROT_GROWSUP	0x02000000
#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_SHARED_VALIDATE	0x03	/* MAP_SHARED, and unknown flags are errors */
#define MAP_DROPPABLE	0x08	/* private anonymous memory reclaim may zero (Linux 6.11) */
#define MAP_TYPE	0x0f
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
#define MAP_GROWSDOWN	0x0100
#define MAP_DENYWRITE	0x0800	/* ignored, as by Linux */
#define MAP_EXECUTABLE	0x1000	/* ignored, as by Linux */
#define MAP_LOCKED	0x2000
#define MAP_NORESERVE	0x4000
#define MAP_POPULATE	0x8000	/* fault the pages in now */
#define MAP_NONBLOCK	0x10000
#define MAP_STACK	0x20000
#define MAP_HUGETLB	0x40000
#define MAP_SYNC	0x80000
#define MAP_FIXED_NOREPLACE	0x100000	/* MAP_FIXED, but EEXIST if taken */
#define MAP_UNINITIALIZED	0x4000000	/* ignored without CONFIG_MMAP_ALLOW_UNINITIALIZED */
/* What MAP_SHARED_VALIDATE knows (Linux's LEGACY_MAP_MASK). */
#define LEGACY_MAP_MASK	(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | \
			 MAP_DENYWRITE | MAP_EXECUTABLE | MAP_UNINITIALIZED | \
			 MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | \
			 MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB)

/*
 * What nopage returns when it has no page: NULL, out of memory (as
 * shm_nopage always has), NOPAGE_SIGBUS, the page lies past the end of
 * the object (a file's last page, a segment's size), or NOPAGE_RETRY.  Linux 2.4 had the
 * two the other way round.
 */
#define NOPAGE_OOM	((struct page *)0)
#define NOPAGE_SIGBUS	((struct page *)-1)
/* nopage slept (a page came in from swap, or a read of it was under way):
 * the fault starts again from the VMA, which may have changed meanwhile. */
#define NOPAGE_RETRY	((struct page *)-2)

struct vm_area_struct;
struct file;

struct vm_operations_struct {
	/* A new VMA now refers to the same object (fork, or a split). */
	void (*open)(struct vm_area_struct *vma);
	/* The VMA goes away (munmap, shmdt, exit, exec). */
	void (*close)(struct vm_area_struct *vma);
	/*
	 * A page of the VMA was touched and has no frame yet: return the frame
	 * to map at address (with a reference for the new mapping), or
	 * NOPAGE_OOM or NOPAGE_SIGBUS.  The frame may be the object's own, as
	 * shared by every mapper: do_no_page copies it for a private write.
	 */
	struct page *(*nopage)(struct vm_area_struct *vma, uint32_t address,
			       int write_access);
	/*
	 * 1: nopage takes the locks its object needs, never sleeps when no
	 * swap area is on, and may run without the big kernel lock
	 * (handle_mm_fault_nolock, mm/fault.c).
	 */
	int nopage_nolock;
	/*
	 * Optional: take the VMA's pages out of its page table (munmap, exit,
	 * exec), for an object that knows which of them can be mapped; without
	 * it, unmap_range reads every PTE of the range.  Called before close.
	 */
	void (*zap)(struct vm_area_struct *vma);
	/*
	 * Optional, for a shared mapping of a file whose pages need room on a
	 * disk (fs/ext2): a page is about to become writable; 0, or -errno
	 * and the store is SIGBUS (Linux's page_mkwrite).  nopage calls it
	 * for every fault of a writable shared mapping, a read too (do_no_page
	 * maps the page writable then: the fault path stays as it was), and
	 * mprotect that makes such a VMA writable unmaps its pages, so that no
	 * page becomes writable without a fault.
	 */
	int (*page_mkwrite)(struct vm_area_struct *vma, uint32_t address);
	const char *name;	/* for the gdb helpers and traces */
};

#define AUXV_WORDS	(2 * 18)	/* the auxiliary vector: 18 pairs of type and value */

struct mm_struct {
	int mm_users;			/* tasks using it: clone(CLONE_VM) shares it */
	pde_t *pgd;
	struct vm_area_struct *mmap;	/* VMAs sorted by address */
	struct vm_area_struct *mmap_cache;	/* last find_vma hit, or NULL */
	uint32_t free_area_cache;	/* get_unmapped_area starts here (0: at the bottom) */
	uint32_t cached_hole_size;	/* the largest hole below it */
	uint32_t start_brk, brk;	/* the heap: [start_brk, brk) */
	uint32_t start_stack;
	/* argv's strings on the stack, then envp's (exec): /proc/PID/cmdline */
	uint32_t arg_start, arg_end, env_end;
	/* exec's auxiliary vector, ending with AT_NULL: /proc/PID/auxv (gdb's) */
	uint32_t saved_auxv[AUXV_WORDS];
	uint32_t total_vm;		/* pages mapped by VMAs */
	uint32_t locked_vm;		/* of them, pages in VM_LOCKED VMAs */
	uint32_t def_flags;		/* mlockall(MCL_FUTURE): VM_LOCKED for new VMAs */
	int map_count;			/* VMAs, at most sysctl_max_map_count + 1 */
	uint64_t oom_deadline;		/* killed by the OOM killer: dead by this jiffy */
	uint32_t swap_address;		/* where reclaim's next walk starts (mm/vmscan.c) */
};

struct vm_area_struct {
	struct mm_struct *vm_mm;
	uint32_t vm_start, vm_end;	/* [start, end), page aligned */
	uint32_t vm_flags;
	struct vm_area_struct *vm_next;	/* next VMA of this mm, by address */
	const struct vm_operations_struct *vm_ops;
	uint32_t vm_pgoff;		/* page offset of vm_start in the object */
	void *vm_private_data;		/* the object: a struct shmid_kernel */
	/*
	 * The open file it maps, or NULL; counted (file_get), so the file and
	 * its pages outlive a close() of the descriptor.
	 */
	struct file *vm_file;
	/*
	 * The object's list of its mappings (Linux 2.2's names): a segment's
	 * attaches, or a file's i_mmap.
	 */
	struct vm_area_struct *vm_next_share;
	struct vm_area_struct **vm_pprev_share;
};

/* The page of the object that address falls in (Linux's linear_page_index). */
static inline uint32_t linear_page_index(const struct vm_area_struct *vma,
					 uint32_t address)
{
	return ((address - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
}

/*
 * /proc/sys/vm (kernel/sysctl.c), Linux's defaults: a process may have
 * sysctl_max_map_count VMAs (mmap and shmat give ENOMEM past it, and so do
 * the splits of mprotect and munmap), and may map nothing below
 * mmap_min_addr unless it is root (CAP_SYS_RAWIO): page 0 stays unmapped,
 * so a kernel NULL dereference cannot read user data.  65536 is Debian's
 * CONFIG_DEFAULT_MMAP_MIN_ADDR.
 */
#define DEFAULT_MAX_MAP_COUNT	65530
#define DEFAULT_MMAP_MIN_ADDR	65536
extern int sysctl_max_map_count;
extern unsigned long mmap_min_addr;

/*
 * The commit limit /proc/meminfo shows (CommitLimit, in pages): a share
 * of memory (vm.overcommit_ratio, 50%) or vm.overcommit_kbytes if set,
 * and the swap; Linux's vm_commit_limit.  shmos charges no commit and
 * refuses nothing past it (vm.overcommit_memory is 1).
 */
extern int sysctl_overcommit_ratio, sysctl_overcommit_kbytes;
uint32_t vm_commit_limit(void);

/*
 * The room kept free below every stack, in bytes: a stack may not grow to
 * within it of the VMA below (mm/fault.c's expand_stack), and neither
 * mmap's search nor brk puts memory into it.  Linux's default, 256 pages
 * (1 MiB); the boot option stack_guard_gap=PAGES sets another.
 */
#define DEFAULT_STACK_GUARD_GAP	256
extern uint32_t stack_guard_gap;
void cmdline_parse_stack_guard_gap(void);

/* Where v's room begins: its start, less the guard gap for a stack. */
static inline uint32_t vm_start_gap(const struct vm_area_struct *v)
{
	uint32_t start = v->vm_start;

	if (v->vm_flags & VM_GROWSDOWN) {
		start -= stack_guard_gap;
		if (start > v->vm_start)
			start = 0;	/* wrapped */
	}
	return start;
}

struct mm_struct *mm_alloc(void);
struct mm_struct *mm_dup(struct mm_struct *old);
void mm_release(struct mm_struct *mm);
void mmput(struct mm_struct *mm);
static inline void mmget(struct mm_struct *mm)
{
	mm->mm_users++;
}
struct vm_area_struct *find_vma(struct mm_struct *mm, uint32_t addr);
struct vm_area_struct *vma_alloc(struct mm_struct *mm, uint32_t start,
				 uint32_t end, uint32_t flags);
void insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);
int range_is_free(struct mm_struct *mm, uint32_t start, uint32_t end);
uint32_t get_unmapped_area(struct mm_struct *mm, uint32_t len);
long mm_get_unmapped_area(struct mm_struct *mm, uint32_t addr, uint32_t len,
			  uint32_t flags);
int do_munmap(struct mm_struct *mm, uint32_t addr, uint32_t len);
int split_vma(struct vm_area_struct *v, uint32_t addr);
int split_vma_range(struct vm_area_struct **vp, uint32_t start, uint32_t end);
struct vm_area_struct *copy_vma(struct vm_area_struct *v, uint32_t addr,
				uint32_t len, uint32_t pgoff);
long do_mmap(struct file *file, uint32_t addr, uint32_t len, uint32_t prot,
	     uint32_t flags, uint32_t pgoff);
int handle_mm_fault(struct mm_struct *mm, uint32_t address, int write);
int handle_mm_fault_nolock(struct mm_struct *mm, uint32_t address, int write);
void nolock_faults_sync(void);	/* swapon's and the OOM killer's */
int swapin_pte(struct mm_struct *mm, uint32_t va);	/* swapoff's */
pte_t *follow_page_force(struct mm_struct *mm, uint32_t address, int write);	/* ptrace's */

/* mlock and MAP_LOCKED (mm/mlock.c). */
int can_do_mlock(void);
int mlock_within_limit(struct mm_struct *mm, uint32_t npages);
void mm_populate(uint32_t start, uint32_t len);

/* File mappings (mm/filemap.c). */
struct inode;
int generic_file_mmap(struct file *f, struct vm_area_struct *vma);
void unmap_mapping_range(struct inode *ip, uint32_t pgoff, uint32_t nr, int even_cows);

/* rmap.c: the PTEs of a shared object's page, through its vm_next_share list */
pte_t *shared_pte(struct vm_area_struct *vma, uint32_t idx, uint32_t *va);
int shared_page_old(struct vm_area_struct *vmas, uint32_t idx, struct page *pg);
void unmap_shared_page(struct vm_area_struct *vmas, uint32_t idx,
		       struct page *pg);
int security_mmap_addr(uint32_t addr);
uint32_t count_vma_pages_range(struct mm_struct *mm, uint32_t addr,
			       uint32_t end);
int may_expand_vm(struct mm_struct *mm, uint32_t flags, uint32_t npages);
int acct_stack_growth(struct vm_area_struct *v, uint32_t size,
		      uint32_t grow);

#endif
