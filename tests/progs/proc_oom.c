// proc_oom: /proc/PID/oom_score, oom_score_adj and oom_adj (util-linux's choom, systemd's
// OOMScoreAdjust): the values read back on both scales, what a write may say (ranges,
// bases, spaces, junk) and fork passing the bias on. Only ever up: going down needs
// CAP_SYS_RESOURCE, which a test sandbox's root may lack.
// host: uids
#define _GNU_SOURCE
#include <sys/prctl.h>
#include <sys/wait.h>

#include "check.h"

static void show(const char *what)
{
	char adj[32] = "", old[32] = "", score[32] = "";

	slurp_file("/proc/self/oom_score_adj", adj, sizeof(adj));
	slurp_file("/proc/self/oom_adj", old, sizeof(old));
	slurp_file("/proc/self/oom_score", score, sizeof(score));
	adj[strcspn(adj, "\n")] = old[strcspn(old, "\n")] = 0;
	printf("%s: oom_score_adj %s, oom_adj %s, oom_score %s\n", what, adj, old,
	       atoi(score) == 0 ? "0" : atoi(score) <= 1333 ? "between 1 and 1333" : score);
}

static void put(const char *file, const char *text)
{
	char path[64], what[80], shown[32];
	int fd;

	snprintf(path, sizeof(path), "/proc/self/%s", file);
	snprintf(shown, sizeof(shown), "%s", text);
	shown[strcspn(shown, "\n")] = 0;	/* the label on one line */
	snprintf(what, sizeof(what), "write %s \"%s%s\"", file, shown,
		 strchr(text, '\n') ? "\\n" : "");
	errno = 0;
	if ((fd = open(path, O_WRONLY)) < 0) {
		show_result(what, -1);
		return;
	}
	TRY(what, write(fd, text, strlen(text)));
	close(fd);
}

int main(void)
{
	int status;
	pid_t pid;

	show("at start");
	put("oom_score_adj", "+5");
	show("+5");
	put("oom_score_adj", "010");
	show("010");
	put("oom_score_adj", " 12 \n");
	show("\" 12 \\n\"");
	put("oom_score_adj", "0x10");
	show("0x10");
	put("oom_adj", "3");
	show("oom_adj 3");
	put("oom_score_adj", "500");
	show("500");
	put("oom_score_adj", "1000\n");
	show("1000");
	put("oom_score_adj", "1001");
	put("oom_score_adj", "-1001");
	put("oom_score_adj", "abc");
	put("oom_score_adj", "12x");
	put("oom_score_adj", "");
	put("oom_score_adj", "99999999999");
	put("oom_adj", "16");
	put("oom_adj", "-18");
	put("oom_adj", "15");
	show("oom_adj 15");

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		show("child");
		if (setresuid(65534, 65534, 65534) == 0) {
			prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);	/* its /proc/PID is nobody's again */
			put("oom_score_adj", "1000");
			put("oom_score_adj", "2000");
			show("nobody");
		}
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	show("parent, after");
	return 0;
}
