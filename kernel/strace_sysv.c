/*
 * How trace=syscall prints System V semaphores' and message queues'
 * arguments, as strace 6 prints them (its ipc_sem.c, ipc_semctl.c,
 * ipc_msg.c and ipc_msgctl.c), quirks included: a struct of a stat
 * command prints at exit, semctl's even when the call failed; through
 * ipc(), semctl's union shows in brackets, as a value read through a
 * pointer, and a failed msgrcv shows the "kludge" struct's address and
 * no msgtyp.  (Shared memory's are in kernel/strace_decode.c.)
 */
#include "kernel/strace.h"
#include "ipc/msg.h"
#include "ipc/sem.h"

static const struct xlat resource_flags[] = {
	{ IPC_CREAT, "IPC_CREAT" }, { IPC_EXCL, "IPC_EXCL" },
	{ IPC_NOWAIT, "IPC_NOWAIT" },
};

static const struct xlat semop_flags[] = {
	{ SEM_UNDO, "SEM_UNDO" }, { IPC_NOWAIT, "IPC_NOWAIT" },
};

static const struct xlat msg_flags[] = {
	{ MSG_NOERROR, "MSG_NOERROR" }, { MSG_EXCEPT, "MSG_EXCEPT" },
	{ MSG_COPY, "MSG_COPY" }, { IPC_NOWAIT, "IPC_NOWAIT" },
};

static const struct xlat semctl_cmds[] = {
	{ IPC_RMID, "IPC_RMID" }, { IPC_SET, "IPC_SET" },
	{ IPC_STAT, "IPC_STAT" }, { IPC_INFO, "IPC_INFO" },
	{ GETPID, "GETPID" }, { GETVAL, "GETVAL" }, { GETALL, "GETALL" },
	{ GETNCNT, "GETNCNT" }, { GETZCNT, "GETZCNT" }, { SETVAL, "SETVAL" },
	{ SETALL, "SETALL" }, { SEM_STAT, "SEM_STAT" }, { SEM_INFO, "SEM_INFO" },
	{ SEM_STAT_ANY, "SEM_STAT_ANY" },
};

static const struct xlat msgctl_cmds[] = {
	{ IPC_RMID, "IPC_RMID" }, { IPC_SET, "IPC_SET" },
	{ IPC_STAT, "IPC_STAT" }, { IPC_INFO, "IPC_INFO" },
	{ MSG_STAT, "MSG_STAT" }, { MSG_INFO, "MSG_INFO" },
	{ MSG_STAT_ANY, "MSG_STAT_ANY" },
};

/* strace's PRINTCTL: IPC_64| and the command, an unknown one in hex. */
static void tprint_ctl(const struct xlat *x, size_t n, uint32_t cmd,
		       const char *unknown)
{
	uint32_t base = cmd & ~IPC_64;

	tprintf(cmd & IPC_64 ? "IPC_64|" : "");
	for (size_t i = 0; i < n; i++) {
		if (x[i].val == base) {
			tprintf("%s", x[i].name);
			return;
		}
	}
	tprintf("0x%x /* %s */", base, unknown);	/* vsnprintf has no '#' flag */
}

/* An address, in brackets if it was read through ipc()'s pointer. */
static void tprint_arg_ptr(uint32_t v, int indirect)
{
	tprintf(indirect ? "[" : "");
	tprint_ptr(v);
	tprintf(indirect ? "]" : "");
}

/* ---- semaphores ---- */

/* semop's operations: [{sem_num=0, sem_op=-1, sem_flg=SEM_UNDO}, ...], nsops */
static void tprint_sembuf(uint32_t addr, uint32_t nsops)
{
	struct sembuf sb;
	uint32_t i;

	if (!addr || nsops > 0xffffffffu / sizeof(sb)) {
		tprint_ptr(addr);
	} else if (nsops && umove(addr, &sb, sizeof(sb))) {
		tprint_ptr(addr);
	} else {
		tprintf("[");
		for (i = 0; i < nsops && i < MAX_STRLEN; i++) {
			if (umove(addr + i * sizeof(sb), &sb, sizeof(sb)))
				break;
			tprintf("%s{sem_num=%u, sem_op=%d, sem_flg=", i ? ", " : "",
				sb.sem_num, sb.sem_op);
			tprint_flags(semop_flags, N(semop_flags), (uint16_t)sb.sem_flg, "0");
			tprintf("}");
		}
		tprintf(i < nsops ? ", ...]" : "]");
	}
	tprintf(", %u", nsops);
}

static void tprint_perm(const struct ipc64_perm *p, int set)
{
	tprintf("{uid=%u, gid=%u, mode=", p->uid, p->gid);
	tprint_octal(p->mode);
	if (!set)
		tprintf(", key=%u, cuid=%u, cgid=%u", (uint32_t)p->key, p->cuid,
			p->cgid);
	tprintf("}");
}

static void tprint_semid_ds(uint32_t addr, int cmd, int indirect)
{
	struct semid64_ds ds;

	if (umove(addr, &ds, sizeof(ds))) {
		tprint_arg_ptr(addr, indirect);
		return;
	}
	tprintf("{sem_perm=");
	tprint_perm(&ds.sem_perm, cmd == IPC_SET);
	if (cmd != IPC_SET)
		tprintf(", sem_otime=%u, sem_ctime=%u, sem_nsems=%u", ds.sem_otime,
			ds.sem_ctime, ds.sem_nsems);
	tprintf("}");
}

static void tprint_seminfo(uint32_t addr, int failed)
{
	struct seminfo si;

	if (failed || umove(addr, &si, sizeof(si))) {
		tprint_ptr(addr);
		return;
	}
	tprintf("{semmap=%d, semmni=%d, semmns=%d, semmnu=%d, semmsl=%d, "
		"semopm=%d, semume=%d, semusz=%d, semvmx=%d, semaem=%d}",
		si.semmap, si.semmni, si.semmns, si.semmnu, si.semmsl, si.semopm,
		si.semume, si.semusz, si.semvmx, si.semaem);
}

/* semctl's cmd and union semun: the struct it names for the commands that take one. */
static void tprint_semctl(const struct strace_call *c, uint32_t cmd, uint32_t arg)
{
	int indirect = c->ipc_call != 0, base = cmd & ~IPC_64;
	uint32_t val;

	tprint_ctl(semctl_cmds, N(semctl_cmds), cmd, "SEM_???");
	tprintf(", ");
	if (indirect) {
		if (!arg || umove(arg, &val, sizeof(val))) {
			tprint_ptr(arg);
			return;
		}
		arg = val;
	}
	switch (base) {
	case IPC_SET:
	case IPC_STAT:
	case SEM_STAT:
	case SEM_STAT_ANY:
		tprint_semid_ds(arg, base, indirect);
		break;
	case IPC_INFO:
	case SEM_INFO:
		tprint_seminfo(arg, c->ret < 0);
		break;
	default:
		tprint_arg_ptr(arg, indirect);
	}
}

/* ---- message queues ---- */

/* A struct msgbuf: {mtype=1, mtext="..."}, then msgsz. */
static void tprint_msgbuf(uint32_t addr, uint32_t msgsz, int failed)
{
	struct { int32_t mtype; char mtext[4]; } m;	/* glibc's, with its padding */

	if (!addr || failed || umove(addr, &m, sizeof(m))) {
		tprint_ptr(addr);
	} else {
		tprintf("{mtype=%d, mtext=", m.mtype);
		tprint_buf(addr + 4, msgsz, 0);
		tprintf("}");
	}
	tprintf(", %u", msgsz);
}

static void tprint_msgrcv(const struct strace_call *c, int i)
{
	uint32_t msgp = c->arg[i], msgsz = c->arg[i + 1], flags = c->arg[i + 3];
	int32_t msgtyp = c->arg[i + 2];
	int failed = c->ret < 0;
	struct { uint32_t msgp; int32_t msgtyp; } kludge;

	if (c->ipc_call && (c->ipc_call >> 16) == 0) {
		if (!msgp || failed || umove(msgp, &kludge, sizeof(kludge))) {
			tprint_ptr(msgp);
			tprintf(", %u, ", msgsz);
			tprint_flags(msg_flags, N(msg_flags), flags, "0");
			return;
		}
		msgp = kludge.msgp;
		msgtyp = kludge.msgtyp;
	}
	tprint_msgbuf(msgp, msgsz, failed);
	tprintf(", %d, ", msgtyp);
	tprint_flags(msg_flags, N(msg_flags), flags, "0");
}

/* msgctl's struct, umove_or_printaddr's way: a failed call's shows as its address. */
static void tprint_msqid_ds(uint32_t addr, int cmd, int failed)
{
	struct msqid64_ds ds;

	if (!addr || failed || umove(addr, &ds, sizeof(ds))) {
		tprint_ptr(addr);
		return;
	}
	tprintf("{msg_perm=");
	tprint_perm(&ds.msg_perm, cmd == IPC_SET);
	if (cmd != IPC_SET)
		tprintf(", msg_stime=%u, msg_rtime=%u, msg_ctime=%u, msg_qnum=%u",
			ds.msg_stime, ds.msg_rtime, ds.msg_ctime, ds.msg_qnum);
	tprintf(", msg_qbytes=%u", ds.msg_qbytes);
	if (cmd != IPC_SET)
		tprintf(", msg_lspid=%d, msg_lrpid=%d", ds.msg_lspid, ds.msg_lrpid);
	tprintf("}");
}

static void tprint_msginfo(uint32_t addr, int failed)
{
	struct msginfo mi;

	if (!addr || failed || umove(addr, &mi, sizeof(mi))) {
		tprint_ptr(addr);
		return;
	}
	tprintf("{msgpool=%d, msgmap=%d, msgmax=%d, msgmnb=%d, msgmni=%d, "
		"msgssz=%d, msgtql=%d, msgseg=%u}", mi.msgpool, mi.msgmap,
		mi.msgmax, mi.msgmnb, mi.msgmni, mi.msgssz, mi.msgtql, mi.msgseg);
}

static void tprint_msgctl(const struct strace_call *c, uint32_t cmd, uint32_t buf)
{
	int base = cmd & ~IPC_64, failed = c->ret < 0;

	tprint_ctl(msgctl_cmds, N(msgctl_cmds), cmd, "MSG_???");
	tprintf(", ");
	switch (base) {
	case IPC_SET:
		tprint_msqid_ds(buf, base, 0);	/* strace reads it at entry */
		break;
	case IPC_STAT:
	case MSG_STAT:
	case MSG_STAT_ANY:
		tprint_msqid_ds(buf, base, failed);
		break;
	case IPC_INFO:
	case MSG_INFO:
		tprint_msginfo(buf, failed);
		break;
	default:
		tprint_ptr(buf);
	}
}

int strace_decode_sysv(int type, const struct strace_call *c, int i)
{
	uint32_t v = c->arg[i], next = i < 5 ? c->arg[i + 1] : 0;

	switch (type) {
	case A_IPC_FLAGS:
		if (v & ~0777u) {
			tprint_flags(resource_flags, N(resource_flags), v & ~0777u, "");
			tprintf("|");
		}
		tprint_octal(v & 0777);
		return 1;
	case A_SEMBUF:
		tprint_sembuf(v, next);
		return 2;
	case A_SEMCTL:
		tprint_semctl(c, v, next);
		return 2;
	case A_MSGSND:
		tprint_msgbuf(v, next, 0);	/* strace reads it at entry */
		tprintf(", ");
		tprint_flags(msg_flags, N(msg_flags), c->arg[i + 2], "0");
		return 3;
	case A_MSGRCV:
		tprint_msgrcv(c, i);
		return 4;
	default:	/* A_MSGCTL */
		tprint_msgctl(c, v, next);
		return 2;
	}
}
