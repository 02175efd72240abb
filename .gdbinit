# shmos's gdb setup.  scripts/gdb (`make gdb`) runs gdb with this file and then
# connects to QEMU's gdb stub itself, so this file never connects: running
# `gdb -x .gdbinit build/shmos.elf` by hand, type `target remote 127.0.0.1:PORT`
# with the port `make qemu-gdb` printed.  docs/gdb.md explains the session.

set pagination off
set confirm off
set disassembly-flavor att
set print pretty on

# The kernel's helpers: ps, cpus, vmas, ptwalk, shmsegs, shmpages, user, kcount.
source scripts/shmos-gdb.py

echo shmos gdb helpers: ps, cpus, vmas [PID], ptwalk ADDR [PID], shmsegs, shmpages ID, user PROG, kcount\n
echo (help CMD for each; docs/gdb.md for a walk through shm_nopage; under KVM use hbreak)\n
