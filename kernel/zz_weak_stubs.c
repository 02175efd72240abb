/* TEMPORARY: weak -ENOSYS defaults while subsystems land; deleted before release. */
#include "kernel/errno.h"
__attribute__((weak)) long sys_read(void) { return -ENOSYS; }
__attribute__((weak)) long sys_write(void) { return -ENOSYS; }
__attribute__((weak)) long sys_open(void) { return -ENOSYS; }
__attribute__((weak)) long sys_close(void) { return -ENOSYS; }
__attribute__((weak)) long sys_creat(void) { return -ENOSYS; }
__attribute__((weak)) long sys_link(void) { return -ENOSYS; }
__attribute__((weak)) long sys_unlink(void) { return -ENOSYS; }
__attribute__((weak)) long sys_chdir(void) { return -ENOSYS; }
__attribute__((weak)) long sys_chmod(void) { return -ENOSYS; }
__attribute__((weak)) long sys_lseek(void) { return -ENOSYS; }
__attribute__((weak)) long sys_access(void) { return -ENOSYS; }
__attribute__((weak)) long sys_sync(void) { return -ENOSYS; }
__attribute__((weak)) long sys_rename(void) { return -ENOSYS; }
__attribute__((weak)) long sys_mkdir(void) { return -ENOSYS; }
__attribute__((weak)) long sys_rmdir(void) { return -ENOSYS; }
__attribute__((weak)) long sys_dup(void) { return -ENOSYS; }
__attribute__((weak)) long sys_pipe(void) { return -ENOSYS; }
__attribute__((weak)) long sys_ioctl(void) { return -ENOSYS; }
__attribute__((weak)) long sys_fcntl(void) { return -ENOSYS; }
__attribute__((weak)) long sys_umask(void) { return -ENOSYS; }
__attribute__((weak)) long sys_dup2(void) { return -ENOSYS; }
__attribute__((weak)) long sys_readlink(void) { return -ENOSYS; }
__attribute__((weak)) long sys_ftruncate(void) { return -ENOSYS; }
__attribute__((weak)) long sys_fchmod(void) { return -ENOSYS; }
__attribute__((weak)) long sys_fchdir(void) { return -ENOSYS; }
__attribute__((weak)) long sys_llseek(void) { return -ENOSYS; }
__attribute__((weak)) long sys_readv(void) { return -ENOSYS; }
__attribute__((weak)) long sys_writev(void) { return -ENOSYS; }
__attribute__((weak)) long sys_pread64(void) { return -ENOSYS; }
__attribute__((weak)) long sys_pwrite64(void) { return -ENOSYS; }
__attribute__((weak)) long sys_getcwd(void) { return -ENOSYS; }
__attribute__((weak)) long sys_truncate64(void) { return -ENOSYS; }
__attribute__((weak)) long sys_ftruncate64(void) { return -ENOSYS; }
__attribute__((weak)) long sys_stat64(void) { return -ENOSYS; }
__attribute__((weak)) long sys_lstat64(void) { return -ENOSYS; }
__attribute__((weak)) long sys_fstat64(void) { return -ENOSYS; }
__attribute__((weak)) long sys_chown32(void) { return -ENOSYS; }
__attribute__((weak)) long sys_fchown32(void) { return -ENOSYS; }
__attribute__((weak)) long sys_getdents64(void) { return -ENOSYS; }
__attribute__((weak)) long sys_fcntl64(void) { return -ENOSYS; }
__attribute__((weak)) long sys_dup3(void) { return -ENOSYS; }
__attribute__((weak)) long sys_pipe2(void) { return -ENOSYS; }
__attribute__((weak)) long sys_openat(void) { return -ENOSYS; }
__attribute__((weak)) long sys_mkdirat(void) { return -ENOSYS; }
__attribute__((weak)) long sys_fchownat(void) { return -ENOSYS; }
__attribute__((weak)) long sys_fstatat64(void) { return -ENOSYS; }
__attribute__((weak)) long sys_unlinkat(void) { return -ENOSYS; }
__attribute__((weak)) long sys_renameat(void) { return -ENOSYS; }
__attribute__((weak)) long sys_faccessat(void) { return -ENOSYS; }
__attribute__((weak)) long sys_statx(void) { return -ENOSYS; }
__attribute__((weak)) long sys_ipc(void) { return -ENOSYS; }
__attribute__((weak)) long sys_shmget(void) { return -ENOSYS; }
__attribute__((weak)) long sys_shmctl(void) { return -ENOSYS; }
__attribute__((weak)) long sys_shmat(void) { return -ENOSYS; }
__attribute__((weak)) long sys_shmdt(void) { return -ENOSYS; }
__attribute__((weak)) void fs_init(void) {}
__attribute__((weak)) int fs_open_console(void *t) { (void)t; return 0; }
__attribute__((weak)) void files_fork(void *p, void *c) { (void)p; (void)c; }
__attribute__((weak)) void files_exit(void *t) { (void)t; }
__attribute__((weak)) void files_exec(void *t) { (void)t; }
__attribute__((weak)) void tty_receive(char c) { (void)c; }
__attribute__((weak)) int exec_lookup(const char *p, void **ip) { (void)p; (void)ip; return -ENOENT; }
__attribute__((weak)) long inode_read(void *ip, void *d, unsigned o, unsigned n, int u) { (void)ip; (void)d; (void)o; (void)n; (void)u; return -EIO; }
__attribute__((weak)) void inode_put(void *ip) { (void)ip; }
__attribute__((weak)) unsigned inode_size(void *ip) { (void)ip; return 0; }
__attribute__((weak)) int fs_selftest(void) { return 0; }
__attribute__((weak)) int shm_selftest(void) { return 0; }
