/* execve (kernel/exec.c). */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include <stdint.h>

#define PATH_MAX_LEN	1024

int do_execve(const char *path, char *const argv[], char *const envp[],
	      int from_user);

#endif
