/*
 * POSIX message queues (mq_overview(7)) through glibc's mq_* calls: names
 * and their errors in Linux's order, the attributes and their limits,
 * messages taken highest priority first and oldest first within one,
 * EMSGSIZE, EAGAIN on a non-blocking queue, ETIMEDOUT at an absolute
 * deadline, a receiver asleep until another process sends, poll, the
 * descriptor's read() line and close-on-exec, mq_notify by signal and by
 * glibc's SIGEV_THREAD (a cookie the kernel sends to a netlink socket),
 * RLIMIT_MSGQUEUE, mq_unlink of a queue still open.  The host side runs
 * in an IPC namespace of its own, whose queues are its own.
 */
#include "check.h"
#include <mqueue.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define Q	"/shmos-mq-test"

static void names(void)
{
	char longname[300];
	struct mq_attr bad = { .mq_maxmsg = 0, .mq_msgsize = 16 };

	memset(longname, 'x', sizeof(longname) - 1);
	longname[0] = '/';
	longname[sizeof(longname) - 1] = 0;
	TRY("mq_open without a slash", mq_open("q", O_RDWR | O_CREAT, 0600, NULL));
	TRY("mq_open \"/\"", mq_open("/", O_RDWR | O_CREAT, 0600, NULL));
	TRY("mq_open a name with a slash", mq_open("/a/b", O_RDWR | O_CREAT, 0600, NULL));
	TRY("mq_open \"/..\"", mq_open("/..", O_RDWR | O_CREAT, 0600, NULL));
	TRY("mq_open a 298-byte name", mq_open(longname, O_RDWR | O_CREAT, 0600, NULL));
	TRY("mq_open a queue nobody made", mq_open(Q, O_RDWR));
	TRY("mq_open mq_maxmsg 0", mq_open(Q, O_RDWR | O_CREAT, 0600, &bad));
	bad = (struct mq_attr){ .mq_maxmsg = 4, .mq_msgsize = -1 };
	TRY("mq_open mq_msgsize -1", mq_open(Q, O_RDWR | O_CREAT, 0600, &bad));
	bad = (struct mq_attr){ .mq_maxmsg = 70000, .mq_msgsize = 16 };
	TRY("mq_open mq_maxmsg 70000", mq_open(Q, O_RDWR | O_CREAT, 0600, &bad));
	TRY("mq_unlink a queue nobody made", mq_unlink(Q));
}

static void show_attr(const char *what, mqd_t q)
{
	struct mq_attr a;

	mq_getattr(q, &a);
	printf("%s: flags %s maxmsg %ld msgsize %ld curmsgs %ld\n", what,
	       a.mq_flags & O_NONBLOCK ? "O_NONBLOCK" : "0", a.mq_maxmsg, a.mq_msgsize,
	       a.mq_curmsgs);
}

static void order(mqd_t q)
{
	static const struct { const char *text; unsigned prio; } in[] = {
		{ "a", 1 }, { "b", 5 }, { "c", 3 }, { "d", 5 }, { "e", 0 },
	};
	char buf[64];
	unsigned prio;

	for (unsigned i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		mq_send(q, in[i].text, strlen(in[i].text) + 1, in[i].prio);
	show_attr("five sent", q);
	for (unsigned i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		long n = mq_receive(q, buf, sizeof(buf), &prio);

		printf("received %ld bytes \"%s\" priority %u\n", n, buf, prio);
	}
}

static void errors(mqd_t q)
{
	char big[100] = { 0 }, small[8];
	struct timespec past = { 1, 0 }, bad = { 0, -1 };
	int p[2];
	mqd_t ro;

	pipe(p);
	TRY("mq_send 65 bytes to a 64-byte queue", mq_send(q, big, 65, 0));
	TRY("mq_send priority 32768", mq_send(q, big, 1, 32768));
	TRY("mq_receive into 8 bytes", mq_receive(q, small, sizeof(small), NULL));
	TRY("mq_send on a pipe", mq_send(p[1], big, 1, 0));
	TRY("mq_timedreceive, a deadline in 1970", mq_timedreceive(q, big, sizeof(big), NULL, &past));
	TRY("mq_timedsend, tv_nsec -1", mq_timedsend(q, big, 1, 0, &bad));
	ro = mq_open(Q, O_RDONLY);
	TRY("mq_send on a read-only descriptor", mq_send(ro, big, 1, 0));
	TRY("mq_open O_RDWR|O_WRONLY", mq_open(Q, O_RDWR | O_WRONLY));
	TRY("mq_open O_CREAT|O_EXCL of one there", mq_open(Q, O_RDWR | O_CREAT | O_EXCL, 0600, NULL));
	printf("close-on-exec: %s\n", yes(fcntl(ro, F_GETFD) == FD_CLOEXEC));
	mq_close(ro);
	close(p[0]);
	close(p[1]);
}

static void nonblocking(mqd_t q)
{
	struct mq_attr a = { .mq_flags = O_NONBLOCK }, old;
	char buf[64];
	int sent = 0;

	mq_setattr(q, &a, &old);
	show_attr("after mq_setattr O_NONBLOCK", q);
	TRY("mq_receive of an empty queue", mq_receive(q, buf, sizeof(buf), NULL));
	while (mq_send(q, "x", 1, 0) == 0)
		sent++;
	printf("sent until full: %d, then %s\n", sent, ename(errno));
	struct pollfd pfd = { q, POLLIN | POLLOUT };
	poll(&pfd, 1, 0);
	printf("poll of a full queue: POLLIN %s POLLOUT %s\n", yes(pfd.revents & POLLIN),
	       yes(pfd.revents & POLLOUT));
	while (mq_receive(q, buf, sizeof(buf), NULL) >= 0)
		;
	poll(&pfd, 1, 0);
	printf("poll of an empty queue: POLLIN %s POLLOUT %s\n", yes(pfd.revents & POLLIN),
	       yes(pfd.revents & POLLOUT));
	mq_setattr(q, &old, NULL);
}

/* A receiver asleep until another process sends. */
static void blocking(mqd_t q)
{
	char buf[64];
	unsigned prio;
	pid_t pid = fork();

	if (pid == 0) {
		usleep(100000);
		_exit(mq_send(q, "from the child", 15, 7) ? 1 : 0);
	}
	long n = mq_receive(q, buf, sizeof(buf), &prio);
	int status;

	waitpid(pid, &status, 0);
	printf("asleep, then received %ld bytes \"%s\" priority %u; the child's status %d\n",
	       n, buf, prio, WEXITSTATUS(status));
}

/* The descriptor's line: QSIZE, and who hears of a message. */
static void show_line(const char *what, mqd_t q)
{
	char line[100];
	int notify, signo, pid;
	long n = pread(q, line, sizeof(line) - 1, 0);
	unsigned long qsize;

	line[n > 0 ? n : 0] = 0;
	sscanf(line, "QSIZE:%lu NOTIFY:%d SIGNO:%d NOTIFY_PID:%d", &qsize, &notify, &signo, &pid);
	printf("%s: %ld bytes, QSIZE %lu NOTIFY %d SIGNO %d NOTIFY_PID %s\n", what, n, qsize,
	       notify, signo, pid == getpid() ? "ours" : pid ? "another" : "0");
}

static volatile siginfo_t got;

static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
	got = *si;
}

static void notify_signal(mqd_t q)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1,
			       .sigev_value.sival_int = 42 };
	struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
	char buf[64];
	pid_t pid;
	int status;

	sigaction(SIGUSR1, &sa, NULL);
	TRY("mq_notify SIGEV_SIGNAL", mq_notify(q, &ev));
	show_line("registered", q);
	if ((pid = fork()) == 0)
		_exit(mq_notify(q, &ev) < 0 ? errno == EBUSY ? 2 : 3 : 0);
	waitpid(pid, &status, 0);
	printf("another process's mq_notify: %s\n", WEXITSTATUS(status) == 2 ? "EBUSY" : "not EBUSY");
	mq_send(q, "hello", 6, 0);
	usleep(10000);
	printf("signal %d, si_code SI_MESGQ %s, si_value %d, si_pid ours %s\n", got.si_signo,
	       yes(got.si_code == SI_MESGQ), got.si_value.sival_int, yes(got.si_pid == getpid()));
	show_line("after the message", q);
	mq_receive(q, buf, sizeof(buf), NULL);
	TRY("mq_notify again", mq_notify(q, &ev));
	TRY("mq_notify NULL", mq_notify(q, NULL));
	show_line("after mq_notify NULL", q);
	ev.sigev_notify = 99;
	TRY("mq_notify sigev_notify 99", mq_notify(q, &ev));
}

static sem_t ran;
static int thread_value;

static void in_thread(union sigval v)
{
	thread_value = v.sival_int;
	sem_post(&ran);
}

static void notify_thread(mqd_t q)
{
	struct sigevent ev = { .sigev_notify = SIGEV_THREAD, .sigev_notify_function = in_thread,
			       .sigev_value.sival_int = 7 };
	struct timespec t;
	char buf[64];

	sem_init(&ran, 0, 0);
	TRY("mq_notify SIGEV_THREAD", mq_notify(q, &ev));
	mq_send(q, "wake", 5, 0);
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += 5;
	printf("the thread ran: %s, with %d\n", yes(sem_timedwait(&ran, &t) == 0), thread_value);
	mq_receive(q, buf, sizeof(buf), NULL);
}

static void limits(void)
{
	struct rlimit old, r = { 100000, 100000 };
	mqd_t a, b;

	getrlimit(RLIMIT_MSGQUEUE, &old);
	printf("RLIMIT_MSGQUEUE: %lu\n", (unsigned long)old.rlim_cur);
	setrlimit(RLIMIT_MSGQUEUE, &r);
	a = mq_open("/shmos-mq-a", O_RDWR | O_CREAT, 0600, NULL);
	printf("a default queue within 100000 bytes: %s\n", yes(a >= 0));
	errno = 0;
	b = mq_open("/shmos-mq-b", O_RDWR | O_CREAT, 0600, NULL);
	printf("a second one: %s\n", b < 0 ? ename(errno) : "made");
	mq_close(a);
	mq_unlink("/shmos-mq-a");
	setrlimit(RLIMIT_MSGQUEUE, &old);
}

int main(void)
{
	struct mq_attr attr = { .mq_maxmsg = 8, .mq_msgsize = 64 };
	char buf[64];
	mqd_t q;

	names();
	q = mq_open(Q, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
	printf("mq_open O_CREAT: %s\n", yes(q >= 0));
	show_attr("new", q);
	order(q);
	errors(q);
	nonblocking(q);
	blocking(q);
	show_line("empty, nobody told", q);
	notify_signal(q);
	notify_thread(q);
	TRY("mq_unlink", mq_unlink(Q));
	TRY("mq_open after mq_unlink", mq_open(Q, O_RDWR));
	TRY("mq_send to the open queue", mq_send(q, "still", 6, 0));
	TRY("mq_receive from it", mq_receive(q, buf, sizeof(buf), NULL));
	TRY("mq_close", mq_close(q));
	TRY("mq_close again", mq_close(q));
	limits();
	return 0;
}
