/*
 * kmalloc: power-of-two size classes from 16 bytes to 2 KiB.  Each class
 * keeps a list of lowmem pages with free objects; a page whose objects are
 * all free goes straight back to the page allocator, so sysinfo's freeram
 * returns to the same value once everything is freed (the leak tests rely
 * on it).
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

static struct page *new_slab(int c)
{
	struct page *pg = alloc_page(GFP_KERNEL);
	size_t size = (size_t)1 << (c + MIN_SHIFT);
	char *base;

	if (!pg)
		return NULL;
	base = page_address(pg);
	/* Thread every object onto the page's free list. */
	for (size_t off = 0; off + size < PAGE_SIZE; off += size)
		*(void **)(base + off) = base + off + size;
	*(void **)(base + PAGE_SIZE - size) = NULL;
	pg->flags |= PG_SLAB | (c << 8);
	pg->slab_free = base;
	pg->slab_inuse = 0;
	pg->next = partial[c];
	partial[c] = pg;
	return pg;
}

static void unlink_partial(int c, struct page *pg)
{
	struct page **pp = &partial[c];

	while (*pp != pg)
		pp = &(*pp)->next;
	*pp = pg->next;
	pg->next = NULL;
}

void *kmalloc(size_t size)
{
	int c = size_class(size);
	struct page *pg;
	void *obj;

	if (c == NR_CLASSES || size == 0)
		return NULL;
	pg = partial[c] ? partial[c] : new_slab(c);
	if (!pg)
		return NULL;
	obj = pg->slab_free;
	pg->slab_free = *(void **)obj;
	pg->slab_inuse++;
	if (!pg->slab_free)		/* full: off the partial list */
		unlink_partial(c, pg);
	return obj;
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
	if (!pg->slab_free) {		/* was full: back on the partial list */
		pg->next = partial[c];
		partial[c] = pg;
	}
	*(void **)p = pg->slab_free;
	pg->slab_free = p;
	if (--pg->slab_inuse == 0) {
		unlink_partial(c, pg);
		pg->flags &= ~(PG_SLAB | 0xF00);
		put_page(pg);
	}
}
