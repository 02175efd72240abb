/*
 * Address spaces.  A process's user space is a page directory plus a sorted
 * list of virtual memory areas (VMAs), each a page-aligned range with
 * permissions and, for mappings that are not plain anonymous memory, a
 * vm_operations_struct: the hooks the article describes.  System V shm
 * attaches are VMAs whose vm_ops are ipc/shm.c's shm_vm_ops.
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

#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)
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
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20

struct vm_area_struct;

struct vm_operations_struct {
	/* A new VMA now refers to the same object (fork, or a split). */
	void (*open)(struct vm_area_struct *vma);
	/* The VMA goes away (munmap, shmdt, exit, exec). */
	void (*close)(struct vm_area_struct *vma);
	/*
	 * A page of the VMA was touched and has no frame yet: return the frame
	 * to map at address (with a reference for the new mapping), or NULL
	 * for out of memory.
	 */
	struct page *(*nopage)(struct vm_area_struct *vma, uint32_t address,
			       int write_access);
	const char *name;	/* for the gdb helpers and traces */
};

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
	uint32_t total_vm;		/* pages mapped by VMAs */
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
	/* The object's list of attaches (Linux 2.2's names). */
	struct vm_area_struct *vm_next_share;
	struct vm_area_struct **vm_pprev_share;
};

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
int do_munmap(struct mm_struct *mm, uint32_t addr, uint32_t len);
int split_vma(struct vm_area_struct *v, uint32_t addr);
long do_mmap(struct mm_struct *mm, uint32_t addr, uint32_t len, uint32_t prot,
	     uint32_t flags, int (*setup)(struct vm_area_struct *vma));
int handle_mm_fault(struct mm_struct *mm, uint32_t address, int write);
int swapin_pte(struct mm_struct *mm, uint32_t va);	/* swapoff's */
int security_mmap_addr(uint32_t addr);
uint32_t count_vma_pages_range(struct mm_struct *mm, uint32_t addr,
			       uint32_t end);
int may_expand_vm(struct mm_struct *mm, uint32_t flags, uint32_t npages);
int acct_stack_growth(struct vm_area_struct *v, uint32_t size,
		      uint32_t grow);

#endif
