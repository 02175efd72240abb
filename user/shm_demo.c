/*
 * shm_demo: two processes running at the same time talk through one System
 * V shared memory segment, "Hello World" in both directions.
 *
 *  1. The parent creates a private segment (IPC_PRIVATE: no key, only
 *     processes that know the id can use it) and attaches it.
 *  2. fork(): the child inherits the attachment, at the same address and
 *     backed by the same physical page, so nattch becomes 2.
 *  3. The parent writes its message and passes the turn to the child; the
 *     child, spinning on the turn field, reads it and writes a reply; the
 *     parent reads the reply.
 *  4. Both detach; the parent waits for the child and removes the segment.
 *
 * The "turn" field says whose move it is.  Each side writes the text first
 * and only then hands over the turn, with a release store; the other side
 * reads the turn with an acquire load, so it is sure to see the whole text.
 * While waiting a process calls sched_yield() to let the other one run.
 */
#include <stdio.h>
#include <string.h>
#include <sched.h>
#include <unistd.h>
#include <sys/shm.h>
#include <sys/wait.h>

enum { PARENT_WRITES, CHILD_READS, PARENT_READS };

struct mailbox {
	int turn;		/* whose move: one of the values above */
	char text[120];		/* the message */
};

/*
 * Spin until it is our turn; give up (-1) if the other process is gone.
 * The child hands the turn over and exits at once, so the parent may find it
 * dead just after it answered: once it has reaped the child (its status in
 * *status), it looks at the turn once more, and returns 1 if the answer came.
 */
static int wait_turn(struct mailbox *box, int want, pid_t child, pid_t parent,
		     int *status)
{
	while (__atomic_load_n(&box->turn, __ATOMIC_ACQUIRE) != want) {
		if (child > 0 && waitpid(child, status, WNOHANG) != 0)
			return __atomic_load_n(&box->turn, __ATOMIC_ACQUIRE) ==
			       want ? 1 : -1;
		if (child == 0 && getppid() != parent)
			return -1;	/* the parent died; we were reparented */
		sched_yield();
	}
	return 0;
}

/* Write a message into the box, then hand the turn over. */
static void post(struct mailbox *box, const char *who, const char *msg, int next)
{
	snprintf(box->text, sizeof box->text, "%s", msg);
	printf("%s (pid %d) wrote: \"%s\"\n", who, getpid(), box->text);
	__atomic_store_n(&box->turn, next, __ATOMIC_RELEASE);
}

static int nattch(int id)
{
	struct shmid_ds ds;

	return shmctl(id, IPC_STAT, &ds) < 0 ? -1 : (int)ds.shm_nattch;
}

/* The child: read the parent's message, answer it, detach, exit. */
static int child_main(struct mailbox *box, pid_t parent)
{
	if (wait_turn(box, CHILD_READS, 0, parent, NULL) < 0) {
		printf("child  (pid %d): parent went away\n", getpid());
		return 1;
	}
	printf("child  (pid %d) read:  \"%s\"\n", getpid(), box->text);
	post(box, "child ", "Hello World from child", PARENT_READS);
	shmdt(box);
	return 0;
}

int main(void)
{
	struct mailbox *box;
	pid_t parent = getpid(), child;
	int id, status = 0, reaped;

	/* Unbuffered, so output is not duplicated by fork or interleaved. */
	setvbuf(stdout, NULL, _IONBF, 0);

	id = shmget(IPC_PRIVATE, sizeof *box, IPC_CREAT | 0600);
	if (id < 0) {
		perror("shm_demo: shmget");
		return 1;
	}
	box = shmat(id, NULL, 0);
	if (box == (void *)-1) {
		perror("shm_demo: shmat");
		shmctl(id, IPC_RMID, NULL);
		return 1;
	}
	printf("parent (pid %d) created segment %d (%zu bytes), attached at %p\n",
	       parent, id, sizeof *box, (void *)box);
	box->turn = PARENT_WRITES;	/* a new segment is zero-filled anyway */

	child = fork();
	if (child < 0) {
		perror("shm_demo: fork");
		shmdt(box);
		shmctl(id, IPC_RMID, NULL);
		return 1;
	}
	if (child == 0)
		return child_main(box, parent);

	printf("parent (pid %d) forked child %d; nattch is now %d\n",
	       parent, child, nattch(id));
	post(box, "parent", "Hello World from parent", CHILD_READS);
	reaped = wait_turn(box, PARENT_READS, child, parent, &status);
	if (reaped < 0) {
		printf("parent (pid %d): the child died before answering\n", parent);
		shmdt(box);
		shmctl(id, IPC_RMID, NULL);
		return 1;
	}
	printf("parent (pid %d) read:  \"%s\"\n", parent, box->text);

	shmdt(box);
	if (!reaped)
		waitpid(child, &status, 0);
	printf("parent (pid %d) detached; child exited with status %d; "
	       "nattch is now %d\n", parent, WEXITSTATUS(status), nattch(id));
	if (shmctl(id, IPC_RMID, NULL) < 0) {
		perror("shm_demo: shmctl IPC_RMID");
		return 1;
	}
	printf("parent (pid %d) removed segment %d\n", parent, id);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
