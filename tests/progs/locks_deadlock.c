// locks_deadlock: F_SETLKW refuses a wait that would never end (EDEADLK) when the
// chain of processes waiting for each other's POSIX locks comes back to the caller:
// two processes, three, and the longest chain Linux follows (a cycle of 12; one of
// 13 is not seen, and the wait is ended by an alarm). A chain that does not come
// back waits. F_SETLK never says EDEADLK, and OFD locks are not followed.
// Process i holds byte i of the file and then asks for byte i+1.
// timeout: 120
#define _GNU_SOURCE
#include "check.h"
#include "locks.h"

#define FILE_A "/tmp/locks_deadlock.a"

static char kid_names[16][16];

// Holds byte `hold`, says so, waits for the go, then asks for byte `want`: first
// with F_SETLK (never EDEADLK), then waiting. Keeps its locks until told to exit.
static int hold, want, ofd;

static void holder(struct kid *k)
{
	int fd = open(FILE_A, O_RDWR);
	const char *who = pid_name(getpid());

	if (lk_quiet(fd, ofd ? F_OFD_SETLK : F_SETLK64, F_WRLCK, hold, 1))
		printf("%s: cannot hold byte %d: %s\n", who, hold, ename(errno));
	post(k->out);
	await(k->in);
	if (lk_quiet(fd, ofd ? F_OFD_SETLK : F_SETLK64, F_WRLCK, want, 1) == 0 ||
	    errno != EAGAIN)
		printf("%s: byte %d without waiting: %s\n", who, want, ename(errno));
	post(k->out);	// about to wait
	if (lk_quiet(fd, ofd ? F_OFD_SETLKW : F_SETLKW64, F_WRLCK, want, 1))
		printf("%s: byte %d: %s\n", who, want, ename(errno));
	else
		printf("%s: byte %d: got it\n", who, want);
	post(k->out);
	await(k->in);
}

// n processes: p(i) holds byte i and waits for byte i+1, the last for byte `last`:
// 0 closes a cycle, n is the parent's (which holds it until the others wait).
static void chain(int n, int last, int use_ofd)
{
	struct kid k[16];
	int fd = open(FILE_A, O_RDWR), top = n - 1;

	ofd = use_ofd;
	printf("-- %d processes, the last asks for byte %d%s\n", n, last,
	       use_ofd ? " (OFD locks)" : "");
	lk_quiet(fd, F_SETLK64, F_WRLCK, n, 1);
	for (int i = 0; i < n; i++) {
		snprintf(kid_names[i], sizeof(kid_names[i]), "p%d", i);
		hold = i;
		want = i == n - 1 ? last : i + 1;
		k[i] = spawn(kid_names[i], holder);
		await(k[i].from);
	}
	for (int i = 0; i < n; i++) {	// each asks once the one before it sleeps
		post(k[i].to);
		await(k[i].from);
		if (i < n - 1)
			wait_asleep(k[i].pid);
	}
	if (last == n) {		// no cycle: it waits for the parent
		wait_asleep(k[top].pid);
		printf("%s waits; the parent lets go of byte %d\n", kid_names[top], n);
		lk_quiet(fd, F_SETLK64, F_UNLCK, 0, 0);
		await(k[top].from);
	} else if (use_ofd || n > 12) {	// a cycle nobody sees: break it
		wait_asleep(k[top].pid);
		printf("%s waits, for ever: killed\n", kid_names[top]);
		kill(k[top].pid, SIGKILL);
		waitpid(k[top].pid, NULL, 0);	// quietly: the one below prints now
		close(k[top].to);
		close(k[top].from);
		top--;
		await(k[top].from);	// it got the byte of the one killed
	} else {
		await(k[top].from);	// EDEADLK
	}
	// From the top down: as each exits, the one below gets its byte.
	for (int i = top; i >= 0; i--) {
		post(k[i].to);
		reap(&k[i]);
		if (i > 0)
			await(k[i - 1].from);
	}
	lk_quiet(fd, F_SETLK64, F_UNLCK, 0, 0);
	close(fd);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	name_pid(getpid(), "parent");
	close(make_file(FILE_A, 100));
	chain(2, 0, 0);
	chain(3, 0, 0);
	chain(3, 3, 0);
	chain(2, 0, 1);
	chain(12, 0, 0);
	chain(13, 0, 0);
	unlink(FILE_A);
	return 0;
}
