/* kmalloc: small kernel objects (up to 2 KiB) carved from lowmem pages. */
#ifndef MM_KMALLOC_H
#define MM_KMALLOC_H

#include <stddef.h>

void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);

#endif
