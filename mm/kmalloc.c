/*
 * kmalloc: power-of-two size classes from 16 bytes to 2 KiB.  Each class
 * keeps a list of lowmem pages with free objects; a page whose objects are
 * all free goes straight back to the page allocator, so sysinfo's freeram
 * returns to the same value once everything is freed (the leak tests rely
 * on it).  A page hands out its objects in order first (slab_fresh) and
 * reuses freed ones after (slab_free), so a new page costs no set-up loop.
 */
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"

#define MIN_SHIFT	4
#define NR_CLASSES	KMALLOC_CLASSES
_Static_assert(KMALLOC_MAX_SIZE == 1 << (MIN_SHIFT + NR_CLASSES - 1), "the largest class");

/* The partial lists and every slab's free list (Linux's cache spinlock). */
static DEFINE_SPINLOCK(kmalloc_lock);
static struct page *partial[NR_CLASSES];

static int size_class(size_t size)
{
	int c = 0;

	while (c < NR_CLASSES && ((size_t)1 << (c + MIN_SHIFT)) < size)
		c++;
	return c;
}

/* pg becomes a slab of class c, first on its partial list.  kmalloc_lock held. */
static void new_slab(int c, struct page *pg)
{
	pg->flags |= PG_SLAB | (c << 8);
	pg->slab_free = NULL;
	pg->slab_fresh = 0;
	pg->slab_inuse = 0;
	pg->next = partial[c];
	partial[c] = pg;
}

static int slab_full(struct page *pg, int c)
{
	return !pg->slab_free && (pg->slab_fresh << (c + MIN_SHIFT)) >= PAGE_SIZE;
}

static void unlink_partial(int c, struct page *pg)
{
	struct page **pp = &partial[c];

	while (*pp != pg)
		pp = &(*pp)->next;
	*pp = pg->next;
	pg->next = NULL;
}

void *kmalloc_gfp(size_t size, int gfp)
{
	int c = size_class(size);
	struct page *pg;
	uint32_t flags;
	void *obj;

	if (c == NR_CLASSES || size == 0)
		return NULL;
	flags = spin_lock_irqsave_smp(&kmalloc_lock);
	if (!partial[c]) {
		/* alloc_page may call the OOM killer: not under the lock */
		spin_unlock_irqrestore_smp(&kmalloc_lock, flags);
		/* No reclaim: a slab page is one in many objects, and the
		 * callers were not made to look again after a sleep. */
		if (!(pg = alloc_page(gfp & ~__GFP_DIRECT_RECLAIM)))
			return NULL;
		flags = spin_lock_irqsave_smp(&kmalloc_lock);
		new_slab(c, pg);
	}
	pg = partial[c];
	if ((obj = pg->slab_free))
		pg->slab_free = *(void **)obj;
	else
		obj = (char *)page_address(pg) + (pg->slab_fresh++ << (c + MIN_SHIFT));
	pg->slab_inuse++;
	if (slab_full(pg, c))		/* off the partial list */
		unlink_partial(c, pg);
	spin_unlock_irqrestore_smp(&kmalloc_lock, flags);
	return obj;
}

void *kmalloc(size_t size)
{
	return kmalloc_gfp(size, GFP_KERNEL);
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	struct page *pg, *empty = NULL;
	uint32_t flags;
	int c;

	if (!p)
		return;
	pg = virt_to_page(p);
	c = PG_SLAB_CLASS(pg->flags);
	flags = spin_lock_irqsave_smp(&kmalloc_lock);
	if (slab_full(pg, c)) {		/* back on the partial list */
		pg->next = partial[c];
		partial[c] = pg;
	}
	*(void **)p = pg->slab_free;
	pg->slab_free = p;
	if (--pg->slab_inuse == 0) {
		unlink_partial(c, pg);
		pg->flags &= ~(PG_SLAB | 0xF00);
		pg->count = 1;		/* slab_fresh shared its word */
		empty = pg;
	}
	spin_unlock_irqrestore_smp(&kmalloc_lock, flags);
	if (empty)
		put_page(empty);
}

/* A walk of mem_map: a full slab is on no list, so only the frames know. */
void kmalloc_class_usage(int c, uint32_t *size, uint32_t *active, uint32_t *pages)
{
	*size = 1u << (c + MIN_SHIFT);
	*active = *pages = 0;
	for (uint32_t pfn = 0; pfn < max_pfn; pfn++) {
		struct page *pg = &mem_map[pfn];

		if ((pg->flags & PG_SLAB) && PG_SLAB_CLASS(pg->flags) == c) {
			*active += pg->slab_inuse;
			(*pages)++;
		}
	}
}
