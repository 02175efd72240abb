#!/usr/bin/env bash
# tests/gdb/shm_nopage.sh: the article's scenario, `shm_writer; shm_reader`,
# stepped through with gdb in batch mode through scripts/gdb, as a student
# would with `make gdb` (docs/gdb.md).  It checks that:
#   - the writer's first store faults into shm_nopage at an address inside
#     the writer's attach VMA, whose shm_pages entry is NULL before `finish`
#     and holds the returned frame after it;
#   - `shmsegs` lists the segment with the writer's attach, and `ptwalk`
#     shows the attach address mapped to that frame, holding "Hello World";
#   - the reader's fault finds the entry filled and maps the very same frame;
#   - the system then runs to a clean power off with "Hello World" printed.
# Prints PASS or FAIL with the reasons; exit status 0 on PASS.
# timeout: 120
set -u
cd "$(dirname "$0")/../.."

tmp=$(mktemp -d "${TMPDIR:-/tmp}/shm_nopage.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log=$tmp/serial.log

cat > "$tmp/check.py" <<'PYTHON'
# Runs inside gdb after .gdbinit: scripts/shmos-gdb.py's functions are in scope.
import gdb

failures = []
state = {}


def check(ok, what):
    print("%s: %s" % ("ok" if ok else "FAIL", what))
    if not ok:
        failures.append(what)


def command(text):
    out = gdb.execute(text, to_string=True)
    print("(gdb) %s\n%s" % (text, out.rstrip()))
    return out


def at_nopage():
    """Stopped at shm_nopage's entry: inspect, finish, inspect again."""
    who = comm(current_task())
    vma, addr = gdb.parse_and_eval("vma"), int(gdb.parse_and_eval("address"))
    in_mm = any(int(v) == int(vma) for v in vma_list(task_mm(current_task())))
    check(in_mm and int(vma["vm_start"]) <= addr < int(vma["vm_end"]),
          "%s: fault address 0x%08x lies in its VMA 0x%08x-0x%08x" % (
              who, addr, int(vma["vm_start"]), int(vma["vm_end"])))
    check(ops_name(vma) == "shm", "%s: the VMA's vm_ops are shm's" % who)
    shp = vma["vm_private_data"].cast(gdb.lookup_type("struct shmid_kernel").pointer())
    idx = (addr - int(vma["vm_start"])) // PAGE_SIZE + int(vma["vm_pgoff"])
    slot = shm_page_slot(shp, idx)
    before = read_u32(slot)
    gdb.execute("finish", to_string=True)
    returned = int(gdb.history(0))               # finish's "Value returned"
    after = read_u32(slot)
    check(after != 0 and after == returned,
          "%s: after finish shm_pages[%d] holds the returned page 0x%08x" % (who, idx, after))
    if who == "shm_writer":
        check(before == 0, "shm_writer: shm_pages[%d] was NULL before the first touch" % idx)
        state.update(id=int(shp["id"]), page=after, addr=addr)
        out = command("shmsegs")
        check(" %d " % state["id"] in out and "(shm_writer) at 0x%08x" % addr in out,
              "shmsegs lists segment %d with the writer's attach" % state["id"])
    elif who == "shm_reader":
        check(before == state.get("page"),
              "shm_reader: shm_pages[%d] already held the writer's page" % idx)
        check(after == state.get("page"), "shm_reader: shm_nopage returned the same frame")
    else:
        check(False, "shm_nopage hit in an unexpected process %s" % who)


def at_exit():
    """Stopped at do_exit: the attach of a shm process is still mapped."""
    who = comm(current_task())
    if who not in ("shm_writer", "shm_reader") or "page" not in state:
        return who == "shm_reader"
    addr = state["addr"] & ~0xFFF
    out = command("ptwalk 0x%x" % addr)
    frame = pfn_of(state["page"]) << 12
    check("frame 0x%08x" % frame in out,
          "%s: ptwalk maps 0x%08x to the segment's frame 0x%08x" % (who, addr, frame))
    text = bytes(gdb.selected_inferior().read_memory(addr, 12))
    check(text == b"Hello World\n", "%s: the page holds %r" % (who, text))
    if who == "shm_reader":
        command("shmpages %d" % state["id"])
    return who == "shm_reader"


def run():
    nopage = gdb.Breakpoint("shm_nopage")
    exits = gdb.Breakpoint("do_exit")
    seen = set()
    for _ in range(20):
        gdb.execute("continue", to_string=True)
        where = gdb.selected_frame().name()
        if where == "shm_nopage":
            seen.add("nopage " + comm(current_task()))
            at_nopage()
        elif where == "do_exit":
            if at_exit():
                break
        else:
            check(False, "stopped at an unexpected place: %s" % where)
            break
    check(seen == {"nopage shm_writer", "nopage shm_reader"},
          "shm_nopage ran once in the writer and once in the reader (%s)" % sorted(seen))
    nopage.delete()
    exits.delete()
    try:
        gdb.execute("continue", to_string=True)   # to the power off: QEMU exits
    except gdb.error:
        pass


try:
    run()
except Exception as e:                            # a gdb error is a failure too
    check(False, "gdb: %s" % e)
print("gdb checks: %d failed" % len(failures))
PYTHON

SHMOS_SERIAL_LOG=$log timeout 115 scripts/gdb 'init=/bin/sh -c shm_writer;shm_reader' \
	-batch -x "$tmp/check.py" > "$tmp/gdb.out" 2>&1
cat "$tmp/gdb.out"
echo "---- serial console ----"
tr -d '\r' < "$log"

why=
grep -q '^gdb checks: 0 failed$' "$tmp/gdb.out" || why="the gdb checks failed or did not finish"
grep -q '^Hello World$' <(tr -d '\r' < "$log") || why="${why:+$why; }no Hello World on the console"
grep -q 'shmos: power off, status 0' "$log" || why="${why:+$why; }no 'shmos: power off, status 0'"
if [ -n "$why" ]; then
	echo "FAIL: $why"
	exit 1
fi
echo "PASS: shm_nopage fills the page once, the reader maps the same frame, clean power off"
