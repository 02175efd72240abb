#ifndef MM_FAULT_H
#define MM_FAULT_H

#include "kernel/trap.h"

void do_page_fault(struct trapframe *tf);

#endif
