// proc_config: /proc/config.gz is a gzip file whose CRC and length are right, and every
// option it lists is true of the kernel: each has a check here, and an option without
// one fails the test (fs/proc_config.c keeps the list).
// host: no (Linux kernels seldom have CONFIG_IKCONFIG_PROC; the options are shmos's)
// (CONFIG_CGROUPS and CONFIG_MEMCG: cgroup2 and its memory controller, docs/cgroup.md;
// CONFIG_64BIT unset though MAP_DROPPABLE works, which Linux gives 64-bit kernels only.)
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <sys/file.h>
#include <sys/ipc.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>
#include "check.h"

static unsigned char gz[65536];
static char text[65536], buf[65536];

static uint32_t crc32(const char *p, uint32_t len)
{
	uint32_t crc = 0xffffffff;

	for (uint32_t i = 0; i < len; i++) {
		crc ^= (unsigned char)p[i];
		for (int b = 0; b < 8; b++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}

// Stored deflate blocks after a 10-byte header: the text, or -1.
static long gunzip_stored(long n)
{
	long at = 10, len = 0;
	int last = 0;

	if (n < 18 || gz[0] != 0x1f || gz[1] != 0x8b || gz[2] != 8 || gz[3] != 0)
		return -1;
	while (!last) {
		unsigned bl, nl;

		last = gz[at] & 1;
		if ((gz[at] >> 1) & 3)
			return -1;		// not stored
		bl = gz[at + 1] | gz[at + 2] << 8;
		nl = gz[at + 3] | gz[at + 4] << 8;
		if ((bl ^ 0xffff) != nl || at + 5 + bl > n)
			return -1;
		memcpy(text + len, gz + at + 5, bl);
		len += bl;
		at += 5 + bl;
	}
	text[len] = 0;
	if (at + 8 != n)
		return -1;
	printf("crc right: %s\n", yes(crc32(text, len) == (gz[at] | gz[at + 1] << 8 |
					   gz[at + 2] << 16 | (uint32_t)gz[at + 3] << 24)));
	printf("length right: %s\n", yes((uint32_t)len == (gz[at + 4] | gz[at + 5] << 8 |
					   gz[at + 6] << 16 | (uint32_t)gz[at + 7] << 24)));
	return len;
}

static int shm_works(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);

	return id >= 0 && shmctl(id, IPC_RMID, NULL) == 0;
}

// What CONFIG_CHECKPOINT_RESTORE gives System V IPC: root writes the id the next
// segment gets to /proc/sys/kernel/shm_next_id, and the file goes back to -1.
static int next_id_works(void)
{
	int fd = open("/proc/sys/kernel/shm_next_id", O_RDWR), id = -2;
	char back[16] = "";

	if (fd < 0 || write(fd, "98304", 5) != 5)
		return 0;
	close(fd);
	id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (id >= 0)
		shmctl(id, IPC_RMID, NULL);
	slurp_file("/proc/sys/kernel/shm_next_id", back, sizeof(back));
	return id == 98304 && !strcmp(back, "-1\n");
}

// Shared anonymous memory is shared with a child.
static int shared_anon(void)
{
	volatile int *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			       -1, 0);
	int st;

	if (fork() == 0) {
		*p = 42;
		_exit(0);
	}
	wait(&st);
	return *p == 42;
}

// A tmpfs can be mounted, is listed, and /dev/shm is one (statfs says TMPFS_MAGIC).
static int tmpfs_works(void)
{
	struct statfs s;
	int ok;

	if (mkdir("/tmp/proc_config.d", 0700) != 0)
		return 0;
	ok = mount("tmpfs", "/tmp/proc_config.d", "tmpfs", 0, "size=64k") == 0 &&
	     statfs("/tmp/proc_config.d", &s) == 0 && s.f_type == 0x01021994 &&
	     s.f_blocks == 16 && umount("/tmp/proc_config.d") == 0;
	rmdir("/tmp/proc_config.d");
	return ok && statfs("/dev/shm", &s) == 0 && s.f_type == 0x01021994 &&
	       slurp_file("/proc/filesystems", buf, sizeof(buf)) > 0 && strstr(buf, "\ttmpfs\n");
}

static int script_runs(void)
{
	FILE *f = fopen("/tmp/proc_config.sh", "w");
	int st;

	fprintf(f, "#!/tests/proc_config\n");
	fclose(f);
	chmod("/tmp/proc_config.sh", 0755);
	if (fork() == 0) {
		execl("/tmp/proc_config.sh", "proc_config.sh", (char *)NULL);
		_exit(1);
	}
	wait(&st);
	unlink("/tmp/proc_config.sh");
	return WIFEXITED(st) && WEXITSTATUS(st) == 7;
}

/* The CPUs there can be, from /sys/devices/system/cpu/possible ("0-7"); 0 if unreadable. */
static int possible_cpus(void)
{
	long lo, hi;
	char *dash;

	if (slurp_file("/sys/devices/system/cpu/possible", buf, sizeof(buf)) <= 0)
		return 0;
	lo = strtol(buf, &dash, 10);
	hi = *dash == '-' ? strtol(dash + 1, NULL, 10) : lo;
	return lo == 0 && hi >= 0 ? hi + 1 : 0;
}

// cgroup2 can be mounted, and its root gives the memory controller.
static int memcg_works(void)
{
	int ok;

	if (mkdir("/tmp/proc_config.cg", 0700) != 0)
		return 0;
	ok = mount("none", "/tmp/proc_config.cg", "cgroup2", 0, NULL) == 0 &&
	     slurp_file("/tmp/proc_config.cg/cgroup.controllers", buf, sizeof(buf)) > 0 &&
	     strstr(buf, "memory") != NULL;
	umount("/tmp/proc_config.cg");
	rmdir("/tmp/proc_config.cg");
	return ok;
}

// A pair of AF_UNIX sockets carries a byte.
static int unix_works(void)
{
	int sv[2], ok;
	char c = 0;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return 0;
	ok = write(sv[0], "u", 1) == 1 && read(sv[1], &c, 1) == 1 && c == 'u';
	close(sv[0]);
	close(sv[1]);
	return ok;
}

// unshare(flag) in a child, as root: 0, or the errno.
static int unshare_errno(int flag)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(syscall(SYS_unshare, flag) == 0 ? 0 : errno);
	waitpid(pid, &status, 0);
	return WEXITSTATUS(status);
}

// A new UTS namespace's host name is its own: the parent's stays.
static int uts_ns_works(void)
{
	char before[65], after[65];
	int status;
	pid_t pid;

	gethostname(before, sizeof(before));
	if ((pid = fork()) == 0)
		_exit(syscall(SYS_unshare, CLONE_NEWUTS) || sethostname("nsx", 3));
	waitpid(pid, &status, 0);
	gethostname(after, sizeof(after));
	return WEXITSTATUS(status) == 0 && !strcmp(before, after);
}

// A call that makes a descriptor made one.
static int fd_works(long fd)
{
	return fd >= 0 && close(fd) == 0;
}

static int check(const char *line)
{
	if (!strcmp(line, "CONFIG_X86_32=y") || !strcmp(line, "CONFIG_X86=y") ||
	    !strcmp(line, "# CONFIG_64BIT is not set"))
		return sizeof(long) == 4;
	if (!strcmp(line, "CONFIG_HIGHMEM4G=y") || !strcmp(line, "CONFIG_HIGHMEM=y"))
		return file_value("/proc/meminfo", "HighTotal:") >= 0;	// only with highmem
	if (!strcmp(line, "CONFIG_POSIX_MQUEUE=y"))	// a name nobody made: ENOENT, not ENOSYS
		return syscall(SYS_mq_open, "proc_config", O_RDONLY, 0, NULL) == -1 && errno == ENOENT;
	if (!strcmp(line, "CONFIG_POSIX_MQUEUE_SYSCTL=y"))
		return access("/proc/sys/fs/mqueue/msg_max", R_OK) == 0;
	if (!strcmp(line, "CONFIG_CGROUPS=y"))
		return slurp_file("/proc/self/cgroup", buf, sizeof(buf)) > 0 &&
		       !strncmp(buf, "0::/", 4);
	if (!strcmp(line, "CONFIG_MEMCG=y"))
		return memcg_works();
	if (!strcmp(line, "CONFIG_FUTEX=y")) {	// a wake with no waiter wakes none
		int word = 0;

		return syscall(SYS_futex, &word, 1 /* FUTEX_WAKE */, 1, NULL, NULL, 0) == 0;
	}
	if (!strcmp(line, "CONFIG_EPOLL=y"))
		return fd_works(syscall(SYS_epoll_create1, 0));
	if (!strcmp(line, "CONFIG_SIGNALFD=y")) {
		uint64_t mask = 0;

		return fd_works(syscall(SYS_signalfd4, -1, &mask, 8, 0));
	}
	if (!strcmp(line, "CONFIG_TIMERFD=y"))
		return fd_works(syscall(SYS_timerfd_create, CLOCK_MONOTONIC, 0));
	if (!strcmp(line, "CONFIG_EVENTFD=y"))
		return fd_works(syscall(SYS_eventfd2, 0, 0));
	if (!strcmp(line, "CONFIG_SMP=y"))	// the kernel lists its CPUs
		return possible_cpus() >= 1 && sysconf(_SC_NPROCESSORS_ONLN) >= 1;
	if (!strcmp(line, "CONFIG_NR_CPUS=8"))
		return possible_cpus() >= 1 && possible_cpus() <= 8;
	if (!strcmp(line, "CONFIG_HZ_100=y") || !strcmp(line, "CONFIG_HZ=100"))
		return sysconf(_SC_CLK_TCK) == 100;
	if (!strcmp(line, "CONFIG_MULTIUSER=y"))
		return syscall(SYS_setresuid32, 0, 0, 0) == 0;
	if (!strcmp(line, "CONFIG_SYSVIPC=y"))
		return shm_works();
	if (!strcmp(line, "CONFIG_SYSVIPC_SYSCTL=y"))
		return access("/proc/sys/kernel/shmmax", R_OK) == 0;
	if (!strcmp(line, "CONFIG_CHECKPOINT_RESTORE=y"))
		return next_id_works();
	if (!strcmp(line, "CONFIG_SHMEM=y"))
		return shared_anon();
	if (!strcmp(line, "CONFIG_SWAP=y"))	// swapon is there, and /proc/swaps
		return syscall(SYS_swapon, "/x", 0) == -1 && errno == ENOENT &&
		       access("/proc/swaps", R_OK) == 0;
	if (!strcmp(line, "# CONFIG_MODULES is not set"))
		return syscall(SYS_init_module, NULL, 0, "") == -1 && errno == ENOSYS;
	if (!strcmp(line, "CONFIG_TMPFS=y"))
		return tmpfs_works();
	if (!strcmp(line, "# CONFIG_HUGETLBFS is not set"))
		return slurp_file("/proc/filesystems", buf, sizeof(buf)) > 0 && !strstr(buf, "hugetlbfs");
	if (!strcmp(line, "CONFIG_BLK_DEV=y") || !strcmp(line, "CONFIG_BLK_DEV_LOOP=y"))
		return access("/dev/loop-control", F_OK) == 0;
	if (!strcmp(line, "CONFIG_EXT4_FS=y"))		// fs/ext2, docs/ext2.md
		return slurp_file("/proc/filesystems", buf, sizeof(buf)) > 0 &&
		       strstr(buf, "\text4\n");
	if (!strcmp(line, "CONFIG_EXT4_USE_FOR_EXT2=y"))
		return slurp_file("/proc/filesystems", buf, sizeof(buf)) > 0 &&
		       strstr(buf, "\text2\n");
	if (!strcmp(line, "CONFIG_POSIX_TIMERS=y")) {
		timer_t t;

		return syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, &t) == 0 &&
		       syscall(SYS_timer_delete, t) == 0;
	}
	if (!strcmp(line, "CONFIG_FILE_LOCKING=y"))
		return flock(0, LOCK_UN) == 0 || errno != ENOSYS;
	if (!strcmp(line, "CONFIG_ADVISE_SYSCALLS=y"))
		return syscall(SYS_madvise, NULL, 0, 0) == 0;
	if (!strcmp(line, "CONFIG_NET=y"))	// the socket calls are there
		return syscall(SYS_socketcall, 1, NULL) == -1 && errno == EFAULT;
	if (!strcmp(line, "CONFIG_UNIX=y"))
		return unix_works();
	if (!strcmp(line, "CONFIG_INET=y")) {	// a TCP socket binds on lo
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

		return fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 && close(fd) == 0;
	}
	if (!strcmp(line, "CONFIG_IPV6=y")) {	// a TCP socket binds on ::1
		int fd = socket(AF_INET6, SOCK_STREAM, 0);
		struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };

		return fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 && close(fd) == 0;
	}
	if (!strcmp(line, "CONFIG_NAMESPACES=y") || !strcmp(line, "CONFIG_IPC_NS=y"))
		return unshare_errno(CLONE_NEWIPC) == 0;
	if (!strcmp(line, "CONFIG_UTS_NS=y"))
		return uts_ns_works();
	if (!strcmp(line, "# CONFIG_USER_NS is not set"))
		return unshare_errno(CLONE_NEWUSER) == EINVAL;
	if (!strcmp(line, "# CONFIG_PID_NS is not set"))
		return unshare_errno(CLONE_NEWPID) == EINVAL;
	if (!strcmp(line, "# CONFIG_NET_NS is not set"))
		return unshare_errno(CLONE_NEWNET) == EINVAL;
	if (!strcmp(line, "CONFIG_FSNOTIFY=y") || !strcmp(line, "CONFIG_INOTIFY_USER=y")) {
		int fd = syscall(SYS_inotify_init);

		return fd >= 0 && close(fd) == 0;
	}
	if (!strcmp(line, "CONFIG_BINFMT_ELF=y"))
		return 1;			// this program runs
	if (!strcmp(line, "CONFIG_BINFMT_SCRIPT=y"))
		return script_runs();
	if (!strcmp(line, "CONFIG_PROC_FS=y") || !strcmp(line, "CONFIG_IKCONFIG=y") ||
	    !strcmp(line, "CONFIG_IKCONFIG_PROC=y"))
		return 1;			// this file was read
	if (!strcmp(line, "CONFIG_PROC_SYSCTL=y") || !strcmp(line, "CONFIG_SYSCTL=y"))
		return access("/proc/sys/kernel/ostype", R_OK) == 0;
	if (!strcmp(line, "CONFIG_PRINTK=y"))
		return klogctl(10, NULL, 0) > 0;
	if (!strcmp(line, "CONFIG_LOG_BUF_SHIFT=16"))
		return klogctl(10, NULL, 0) == 1 << 16;
	if (!strcmp(line, "# CONFIG_PRINTK_TIME is not set")) {
		int n = klogctl(3, buf, sizeof(buf) - 1);

		return n > 3 && buf[0] == '<' && buf[3] != '[';
	}
	return -1;
}

int main(int argc, char **argv)
{
	long n;
	int bad = 0, count = 0;

	if (argc == 2)
		return 7;			// run as a script's interpreter
	setvbuf(stdout, NULL, _IONBF, 0);
	n = slurp_file("/proc/config.gz", (char *)gz, sizeof(gz));
	n = gunzip_stored(n);
	printf("gunzip: %s\n", yes(n > 0));
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		int r;

		if (line[0] == '#' && strncmp(line, "# CONFIG_", 9) != 0)
			continue;		// a comment, not an option
		r = check(line);
		count++;
		if (r != 1) {
			printf("%s: %s\n", line, r < 0 ? "no check for it" : "not true");
			bad++;
		}
	}
	printf("options: %d, all true: %s\n", count, yes(!bad && count > 10));
	return 0;
}
