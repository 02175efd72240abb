/*
 * ipcrm: remove System V IPC objects, as util-linux's ipcrm does.
 *   ipcrm -m SHMID, -q MSQID, -s SEMID     by id
 *   ipcrm -M KEY, -Q KEY, -S KEY           by key (e.g. 0x660020f3), looked up
 *                                          with shmget/msgget/semget, no flags
 *   ipcrm -a, -ashm, -amsg, -asem          every object (of a kind) we may see,
 *                                          after the others (only the last -a)
 * Several may be given: "ipcrm -m 0 -S 0x1234".  The exit status is 1 if
 * any could not be removed.
 *
 * IPC_RMID only marks a segment that is still attached: it disappears when
 * the last process detaches (ipcs shows it as "dest" meanwhile).  A
 * semaphore set or a message queue goes at once, and whoever sleeps on it
 * wakes with EIDRM.
 */
#define _GNU_SOURCE		/* for SEM_INFO... */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

enum kind { SHM, MSG, SEM };

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

/* IPC_RMID; 1 and util-linux's message if it fails. */
static int remove_id(enum kind kind, int id, const char *key)
{
	int r = kind == SHM ? shmctl(id, IPC_RMID, NULL) :
		kind == MSG ? msgctl(id, IPC_RMID, NULL) :
			      semctl(id, 0, IPC_RMID, (union semun){ .val = 0 });
	const char *what;

	if (r == 0)
		return 0;
	switch (errno) {
	case EACCES:
	case EPERM:
		what = "permission denied for";
		break;
	case EINVAL:
		what = "invalid";
		break;
	case EIDRM:
		what = "already removed";
		break;
	default:
		what = "failed to remove";
	}
	if (key)
		fprintf(stderr, "ipcrm: %s key (%s)\n", what, key);
	else
		fprintf(stderr, "ipcrm: %s id (%d)\n", what, id);
	return 1;
}

/* The id of the object with this key (hex with 0x, or decimal), or -1. */
static int key_to_id(enum kind kind, const char *arg)
{
	char *end;
	key_t key = strtoul(arg, &end, 0);
	int id;

	if (*arg == '\0' || *end != '\0') {
		fprintf(stderr, "ipcrm: failed to parse argument: '%s'\n", arg);
		exit(1);
	}
	if (key == IPC_PRIVATE) {
		fprintf(stderr, "ipcrm: illegal key (%s)\n", arg);
		return -1;
	}
	id = kind == SHM ? shmget(key, 0, 0) : kind == MSG ? msgget(key, 0) :
							     semget(key, 0, 0);
	if (id < 0)
		fprintf(stderr, "ipcrm: %s key (%s)\n",
			errno == EACCES ? "permission denied for" :
			errno == EIDRM ? "already removed" : "invalid", arg);
	return id;
}

/* -a: every object of the kind that *_STAT lets us see. */
static int remove_all(enum kind kind)
{
	union { struct shm_info shm; struct msginfo msg; struct seminfo sem; } info;
	union { struct shmid_ds shm; struct msqid_ds msg; struct semid_ds sem; } ds;
	int maxidx, ret = 0;

	maxidx = kind == SHM ? shmctl(0, SHM_INFO, (struct shmid_ds *)&info) :
		 kind == MSG ? msgctl(0, MSG_INFO, (struct msqid_ds *)&info) :
			       semctl(0, 0, SEM_INFO, (union semun){ .__buf = &info.sem });
	for (int idx = 0; idx <= maxidx; idx++) {
		int id = kind == SHM ? shmctl(idx, SHM_STAT, &ds.shm) :
			 kind == MSG ? msgctl(idx, MSG_STAT, &ds.msg) :
				       semctl(idx, 0, SEM_STAT, (union semun){ .buf = &ds.sem });

		if (id >= 0)
			ret |= remove_id(kind, id, NULL);
	}
	return ret;
}

int main(int argc, char *argv[])
{
	int opt, ret = 0, id;
	char *end, *all = NULL;	/* -a's argument: "" for every kind */

	if (argc == 1)
		return 0;
	while ((opt = getopt(argc, argv, "m:M:q:Q:s:S:a::")) != -1) {
		enum kind kind = (opt == 'm' || opt == 'M') ? SHM :
				 (opt == 'q' || opt == 'Q') ? MSG : SEM;

		switch (opt) {
		case 'm':
		case 'q':
		case 's':
			id = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0') {
				fprintf(stderr, "ipcrm: failed to parse argument: '%s'\n", optarg);
				return 1;
			}
			ret |= remove_id(kind, id, NULL);
			break;
		case 'M':
		case 'Q':
		case 'S':
			id = key_to_id(kind, optarg);
			ret |= id < 0 ? 1 : remove_id(kind, id, optarg);
			break;
		case 'a':
			if (optarg && strcmp(optarg, "shm") && strcmp(optarg, "msg") &&
			    strcmp(optarg, "sem")) {
				fprintf(stderr, "ipcrm: unknown argument: %s\n", optarg);
				return 1;
			}
			all = optarg ? optarg : "";
			break;
		default:
			fprintf(stderr, "usage: ipcrm [-m SHMID | -M KEY | -q MSQID | -Q KEY |"
				" -s SEMID | -S KEY | -a [shm|msg|sem]]...\n");
			return 1;
		}
	}
	/* After the others, and only the last -a counts, as util-linux's. */
	if (all && (!*all || !strcmp(all, "shm")))
		ret |= remove_all(SHM);
	if (all && (!*all || !strcmp(all, "sem")))
		ret |= remove_all(SEM);
	if (all && (!*all || !strcmp(all, "msg")))
		ret |= remove_all(MSG);
	return ret;
}
