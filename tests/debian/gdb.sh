# debian/gdb: Debian 12's gdb 13.1 (gdb-minimal) debugs programs on shmos's ptrace as on
# Linux, in batch mode.  /tests/gdb_demo (tests/progs/gdb_demo.c, static, -O0 -g): a
# breakpoint on a function (an int3 written into the text through /proc/PID/mem), bt, eip,
# next, finish and step, variables printed, a hardware watchpoint on a global (the debug
# registers: DR0 and DR7 through PTRACE_POKEUSER, a SIGTRAP with TRAP_HWBKPT), continue to
# the exit.  Debian's echo, dynamically linked: a pending breakpoint in libc, which gdb
# finds once the libraries are loaded (AT_BASE in /proc/PID/auxv, ld.so's r_debug);
# libthread_db; finish.  gdb_demo's second thread: `info threads`.  gdb's complaint about
# its charset comes from the iconv modules the image leaves out.
# programs: gdb_demo
# image: extra (gdb and the libraries only it needs: build/debian-extra.cpio)
# timeout: 120
PATH=/usr/bin:/bin
# What differs between two kernels: pids, thread ids, the stack's addresses (and in a
# dynamic program, where the libraries are); other threads' frames (where they are when
# the breakpoint stops them all).
mask() {
	sed -e 's/process [0-9]*/process PID/' -e 's/LWP [0-9]*/LWP N/' -e 's/argv=0x[0-9a-f]*/argv=ADDR/' \
	    -e "s/0x[0-9a-f]\{7,8\} in \([A-Za-z_0-9]* ()\) from/ADDR in \1 from/" \
	    -e 's/^\(0x[0-9a-f]\{8\}  0x[0-9a-f]\{8\}\)/ADDR  ADDR/' \
	    -e 's/Thread 0x[0-9a-f]*/Thread ADDR/' -e 's/^\(  [0-9].*"gdb_demo"\) .*/\1/'
}
cat > /tmp/gdb.cmd <<'END'
set pagination off
set confirm off
break square
run > /tmp/out
bt
info registers eip
next
print y
print x
finish
print sum
step
step
step
step
delete
watch counter
continue
continue
info watchpoints
delete
continue
END
/usr/bin/gdb -nx -batch -x /tmp/gdb.cmd /tests/gdb_demo 2>&1 | mask
echo "gdb: $?"
cat /tmp/out
cat > /tmp/gdb2.cmd <<'END'
set pagination off
set confirm off
set breakpoint pending on
break write
run > /tmp/out
bt 1
info threads
info sharedlibrary
finish
continue
END
/usr/bin/gdb -nx -batch -x /tmp/gdb2.cmd --args /usr/bin/echo hi 2>&1 | mask
echo "gdb echo: $?"
cat /tmp/out
cat > /tmp/gdb3.cmd <<'END'
set pagination off
set confirm off
break in_thread
run > /tmp/out
info threads
continue
END
/usr/bin/gdb -nx -batch -x /tmp/gdb3.cmd --args /tests/gdb_demo threads 2>&1 | mask
echo "gdb, threads: $?"
cat /tmp/out
