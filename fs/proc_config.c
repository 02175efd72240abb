/*
 * /proc/config.gz: the options shmos is built with, as the lines of a
 * Linux .config, gzip-compressed as Linux's CONFIG_IKCONFIG_PROC gives
 * them.  Scripts and test suites (LTP's tst_kconfig) read it to learn what
 * a kernel has.  The list below is shmos's own, kept honest by the test
 * prog/proc_config, which checks each option against what the kernel
 * does (CONFIG_SYSVIPC=y if and only if shmget works...): an option goes
 * in only with its check.
 *
 * The gzip file is made with stored (uncompressed) deflate blocks, which
 * every gunzip reads: a 10-byte header, the text in blocks of at most
 * 65535 bytes, each with its length and the length's complement, then the
 * CRC-32 and the length of the text (RFC 1951 and 1952).
 */
#include "fs/proc.h"
#include "kernel/string.h"

static const char config_text[] =
	"#\n"
	"# shmos configuration: what this kernel has, as Linux 6.1 names it\n"
	"#\n"
	"CONFIG_X86_32=y\n"
	"CONFIG_X86=y\n"
	"# CONFIG_64BIT is not set\n"	/* MAP_DROPPABLE all the same: docs/cgroup.md */
	"CONFIG_SMP=y\n"
	"CONFIG_NR_CPUS=8\n"
	"CONFIG_HIGHMEM4G=y\n"
	"CONFIG_HIGHMEM=y\n"
	"CONFIG_HZ_100=y\n"
	"CONFIG_HZ=100\n"
	"CONFIG_MULTIUSER=y\n"
	"CONFIG_SYSVIPC=y\n"
	"CONFIG_SYSVIPC_SYSCTL=y\n"
	"CONFIG_POSIX_MQUEUE=y\n"
	"CONFIG_POSIX_MQUEUE_SYSCTL=y\n"
	"CONFIG_CGROUPS=y\n"
	"CONFIG_MEMCG=y\n"
	"CONFIG_CHECKPOINT_RESTORE=y\n"	/* of it: the *_next_id files, MSG_COPY */
	"CONFIG_FUTEX=y\n"
	"CONFIG_EPOLL=y\n"
	"CONFIG_SIGNALFD=y\n"
	"CONFIG_TIMERFD=y\n"
	"CONFIG_EVENTFD=y\n"		/* LTP's eventfd tests ask for it */
	"CONFIG_SHMEM=y\n"
	"CONFIG_SWAP=y\n"
	"# CONFIG_MODULES is not set\n"
	"CONFIG_TMPFS=y\n"
	"# CONFIG_HUGETLBFS is not set\n"
	"CONFIG_BLK_DEV=y\n"
	"CONFIG_BLK_DEV_LOOP=y\n"
	"CONFIG_EXT4_FS=y\n"		/* fs/ext2: ext2 images, as ext4 and ext2 */
	"CONFIG_EXT4_USE_FOR_EXT2=y\n"
	"CONFIG_POSIX_TIMERS=y\n"
	"CONFIG_FILE_LOCKING=y\n"
	"CONFIG_ADVISE_SYSCALLS=y\n"
	"CONFIG_NET=y\n"
	"CONFIG_UNIX=y\n"		/* net/unix/af_unix.c */
	"CONFIG_INET=y\n"		/* net/ipv4: TCP and UDP on lo alone */
	"CONFIG_IPV6=y\n"		/* net/ipv6: ::1 and IPv4-mapped, on lo */
	"CONFIG_NAMESPACES=y\n"		/* kernel/nsproxy.c, docs/namespaces.md */
	"CONFIG_UTS_NS=y\n"
	"CONFIG_IPC_NS=y\n"
	"# CONFIG_USER_NS is not set\n"
	"# CONFIG_PID_NS is not set\n"
	"# CONFIG_NET_NS is not set\n"
	"CONFIG_FSNOTIFY=y\n"
	"CONFIG_INOTIFY_USER=y\n"
	"CONFIG_BINFMT_ELF=y\n"
	"CONFIG_BINFMT_SCRIPT=y\n"
	"CONFIG_PROC_FS=y\n"
	"CONFIG_PROC_SYSCTL=y\n"
	"CONFIG_SYSCTL=y\n"
	"CONFIG_PRINTK=y\n"
	"CONFIG_LOG_BUF_SHIFT=16\n"
	"# CONFIG_PRINTK_TIME is not set\n"
	"CONFIG_IKCONFIG=y\n"
	"CONFIG_IKCONFIG_PROC=y\n";

/* CRC-32 (IEEE 802.3, reflected, as gzip's), a bit at a time. */
static uint32_t crc32(const char *p, uint32_t len)
{
	uint32_t crc = 0xffffffff;

	for (uint32_t i = 0; i < len; i++) {
		crc ^= (uint8_t)p[i];
		for (int b = 0; b < 8; b++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}

static void put_le32(struct seq_file *m, uint32_t v)
{
	uint8_t b[4] = { v, v >> 8, v >> 16, v >> 24 };

	seq_write(m, b, 4);
}

void proc_config_show(struct seq_file *m, const void *arg)
{
	/* magic, deflate, no flags, no time, no extra flags, Unix */
	static const uint8_t header[10] = {
		0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3
	};
	uint32_t len = sizeof(config_text) - 1, done = 0;

	seq_write(m, header, sizeof(header));
	do {
		uint32_t n = len - done < 0xffff ? len - done : 0xffff;
		/* BFINAL on the last; BTYPE 00, stored; then LEN and NLEN */
		uint8_t block[5] = { done + n == len, n, n >> 8, ~n, ~n >> 8 };

		seq_write(m, block, sizeof(block));
		seq_write(m, config_text + done, n);
		done += n;
	} while (done < len);
	put_le32(m, crc32(config_text, len));
	put_le32(m, len);
}
