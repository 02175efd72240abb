/*
 * devpts (fs/devpts.c): the directory of the pseudo-terminals' slaves,
 * /dev/pts, whose nodes drivers/pty.c makes and kills.
 */
#ifndef FS_DEVPTS_H
#define FS_DEVPTS_H

#include <stdint.h>

struct inode;
struct file;

extern const struct inode_operations devpts_dir_iops;
struct inode *devpts_fill_super(uint32_t dev);
int devpts_parse_options(char *data);
int devpts_dir_name(struct inode *child, char *buf, int size);
int devpts_pty_new(int index);
void devpts_pty_kill(int index);
int devpts_open_peer(int index, uint32_t flags, struct file **fp);

#endif
