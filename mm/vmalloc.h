/*
 * The vmalloc area (mm/vmalloc.c): kernel mappings made at boot and kept,
 * outside the direct map.
 */
#ifndef MM_VMALLOC_H
#define MM_VMALLOC_H

#include <stdint.h>

void vmalloc_init(void);
void *ioremap(uint32_t phys, uint32_t size);
void *vmalloc_stack(void);

#endif
