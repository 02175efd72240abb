/*
 * Physical page frames.  Every frame of RAM has a struct page; a frame in
 * use has a reference count (a page mapped by two processes, or held by a
 * shm segment and mapped by its attaches, counts each holder) and returns to
 * the free lists when the count drops to zero.
 */
#ifndef MM_PAGE_H
#define MM_PAGE_H

#include <stddef.h>
#include <stdint.h>
#include "mm/layout.h"

struct page {
	uint16_t flags;
	union {
		uint16_t slab_inuse;	/* kmalloc: objects handed out from this page */
		/* A user page: the id of the memory cgroup it is charged to,
		 * 0 for none (mm/memcontrol.c) */
		uint16_t memcg_id;
	};
	union {
		int32_t count;		/* references; 0 when free */
		uint32_t slab_fresh;	/* kmalloc: objects never handed out start here */
	};
	struct page *next;	/* free list, kmalloc's partial list, or the swap
				   cache's hash chain (mm/swap_state.c) */
	union {
		void *slab_free;	/* kmalloc: first free object in this page */
		uint32_t private;	/* in the swap cache: its swap entry */
	};
};

#define PG_RESERVED	0x01	/* not RAM, or the kernel image: never free */
#define PG_HIGHMEM	0x02	/* above the direct map: reach it with kmap */
#define PG_SLAB		0x04	/* owned by kmalloc */
#define PG_SWAPCACHE	0x08	/* in the swap cache: private is its entry */
#define PG_LOCKED	0x10	/* being read from swap: wait_on_page */
#define PG_DIRTY	0x20	/* in the swap cache, but its slot does not hold it */
#define PG_READAHEAD	0x40	/* read ahead into the swap cache, not looked at yet */
#define PG_SHMEM	0x80	/* charged to its memory cgroup as shmem, not anon */
#define PG_PAGETABLE	0x1000	/* charged to its memory cgroup as a page table */
#define PG_SLAB_CLASS(f)	(((f) >> 8) & 0xF)

/*
 * Allocation kinds.  Kernel data needs a direct-mapped (lowmem) frame;
 * user pages may be anywhere.  The last min_free_kbytes of lowmem are the
 * kernel's reserve: only GFP_KERNEL takes from it, so that when users have
 * taken everything else the kernel can still finish a system call, build a
 * page table, kill a process.  A user allocation that finds only the
 * reserve left calls the out-of-memory killer (mm/oom_kill.c) and tries
 * again while it frees memory.
 */
#define GFP_KERNEL	0	/* kernel data: lowmem, the reserve too */
#define GFP_HIGHUSER	1	/* user pages: highmem first, no reserve */
#define GFP_USER	2	/* lowmem a user makes the kernel use (file and pipe
				   pages, page tables, VMAs): no reserve */
#define __GFP_NORETRY	0x10	/* with a user kind: fail, never call the OOM killer */
/*
 * With a user kind: the caller may sleep (it holds the big kernel lock and
 * no spin lock, and looks again at whatever another task could change
 * meanwhile), so before the OOM killer the allocator puts pages out to swap
 * itself (direct_reclaim, mm/vmscan.c) and tries again while that frees
 * some, as Linux's __alloc_pages_slowpath.  Linux's GFP_USER has it; here
 * the callers that may sleep ask for it, each audited: an allocation
 * without it never lets another task run (the killer does not either).
 */
#define __GFP_DIRECT_RECLAIM	0x20
#define GFP_KIND(gfp)	((gfp) & 0x0F)

extern struct page *mem_map;
extern uint32_t max_pfn;

struct multiboot_info;
void mem_init_multiboot(const struct multiboot_info *mbi);
struct page *get_page_from_freelist(int gfp);
struct page *__alloc_page(int gfp);		/* the free lists; the OOM killer if no swap room */
struct page *__alloc_page_reclaim(int gfp);	/* reclaim first: it may sleep */

/*
 * Inline, so that a call whose gfp is known has one of the two in its code:
 * reclaim (which sleeps, and goes deep into the disk driver) is in a
 * caller's call graph only if it asks for it (scripts/stackcheck).
 */
static inline struct page *alloc_page(int gfp)
{
	if (gfp & __GFP_DIRECT_RECLAIM)
		return __alloc_page_reclaim(gfp);
	return __alloc_page(gfp);
}
int out_of_memory(void);		/* mm/oom_kill.c */
/* A process's bias for the OOM killer (signal->oom_score_adj), and its score. */
#define OOM_SCORE_ADJ_MIN	(-1000)		/* never picked */
#define OOM_SCORE_ADJ_MAX	1000
#define OOM_DISABLE		(-17)		/* /proc/PID/oom_adj's old scale: never */
#define OOM_ADJUST_MAX		15
#define OOM_BADNESS_NEVER	(-0x7fffffffL - 1)	/* Linux's LONG_MIN */
struct task;
long oom_badness(struct task *t);
int oom_score(struct task *t);
/*
 * Atomic (lock incl), as put_page's decrement: a page fault without the big
 * kernel lock (mm/fault.c) takes a reference on a segment's frame while a
 * task holding the big lock on another CPU drops another mapping's.
 */
static inline void get_page(struct page *pg)
{
	__atomic_add_fetch(&pg->count, 1, __ATOMIC_RELAXED);
}
void put_page(struct page *pg);
/*
 * Frames on the free lists, without those on the CPUs' own lists (mm/page.c):
 * the watermarks' count, as Linux's NR_FREE_PAGES.  Every system call and
 * fault reads it (try_to_free_pages), so it is one load.
 */
extern uint32_t nr_free;
uint32_t nr_free_pages(void);		/* every free frame, the CPUs' lists' too */
uint32_t nr_total_pages(void);
uint32_t nr_total_highpages(void);	/* of them, above the direct map */
uint32_t nr_free_highpages(void);
int phys_is_ram(uint32_t pa);
extern int min_free_kbytes;	/* /proc/sys/vm/min_free_kbytes: the reserve */
/*
 * Linux 2.2's freepages, in pages, from min_free_kbytes: min is the
 * kernel's reserve; below low (32 pages above it) faults and system calls
 * reclaim themselves; below high (32 more) kswapd is woken (mm/swap.h).
 * Kept, not computed, since every system call reads high.
 */
typedef struct freepages_v {
	uint32_t min, low, high;
} freepages_v;
extern freepages_v freepages;
int setup_freepages(const int *old);	/* after min_free_kbytes changes */

void *get_free_page(void);		/* get_zeroed_page(GFP_KERNEL) */
void free_kpage(void *addr);

static inline uint32_t page_to_pfn(const struct page *pg) { return pg - mem_map; }
static inline struct page *pfn_to_page(uint32_t pfn) { return mem_map + pfn; }
static inline uint32_t page_to_phys(const struct page *pg)
{
	return page_to_pfn(pg) << PAGE_SHIFT;
}
static inline struct page *phys_to_page(uint32_t pa)
{
	return pfn_to_page(pa >> PAGE_SHIFT);
}
static inline struct page *virt_to_page(const void *va)
{
	return phys_to_page(V2P(va));
}
/* Only for lowmem pages. */
static inline void *page_address(const struct page *pg)
{
	return P2V(page_to_phys(pg));
}

/* Zeroes a page-aligned page: 1024 stores, the bulk of a first touch. */
static inline void clear_page(void *va)
{
	uint32_t n = PAGE_SIZE / 4;

	asm volatile("rep stosl" : "+D"(va), "+c"(n) : "a"(0) : "memory");
}

/* A lowmem page as it was, not cleared, at its kernel address; NULL if none. */
static inline void *__get_free_page(int gfp)
{
	struct page *pg = alloc_page(gfp);

	return pg ? page_address(pg) : NULL;
}

/* A zeroed lowmem page (GFP_KERNEL or GFP_USER), at its kernel address. */
static inline void *get_zeroed_page(int gfp)
{
	void *va = __get_free_page(gfp);

	if (va)
		clear_page(va);
	return va;
}

/* Temporary kernel windows onto any frame (mm/highmem.c). */
void *kmap(struct page *pg);
void kunmap(void *addr);
void clear_highpage(struct page *pg);
void copy_highpage(struct page *dst, struct page *src);

/* Set up by mem_init_multiboot from the multiboot information. */
struct boot_module {
	uint32_t start, end;	/* physical */
	uint32_t lost;		/* bytes of a module not wholly in lowmem RAM (then
				 * start == end: it is not used) */
};
extern struct boot_module initrd;
void initrd_free(void);

#endif
