/* execve and the file-system calls it needs (implemented in fs/namei.c, ramfs.c). */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include <stdint.h>

#define PATH_MAX_LEN	1024

struct inode;

int exec_lookup(const char *kpath, struct inode **ipp);
long inode_read(struct inode *ip, void *dst, uint32_t off, uint32_t n, int to_user);
uint32_t inode_size(struct inode *ip);
void inode_put(struct inode *ip);

int do_execve(const char *path, char *const argv[], char *const envp[],
	      int from_user);

#endif
