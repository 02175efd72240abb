/*
 * "#!interpreter [arg]" scripts, read as Linux's fs/binfmt_script.c reads
 * them: the interpreter runs instead, with argv[0] replaced by three
 * strings: the interpreter's name, the arg (the rest of the line, one
 * string) if there is one, and the script's path.  The interpreter may
 * itself be a script (kernel/exec.c's exec_binprm goes round again).
 *
 * Only the first BINPRM_BUF_SIZE bytes of the file are read, so a long
 * "#!" line may be cut short.  That is fine for the arg (the interpreter
 * can read the line again) but not for the interpreter's name: without a
 * newline in the buffer, the name must end at a blank or a NUL inside it,
 * or the script is ENOEXEC.
 */
#include "kernel/exec.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "fs/fs.h"
#include "fs/namei.h"

static int spacetab(char c)
{
	return c == ' ' || c == '\t';
}

/* The first character in [first, last] that is not a blank, or NULL. */
static char *next_non_spacetab(char *first, const char *last)
{
	for (; first <= last; first++)
		if (!spacetab(*first))
			return first;
	return NULL;
}

/* The first blank or NUL in [first, last], or NULL. */
static char *next_terminator(char *first, const char *last)
{
	for (; first <= last; first++)
		if (spacetab(*first) || !*first)
			return first;
	return NULL;
}

int load_script(struct linux_binprm *bprm)
{
	char *buf = bprm->buf, *buf_end = buf + BINPRM_BUF_SIZE - 1;
	char *i_name, *i_sep, *i_arg, *i_end;
	int err;

	if (buf[0] != '#' || buf[1] != '!')
		return -ENOEXEC;
	/* The interpreter would open execveat's /dev/fd/N, closed by then. */
	if (bprm->path_inaccessible)
		return -ENOENT;
	/* The line ends at a newline before any NUL... */
	for (i_end = buf; i_end <= buf_end && *i_end && *i_end != '\n'; i_end++)
		;
	if (i_end > buf_end || *i_end != '\n') {
		/* ...or it may be cut short: then the name must end in the buffer. */
		if (!(i_end = next_non_spacetab(buf + 2, buf_end)) ||
		    !next_terminator(i_end, buf_end))
			return -ENOEXEC;
		i_end = buf_end;
	}
	while (spacetab(i_end[-1]))
		i_end--;
	i_name = next_non_spacetab(buf + 2, i_end);
	if (!i_name || i_name == i_end)
		return -ENOEXEC;		/* no interpreter */
	i_arg = NULL;
	i_sep = next_terminator(i_name, i_end);
	if (i_sep && *i_sep)
		i_arg = next_non_spacetab(i_sep, i_end);

	/* Below argv[1]: the interpreter, its arg, the script; argv[0] goes. */
	if ((err = remove_arg_zero(bprm)) ||
	    (err = copy_string_kernel(bprm->interp, bprm)))
		return err;
	bprm->argc++;
	*i_end = 0;
	if (i_arg) {
		*i_sep = 0;
		if ((err = copy_string_kernel(i_arg, bprm)))
			return err;
		bprm->argc++;
	}
	if ((err = copy_string_kernel(i_name, bprm)))
		return err;
	bprm->argc++;

	/* The interpreter is now the file to load. */
	strlcpy(bprm->interp_buf, i_name, BINPRM_BUF_SIZE);
	bprm->interp = bprm->interp_buf;
	inode_put(bprm->inode);
	inode_put(bprm->dir);
	bprm->inode = bprm->dir = NULL;
	/* "#!" and a NUL: Linux looks "" up as the working directory, no file to run */
	if (!*bprm->interp)
		return -EACCES;
	return exec_lookup(bprm->interp, &bprm->inode, &bprm->dir);
}
