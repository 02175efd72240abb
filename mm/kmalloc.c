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
#include "kernel/string.h"

#define MIN_SHIFT	4
#define NR_CLASSES	8	/* 16 .. 2048 */

static struct page *partial[NR_CLASSES];

static int size_class(size_t size)
{
	int c = 0;

	while (c < NR_CLASSES && ((size_t)1 << (c + MIN_SHIFT)) < size)
		c++;
	return c;
}

static struct page *new_slab(int c, int gfp)
{
	struct page *pg = alloc_page(gfp);

	if (!pg)
		return NULL;
	pg->flags |= PG_SLAB | (c << 8);
	pg->slab_free = NULL;
	pg->slab_fresh = 0;
	pg->slab_inuse = 0;
	pg->next = partial[c];
	partial[c] = pg;
	return pg;
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
	void *obj;

	if (c == NR_CLASSES || size == 0)
		return NULL;
	pg = partial[c] ? partial[c] : new_slab(c, gfp);
	if (!pg)
		return NULL;
	if ((obj = pg->slab_free))
		pg->slab_free = *(void **)obj;
	else
		obj = (char *)page_address(pg) + (pg->slab_fresh++ << (c + MIN_SHIFT));
	pg->slab_inuse++;
	if (slab_full(pg, c))		/* off the partial list */
		unlink_partial(c, pg);
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
	struct page *pg;
	int c;

	if (!p)
		return;
	pg = virt_to_page(p);
	c = PG_SLAB_CLASS(pg->flags);
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
		put_page(pg);
	}
}
