/*
 * memfd_create's files and the seals fcntl puts on tmpfs files (fs/memfd.c),
 * as Linux's mm/memfd.c.
 */
#ifndef FS_MEMFD_H
#define FS_MEMFD_H

#include <stdint.h>

struct file;
struct inode;

#define MFD_CLOEXEC		0x0001u
#define MFD_ALLOW_SEALING	0x0002u

/* fcntl's commands and the seals, Linux's values. */
#define F_ADD_SEALS		1033
#define F_GET_SEALS		1034
#define F_SEAL_SEAL		0x0001u	/* no more seals */
#define F_SEAL_SHRINK		0x0002u
#define F_SEAL_GROW		0x0004u
#define F_SEAL_WRITE		0x0008u	/* no writes, no writable shared mappings */
#define F_SEAL_FUTURE_WRITE	0x0010u	/* the same, for new ones only */

long memfd_fcntl(struct file *f, uint32_t cmd, uint32_t arg);
int memfd_check_write(struct inode *ip, uint64_t pos, uint32_t n);
int memfd_check_size(struct inode *ip, uint64_t size);
long memfd_check_mmap(struct file *f, long vm_flags);

#endif
