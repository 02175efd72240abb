#!/usr/bin/env bash
# tests/gdb/attach.sh: the two-terminal session of docs/gdb.md, `make qemu-gdb` in one and
# `make gdb` in the other, without terminals: scripts/boot --gdb (what make qemu-gdb
# runs) boots `shm_writer` and waits; scripts/gdb --attach (what make gdb runs when a
# QEMU waits) finds its port in the port file, loads .gdbinit and its helpers, stops in
# shm_nopage, lists the segment with `shmsegs`, and lets the kernel run to its power off,
# which scripts/boot must report as status 0.
# Prints PASS or FAIL with the reasons; exit status 0 on PASS.
# timeout: 60
set -u
cd "$(dirname "$0")/../.."

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gdb_attach.XXXXXX")
boot=
cleanup() {
	[ -n "$boot" ] && kill "$boot" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
export SHMOS_GDB_PORT_FILE=$tmp/port
unset SHMOS_GDB_PORT	# scripts/boot picks a free port itself, as for make qemu-gdb

scripts/boot --gdb --timeout 50 -- init=/bin/shm_writer > "$tmp/console" 2> "$tmp/boot.err" &
boot=$!
for _ in $(seq 100); do
	[ -s "$SHMOS_GDB_PORT_FILE" ] && break
	sleep 0.05
done

cat > "$tmp/session.gdb" <<'GDB'
break shm_nopage
continue
shmsegs
bt 1
delete
continue
GDB
timeout 40 scripts/gdb --attach "" -batch -x "$tmp/session.gdb" > "$tmp/gdb.out" 2>&1
wait "$boot"
status=$?
boot=
cat "$tmp/boot.err" "$tmp/gdb.out"
echo "---- console ----"
tr -d '\r' < "$tmp/console"

why=
grep -q "QEMU waits for gdb on port [0-9]*" "$tmp/boot.err" || why="scripts/boot did not say where QEMU waits"
grep -q "^  make gdb$" "$tmp/boot.err" || why="${why:+$why; }scripts/boot did not print the attach command"
grep -q "^scripts/gdb: attaching to the QEMU on port" "$tmp/gdb.out" || why="${why:+$why; }scripts/gdb did not attach"
grep -q "^shmos gdb helpers:" "$tmp/gdb.out" || why="${why:+$why; }gdb did not load .gdbinit"
grep -q "^Breakpoint 1, shm_nopage (" "$tmp/gdb.out" || why="${why:+$why; }no stop in shm_nopage"
grep -q "attach pid [0-9]* (shm_writer) at 0x" "$tmp/gdb.out" || why="${why:+$why; }shmsegs did not list the writer's attach"
[ "$status" = 0 ] || why="${why:+$why; }scripts/boot's status $status, not 0"
[ -e "$SHMOS_GDB_PORT_FILE" ] && why="${why:+$why; }the port file stayed"
if [ -n "$why" ]; then
	echo "FAIL: $why"
	exit 1
fi
echo "PASS: make gdb attached to make qemu-gdb's QEMU with the helpers, and shmos ran on to a clean power off"
