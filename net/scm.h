/*
 * Control messages (net/scm.c, Linux's net/core/scm.c): SCM_RIGHTS passes
 * descriptors, SCM_CREDENTIALS the sender's pid, uid and gid.
 */
#ifndef NET_SCM_H
#define NET_SCM_H

#include "net/sock.h"

#define SCM_RIGHTS	1
#define SCM_CREDENTIALS	2

/* i386's struct cmsghdr, and its alignment. */
struct cmsghdr {
	uint32_t cmsg_len;
	int cmsg_level;
	int cmsg_type;
};
#define CMSG_ALIGN(len)	(((len) + 3) & ~3u)
#define CMSG_LEN(len)	(sizeof(struct cmsghdr) + (len))
#define CMSG_SPACE(len)	(sizeof(struct cmsghdr) + CMSG_ALIGN(len))

struct scm_cookie {
	struct ucred creds;
	struct scm_fp_list *fp;		/* referenced files, or NULL */
};

int scm_send(struct socket *sock, struct msghdr *m, struct scm_cookie *scm);
void scm_recv(struct socket *sock, struct msghdr *m, struct scm_cookie *scm, int flags);
void scm_destroy(struct scm_cookie *scm);
void put_cmsg(struct msghdr *m, int level, int type, uint32_t len, const void *data);
struct scm_fp_list *scm_fp_dup(struct scm_fp_list *fpl);
void scm_fp_destroy(struct scm_fp_list *fpl);

#endif
