// proc_sysvipc: /proc/sysvipc/shm and /proc/sys/kernel/shmmax, shmall, shmmni - the
// table's header and a segment's line, the limits against IPC_INFO, and root writing
// the limits, which shmget must then honour.
// Must run as root. The limits belong to the IPC namespace: on Linux a child writes them
// in a namespace of its own, so that the host's are never touched; on shmos, which has
// no namespaces (unshare is ENOSYS), they are the machine's, and the child restores them.
// host: root (stat of /proc/sys shows the host's root; a user namespace sees nobody)
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define PG 4096
#define SHMMAX "/proc/sys/kernel/shmmax"
#define SHMALL "/proc/sys/kernel/shmall"
#define SHMMNI "/proc/sys/kernel/shmmni"
#define SYSVIPC_SHM "/proc/sysvipc/shm"

// What Linux 6.x prints (a 64-bit kernel: a 32-bit one makes size, rss and swap 10 wide).
static const char header[] =
	"       key      shmid perms                  size  cpid  lpid nattch"
	"   uid   gid  cuid  cgid      atime      dtime      ctime"
	"                   rss                  swap\n";

static char text[65536];

// The whole file, read chunk bytes at a time, in text; its length, or -1.
static long slurp(const char *path, size_t chunk)
{
	int fd = open(path, O_RDONLY);
	long len = 0, n;

	if (fd < 0)
		return -1;
	while (len + chunk < sizeof text && (n = read(fd, text + len, chunk)) > 0)
		len += n;
	text[len] = 0;
	close(fd);
	return len;
}

// write(2) of s at offset off: its result, with errno.
static long put(const char *path, const char *s, off_t off)
{
	int fd = open(path, O_WRONLY);
	long r;

	if (fd < 0)
		return -1;
	r = lseek(fd, off, SEEK_SET) < 0 ? -1 : write(fd, s, strlen(s));
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

// Writes s and shows what it was (tab and newline as \t and \n) and what came back.
static void show_put(const char *path, const char *s)
{
	char what[80], *w = what;

	w += sprintf(w, "write \"");
	for (const char *p = s; *p; p++)
		w += sprintf(w, *p == '\n' ? "\\n" : *p == '\t' ? "\\t" : "%c", *p);
	sprintf(w, "\" to %s", strrchr(path, '/') + 1);
	TRY(what, put(path, s, 0));
}

// A limit file: "N\n" exactly; its value, or -1 if it is not that.
static unsigned long long limit(const char *path)
{
	char *end;

	if (slurp(path, 4096) < 2 || text[0] < '0' || text[0] > '9')
		return -1;
	unsigned long long v = strtoull(text, &end, 10);
	return strcmp(end, "\n") == 0 ? v : (unsigned long long)-1;
}

static struct shminfo ipc_info(void)
{
	struct shminfo info;

	memset(&info, 0, sizeof info);
	if (shmctl(0, IPC_INFO, (struct shmid_ds *)&info) < 0)
		printf("IPC_INFO: %s\n", ename(errno));
	return info;
}

static struct shm_info shm_info(void)
{
	struct shm_info si;

	memset(&si, 0, sizeof si);
	if (shmctl(0, SHM_INFO, (struct shmid_ds *)&si) < 0)
		printf("SHM_INFO: %s\n", ename(errno));
	return si;
}

static void stat_line(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		printf("stat %s: %s\n", path, ename(errno));
		return;
	}
	printf("stat %s: %s %04o uid %u gid %u\n", path, S_ISDIR(st.st_mode) ? "dir" :
	       S_ISREG(st.st_mode) ? "file" : "other", st.st_mode & 07777,
	       (unsigned)st.st_uid, (unsigned)st.st_gid);
}

// Does getdents on dir give every name of names, with its type?
static void lists(const char *dir, const char *names[], int type)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0, n = 0;

	while (names[n])
		n++;
	while (d && (e = readdir(d)))
		for (int i = 0; i < n; i++)
			if (strcmp(e->d_name, names[i]) == 0 && e->d_type == type)
				found++;
	if (d)
		closedir(d);
	printf("%s lists", dir);
	for (int i = 0; i < n; i++)
		printf(" %s", names[i]);
	printf(": %s\n", yes(found == n));
}

static void tree(void)
{
	stat_line("/proc/sys");
	stat_line("/proc/sys/kernel");
	stat_line("/proc/sysvipc");
	stat_line(SHMMAX);
	stat_line(SHMALL);
	stat_line(SHMMNI);
	stat_line(SYSVIPC_SHM);
	lists("/proc", (const char *[]){ "sys", "sysvipc", NULL }, DT_DIR);
	lists("/proc/sys", (const char *[]){ "kernel", NULL }, DT_DIR);
	lists("/proc/sys/kernel", (const char *[]){ "shmall", "shmmax", "shmmni", NULL },
	      DT_REG);
	lists("/proc/sysvipc", (const char *[]){ "shm", NULL }, DT_REG);
}

// The limit files against IPC_INFO. A 32-bit caller of a 64-bit Linux gets the low 32
// bits of shmall (the host's default is 2^64 - 2^24 - 1); shmos's limits are 32-bit.
static void limits(void)
{
	struct shminfo info = ipc_info();
	unsigned long long max = limit(SHMMAX), all = limit(SHMALL), mni = limit(SHMMNI);

	printf("shmmax: a number and a newline, as IPC_INFO: %s\n",
	       yes(max != (unsigned long long)-1 && max == info.shmmax));
	printf("shmall: a number and a newline, as IPC_INFO: %s\n",
	       yes(all != (unsigned long long)-1 && (unsigned long)all == info.shmall));
	printf("shmmni: a number and a newline, as IPC_INFO: %s\n",
	       yes(mni != (unsigned long long)-1 && mni == info.shmmni));

	// Only a read at offset 0 gives anything: a short first read is not continued.
	char buf[32];
	int fd = open(SHMMNI, O_RDONLY);
	long first = read(fd, buf, 1), second = read(fd, buf + 1, sizeof buf - 1);
	printf("shmmni read 1 byte, then more: %ld, %ld\n", first, second);
	close(fd);
}

// The line of segment id in text, or NULL; the table's lines are cut at their newlines.
static char *line_of(int id)
{
	char *l = strchr(text, '\n');

	for (l = l ? l + 1 : text + strlen(text); *l; l += strlen(l) + 1) {
		char *nl = strchr(l, '\n');
		int key, shmid;

		if (nl)
			*nl = 0;
		if (sscanf(l, "%d %d", &key, &shmid) == 2 && shmid == id)
			return l;
	}
	return NULL;
}

// Reads the table and compares id's line with what IPC_STAT says, in Linux's format.
// The key is shown only if it is IPC_PRIVATE's 0 (another is made of the pid).
static void check_line(const char *when, int id, unsigned long rss)
{
	struct shmid_ds ds;
	char want[256];

	if (slurp(SYSVIPC_SHM, 4096) < 0 || shmctl(id, IPC_STAT, &ds) < 0) {
		printf("%s: %s\n", when, ename(errno));
		return;
	}
	snprintf(want, sizeof want,
		 "%10d %10d  %4o %21lu %5u %5u  %5lu %5u %5u %5u %5u %10llu %10llu %10llu "
		 "%21lu %21lu",
		 ds.shm_perm.__key, id, ds.shm_perm.mode, (unsigned long)ds.shm_segsz,
		 ds.shm_cpid, ds.shm_lpid, (unsigned long)ds.shm_nattch, ds.shm_perm.uid,
		 ds.shm_perm.gid, ds.shm_perm.cuid, ds.shm_perm.cgid,
		 (unsigned long long)ds.shm_atime, (unsigned long long)ds.shm_dtime,
		 (unsigned long long)ds.shm_ctime, rss, 0ul);
	char *l = line_of(id);
	if (!l) {
		printf("%s: no line\n", when);
		return;
	}
	int key;
	unsigned mode, nattch;
	unsigned long size, rss_col, swap;
	sscanf(l, "%d %*d %o %lu %*u %*u %u %*u %*u %*u %*u %*u %*u %*u %lu %lu", &key, &mode,
	       &size, &nattch, &rss_col, &swap);
	printf("%s: key %s perms %o size %lu nattch %u rss %lu swap %lu; as IPC_STAT: %s\n",
	       when, key ? "ours" : "0", mode, size, nattch, rss_col, swap,
	       yes(strcmp(l, want) == 0));
}

static void table(void)
{
	long whole;
	int id = shmget(IPC_PRIVATE, 5000, IPC_CREAT | 0640);
	key_t key = (key_t)(0x80000000u | getpid());	// negative: %10d with a sign
	int kid = shmget(key, PG, IPC_CREAT | IPC_EXCL | 0600);
	char *p;

	if (id < 0 || kid < 0) {
		printf("shmget: %s\n", ename(errno));
		return;
	}
	slurp(SYSVIPC_SHM, 4096);
	printf("header is Linux's: %s\n", yes(strncmp(text, header, strlen(header)) == 0));
	check_line("new", id, 0);
	check_line("keyed", kid, 0);
	p = shmat(id, NULL, 0);
	check_line("attached", id, 0);
	p[0] = 1;
	check_line("one page touched", id, PG);

	whole = slurp(SYSVIPC_SHM, 4096);
	char copy[sizeof text];
	memcpy(copy, text, whole + 1);
	printf("read 7 bytes at a time: the same text: %s\n",
	       yes(slurp(SYSVIPC_SHM, 7) == whole && strcmp(copy, text) == 0));
	TRY("write " SYSVIPC_SHM, put(SYSVIPC_SHM, "x", 0));

	shmctl(id, IPC_RMID, NULL);
	check_line("removed, attached", id, PG);
	shmdt(p);
	slurp(SYSVIPC_SHM, 4096);
	printf("detached: line gone: %s\n", yes(line_of(id) == NULL));
	shmctl(kid, IPC_RMID, NULL);
}

// shmget of size bytes: "ok" (and the segment removed again) or the error.
static void get(const char *what, size_t size)
{
	int id = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);

	printf("%s: %s\n", what, id < 0 ? ename(errno) : "ok");
	if (id >= 0)
		shmctl(id, IPC_RMID, NULL);
}

// Each limit's text as it was, written back at the end of its part.
static char saved_max[32], saved_all[32], saved_mni[32];

static void save(const char *path, char saved[32])
{
	slurp(path, 4096);
	memcpy(saved, text, 31);	// a number and a newline: NUL-terminated in 31
}

static int restore(const char *path, const char *saved)
{
	return put(path, saved, 0) == (long)strlen(saved) && slurp(path, 4096) > 0 &&
	       strcmp(text, saved) == 0;
}

static void write_shmmax(void)
{
	show_put(SHMMAX, "1048576\n");
	printf("shmmax reads 1048576: %s\n", yes(limit(SHMMAX) == 1048576));
	printf("IPC_INFO shmmax 1048576: %s\n", yes(ipc_info().shmmax == 1048576));
	get("shmget 1048577", 1048577);
	get("shmget 1048576", 1048576);
	show_put(SHMMAX, "-1");
	show_put(SHMMAX, "-0");
	show_put(SHMMAX, "abc");
	show_put(SHMMAX, "12abc");
	show_put(SHMMAX, " ");
	show_put(SHMMAX, "");
	show_put(SHMMAX, "0x200000");
	printf("shmmax reads 2097152: %s\n", yes(limit(SHMMAX) == 2097152));
	show_put(SHMMAX, "  010 \t\n");
	printf("shmmax reads 8: %s\n", yes(limit(SHMMAX) == 8));
	show_put(SHMMAX, "4096 8192");
	printf("shmmax reads 4096: %s\n", yes(limit(SHMMAX) == 4096));
	TRY("write \"99\" to shmmax at offset 1", put(SHMMAX, "99", 1));
	printf("shmmax still 4096: %s\n", yes(limit(SHMMAX) == 4096));
	printf("shmmax restored: %s\n", yes(restore(SHMMAX, saved_max)));
}

static void write_shmall(void)
{
	char s[32];
	unsigned long tot = shm_info().shm_tot;

	snprintf(s, sizeof s, "%lu", tot + 1);
	printf("write shm_tot + 1 to shmall: %s\n", yes(put(SHMALL, s, 0) == (long)strlen(s)));
	printf("IPC_INFO shmall is shm_tot + 1: %s\n", yes(ipc_info().shmall == tot + 1));
	get("shmget 2 pages", 2 * PG);
	get("shmget 1 page", PG);
	printf("shmall restored: %s\n", yes(restore(SHMALL, saved_all)));
}

static void write_shmmni(void)
{
	char s[32];
	int used = shm_info().used_ids;
	int id;

	snprintf(s, sizeof s, "%d", used + 1);
	printf("write used_ids + 1 to shmmni: %s\n", yes(put(SHMMNI, s, 0) == (long)strlen(s)));
	printf("IPC_INFO shmmni is used_ids + 1: %s\n",
	       yes(ipc_info().shmmni == (unsigned long)used + 1));
	id = shmget(IPC_PRIVATE, PG, IPC_CREAT | 0600);
	printf("shmget one more: %s\n", id < 0 ? ename(errno) : "ok");
	get("shmget another", PG);
	if (id >= 0)
		shmctl(id, IPC_RMID, NULL);
	show_put(SHMMNI, "-1");
	show_put(SHMMNI, "2147483647");
	show_put(SHMMNI, "4294967296");
	show_put(SHMMNI, "-0\n");
	printf("shmmni reads 0: %s\n", yes(limit(SHMMNI) == 0));
	get("shmget with shmmni 0", PG);
	printf("shmmni restored: %s\n", yes(restore(SHMMNI, saved_mni)));
	get("shmget after the restore", PG);
}

// A non-root writer fails the permission check of open, and of write on a descriptor
// that root opened; reading is for everyone.
static void as_nobody(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open(SHMMNI, O_WRONLY);

		if (setgid(65534) < 0 || setuid(65534) < 0) {
			printf("cannot change ids: %s\n", ename(errno));
			_exit(1);
		}
		TRY("nobody: open shmmni for writing", open(SHMMNI, O_WRONLY));
		TRY("nobody: write to root's descriptor", write(fd, "5", 1));
		printf("nobody: shmmni readable: %s\n",
		       yes(limit(SHMMNI) != (unsigned long long)-1));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

// Writes the limits, in a fresh IPC namespace on Linux (whose limits are the defaults,
// not tests/run's: every check below is relative to what it reads first). shmos has
// none: EINVAL, as a Linux built without them.
static int writes(void)
{
	if (unshare(CLONE_NEWIPC) < 0 && errno != ENOSYS && errno != EINVAL) {
		printf("unshare: %s\n", ename(errno));
		return 1;
	}
	save(SHMMAX, saved_max);
	save(SHMALL, saved_all);
	save(SHMMNI, saved_mni);
	write_shmmax();
	write_shmall();
	write_shmmni();
	as_nobody();
	return 0;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (geteuid() != 0) {
		printf("proc_sysvipc must run as root\n");
		return 1;
	}
	tree();
	limits();
	table();

	int status;
	pid_t pid = fork();
	if (pid == 0)
		_exit(writes());
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
