/* kmalloc: small kernel objects (up to 2 KiB) carved from lowmem pages. */
#ifndef MM_KMALLOC_H
#define MM_KMALLOC_H

#include <stddef.h>

void *kmalloc(size_t size);
void *kzalloc(size_t size);
/*
 * The same with an allocation kind (mm/page.h) for the page a new slab
 * needs: GFP_USER for objects a user can make by the thousand (VMAs), which
 * must leave the kernel's reserve alone and may call the OOM killer.
 */
void *kmalloc_gfp(size_t size, int gfp);
void kfree(void *p);

#endif
