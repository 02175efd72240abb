# debian/strace: Debian 12's strace 6.1 (dynamically linked) on shmos's ptrace: its
# startup probes (PTRACE_SEIZE, PTRACE_GET_SYSCALL_INFO), PTRACE_SEIZE and INTERRUPT of the
# child stopped by SIGSTOP, LISTEN and SIGCONT, the exec stop, PTRACE_SYSCALL's stops read
# with GET_SYSCALL_INFO, strings through process_vm_readv, -f's fork events with the
# children traced from birth, -o.
# Only what is stable is compared: the calls' names and arguments, pids as PID; the
# children run one at a time (strace splits a call that another tracee's stop interrupts).
# timeout: 60
PATH=/usr/bin:/bin
/usr/bin/strace -qq -e trace=write,exit_group /usr/bin/echo hi 2>/tmp/out; echo "strace echo: $?"
/usr/bin/cat /tmp/out
/usr/bin/strace -f -qq -e trace=write,exit_group -o /tmp/out /usr/bin/bash -c '/usr/bin/echo one; /usr/bin/echo two; exit 3'
echo "strace -f -o, bash -c: $?"
# (bash's SIGCHLDs are left out: two children's exits may come as one signal)
/usr/bin/sed -e 's/^[0-9][0-9]* */PID /' -e '/SIGCHLD/d' /tmp/out | /usr/bin/sort
/usr/bin/strace -e trace=execve,openat -e signal=none -qq /usr/bin/true 2>&1 | /usr/bin/sed -n 's/^execve(\([^,]*\),.*= \(.*\)$/execve(\1, ...) = \2/p'
/usr/bin/strace -f -e trace=none -qq /usr/bin/bash -c '/usr/bin/sleep 0.1 & kill -TERM $$' 2>/tmp/out
echo "strace, bash killed by SIGTERM: $?"
/usr/bin/sed -e 's/^\[pid *[0-9]*\] //' -e 's/si_pid=[0-9]*/si_pid=N/' /tmp/out	# strace prefixes [pid N] only while it traces more than one process
