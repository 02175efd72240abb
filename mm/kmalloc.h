/* kmalloc: small kernel objects (up to 2 KiB) carved from lowmem pages. */
#ifndef MM_KMALLOC_H
#define MM_KMALLOC_H

#include <stddef.h>
#include <stdint.h>

void *kmalloc(size_t size);
void *kzalloc(size_t size);
/*
 * The same with an allocation kind (mm/page.h) for the page a new slab
 * needs: GFP_USER for objects a user can make by the thousand (VMAs), which
 * must leave the kernel's reserve alone and may call the OOM killer.
 */
void *kmalloc_gfp(size_t size, int gfp);
void kfree(void *p);

#define KMALLOC_CLASSES	8	/* 16 .. 2048 bytes */
#define KMALLOC_MAX_SIZE	2048
/*
 * Size class c's use, for /proc/slabinfo: its objects' size, the objects
 * handed out and the pages held.
 */
void kmalloc_class_usage(int c, uint32_t *size, uint32_t *active, uint32_t *pages);

#endif
