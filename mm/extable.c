/*
 * The exception table, Linux's __ex_table: pairs (instruction, fixup) that
 * the assembler collects from every `.section __ex_table` in the kernel
 * (mm/uaccess.c's copies) into one section, which linker.ld brackets with
 * __start___ex_table and __stop___ex_table.  A page fault in kernel mode
 * (kernel/trap.c) looks its EIP up here: only a listed instruction's fault
 * on user memory is resolved, and one that cannot be returns to its fixup
 * (the copy fails); any other is a kernel bug, an oops.  A table of a few
 * entries: searched in order.
 */
#include "mm/uaccess.h"
#include "kernel/trap.h"
#include <stddef.h>

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

const struct exception_table_entry *search_exception_table(uint32_t eip)
{
	for (const struct exception_table_entry *e = __start___ex_table;
	     e < __stop___ex_table; e++)
		if (e->insn == eip)
			return e;
	return NULL;
}

int fixup_exception(struct trapframe *tf)
{
	const struct exception_table_entry *e = search_exception_table(tf->eip);

	if (!e)
		return 0;
	tf->eip = e->fixup;
	return 1;
}
