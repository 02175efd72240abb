# scripts/shmos-gdb.py: gdb commands that read shmos's own data structures.
#
# .gdbinit sources this file.  Every command reads kernel memory through the
# kernel's symbols and struct field names (tasks[], current, shm_segs,
# struct mm_struct, struct vm_area_struct, struct shmid_kernel), so they work
# wherever QEMU happens to be stopped, as long as paging is on (after
# boot/boot.S has jumped to the higher half).
#
#   ps                  the task table, and the CPU running each
#   cpus                which task each CPU runs (each CPU is a thread of QEMU's stub)
#   vmas [PID]          a process's VMAs (default: current)
#   ptwalk ADDR [PID]   the two-level page-table walk for one address
#   shmsegs             shm_segs: every System V segment and its attaches
#   shmpages ID         which pages of segment ID have a frame
#   user PROG           load build/user/PROG's (or build/tests/PROG's) symbols
#
# and an unwinder that lets `bt` continue through alltraps into the code a trap
# interrupted (the user program, after `user PROG`).
#
# docs/gdb.md shows them at work.  `help CMD` prints each one's description.

import os
import struct

import gdb
from gdb.unwinder import Unwinder, register_unwinder

# Mirrors of constants in the C headers (macros are not in the debug info).
KERNEL_BASE = 0xC0000000       # mm/layout.h: the direct map starts here
LOWMEM_LIMIT = 0x30000000      # mm/layout.h: and covers this much physical memory
TASK_UNMAPPED_BASE = 0x40000000  # mm/layout.h: where mmap and shmat start looking
PAGE_SIZE = 4096
PTE_P, PTE_W, PTE_U, PTE_A, PTE_D, PTE_PS = 0x1, 0x2, 0x4, 0x20, 0x40, 0x80
VM_READ, VM_WRITE, VM_EXEC, VM_MAYSHARE = 0x1, 0x2, 0x4, 0x80
VM_GROWSDOWN = 0x100
SHM_BLOCK = 512                # ipc/shm.h: page pointers per block
IPC_BLOCK = 512                # ipc/util.h: slot pointers per block of a table of ids
SHM_DEST, SHM_LOCKED = 0o1000, 0o2000

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# ---- reading memory ----------------------------------------------------------------------

def read_u32(addr):
    """The 32-bit word at a kernel (or current user) virtual address."""
    data = gdb.selected_inferior().read_memory(addr, 4)
    return struct.unpack("<I", bytes(data))[0]


def read_u32s(addr, count):
    """count 32-bit words at once: one gdb round trip, not count of them."""
    data = gdb.selected_inferior().read_memory(addr, 4 * count)
    return struct.unpack("<%dI" % count, bytes(data))


def phys_to_virt(pa):
    """Page tables and kernel data live in the direct map (below 768 MiB)."""
    return pa + KERNEL_BASE


def symbol(name):
    """A kernel variable, static ones included; a clear error if it is not there."""
    try:
        return gdb.parse_and_eval(name)
    except gdb.error:
        raise gdb.GdbError("no symbol %s: is build/shmos.elf loaded?" % name)


def function_at(pc):
    """The kernel function holding pc (static and assembly ones too), or ?ADDRESS."""
    block = gdb.block_for_pc(pc)
    if block is not None and block.function is not None:
        return block.function.name
    found = gdb.execute("info symbol 0x%x" % pc, to_string=True).split()
    return found[0] if found and found[0] != "No" else "?%08x" % pc


# ---- tasks --------------------------------------------------------------------------------

def all_tasks():
    """Every slot of tasks[] that is in use, as gdb.Value: the table is mapped up to
    task_hi (mm/kstack.c), so no slot above it is read."""
    tasks = symbol("tasks")
    for i in range(int(symbol("task_hi"))):
        t = tasks[i]
        if state_name(t) != "unused":
            yield t


def state_name(task):
    """TASK_RUNNING -> running (the enum's own names, from the debug info)."""
    return str(task["state"]).replace("TASK_", "").lower()


def comm(task):
    raw = bytes(gdb.selected_inferior().read_memory(task["comm"].address,
                                                    task["comm"].type.sizeof))
    return raw.split(b"\0")[0].decode("ascii", "replace")


def selected_cpu():
    """The CPU gdb looks at: QEMU's stub shows CPU n as thread n + 1."""
    thread = gdb.selected_thread()
    return thread.num - 1 if thread is not None else 0


def cpu_current(cpu):
    """CPU cpu's current: its copy of the per-CPU variable (kernel/percpu.h)."""
    offset = int(symbol("cpu_data")[cpu]["percpu_offset"])
    addr = int(symbol("&current").cast(gdb.lookup_type("unsigned int"))) + offset
    task_ptr = gdb.lookup_type("struct task").pointer()
    return gdb.Value(read_u32(addr)).cast(task_ptr)


def online_cpus():
    cpus = symbol("cpu_data")
    return [i for i in range(int(symbol("nr_cpu_ids"))) if int(cpus[i]["online"])]


def current_task():
    """The task the selected CPU runs (`thread N` selects CPU N-1)."""
    cur = cpu_current(selected_cpu())
    if int(cur) == 0:
        raise gdb.GdbError("current is NULL: the kernel has not started sched_init yet")
    return cur.dereference()


def find_task(pid):
    for t in all_tasks():
        if int(t["pid"]) == pid:
            return t
    raise gdb.GdbError("no task with pid %d (see ps)" % pid)


def task_arg(arg):
    """The task an optional PID argument names; current without one."""
    arg = arg.strip()
    return find_task(int(gdb.parse_and_eval(arg))) if arg else current_task()


def task_of_mm(mm):
    """The task whose address space mm is (an attach's vm_mm back to its owner)."""
    for t in all_tasks():
        if int(t["mm"]) == int(mm):
            return t
    return None


def describe(task):
    return "pid %d (%s)" % (int(task["pid"]), comm(task))


def task_mm(task):
    mm = task["mm"]
    if int(mm) == 0:
        raise gdb.GdbError("%s has no address space (a kernel thread)" % describe(task))
    return mm.dereference()


# ---- page tables --------------------------------------------------------------------------

def flag_names(entry, pde):
    names = [(PTE_P, "P"), (PTE_W, "W"), (PTE_U, "U"), (PTE_A, "A"), (PTE_D, "D")]
    if pde:
        names.append((PTE_PS, "PS"))
    return " ".join(n for bit, n in names if entry & bit) or "(no flags)"


def walk(pgd, va):
    """(pde, pte): the page-directory entry and page-table entry for va.

    pte is None when there is no page table, or when the PDE maps a 4 MiB page
    (the kernel's direct map)."""
    pde = read_u32(pgd + 4 * (va >> 22))
    if not pde & PTE_P or pde & PTE_PS:
        return pde, None
    table = phys_to_virt(pde & ~0xFFF)
    return pde, read_u32(table + 4 * ((va >> 12) & 0x3FF))


def resident_pages(pgd, start, end):
    """How many pages of [start, end) have a present PTE: one read per page table."""
    count, va = 0, start
    while va < end:
        table_end = min((va & ~0x3FFFFF) + 0x400000, end)
        pde = read_u32(pgd + 4 * (va >> 22))
        if pde & PTE_P and not pde & PTE_PS:
            first = (va >> 12) & 0x3FF
            ptes = read_u32s(phys_to_virt(pde & ~0xFFF) + 4 * first,
                             (table_end - va) // PAGE_SIZE)
            count += sum(1 for e in ptes if e & PTE_P)
        va = table_end
    return count


def page_struct(pfn):
    """mem_map[pfn]: the struct page of a frame."""
    return symbol("mem_map")[pfn]


# ---- shm ------------------------------------------------------------------------------------

def shm_segments():
    """(slot, struct shmid_kernel *) of every segment in shm_segs, the segments' struct
ipc_ids (ipc/util.h): its blocks of IPC_BLOCK slot pointers, each to a segment's
u.shm_perm, which is where the segment begins."""
    ids = symbol("shm_segs")
    shp_type = gdb.lookup_type("struct shmid_kernel").pointer()
    blocks = ids["blocks"]
    for slot in range(int(ids["max_idx"]) + 1):
        block = blocks[slot // IPC_BLOCK]
        if int(block) == 0:
            continue
        perm = block[slot % IPC_BLOCK]
        if int(perm):
            yield slot, perm.cast(shp_type)


def segment_by_id(shmid):
    for slot, shp in shm_segments():
        if int(shp["id"]) == shmid:
            return shp
    raise gdb.GdbError("no segment with id %d (see shmsegs)" % shmid)


def shm_page_pointers(shp):
    """The segment's page pointers, shm_pages[i / SHM_BLOCK][i % SHM_BLOCK], in order."""
    npages = int(shp["shm_npages"])
    blocks = int(shp["shm_pages"])
    pointers = []
    for b in range((npages + SHM_BLOCK - 1) // SHM_BLOCK):
        block = read_u32(blocks + 4 * b)
        pointers += read_u32s(block, min(SHM_BLOCK, npages - b * SHM_BLOCK))
    return pointers


def shm_page_slot(shp, idx):
    """The address of shm_pages[idx / SHM_BLOCK][idx % SHM_BLOCK]."""
    block = read_u32(int(shp["shm_pages"]) + 4 * (idx // SHM_BLOCK))
    return block + 4 * (idx % SHM_BLOCK)


def pfn_of(page_ptr):
    """A struct page pointer's frame number: its index in mem_map."""
    mem_map = symbol("mem_map")
    return (page_ptr - int(mem_map)) // mem_map.type.target().sizeof


def attaches(shp):
    """The segment's attach VMAs, along the vm_next_share list."""
    vma = shp["attaches"]
    while int(vma) != 0:
        yield vma
        vma = vma["vm_next_share"]


def mode_string(mode):
    s = "%03o" % (mode & 0o777)
    if mode & SHM_DEST:
        s += " dest"
    if mode & SHM_LOCKED:
        s += " locked"
    return s


# ---- VMAs -----------------------------------------------------------------------------------

def vma_flags(flags):
    return "".join([
        "r" if flags & VM_READ else "-",
        "w" if flags & VM_WRITE else "-",
        "x" if flags & VM_EXEC else "-",
        "s" if flags & VM_MAYSHARE else "p",    # as /proc/PID/maps: a SHM_RDONLY attach too
    ])


def ops_name(vma):
    """What vm_ops is: its name field, or else the symbol the pointer points to."""
    ops = vma["vm_ops"]
    if int(ops) == 0:
        return None
    fields = [f.name for f in ops.dereference().type.fields()]
    if "name" in fields and int(ops["name"]) != 0:
        return ops["name"].string()
    where = gdb.execute("info symbol 0x%x" % int(ops), to_string=True)
    return where.split()[0] if not where.startswith("No symbol") else "vm_ops 0x%x" % int(ops)


def vma_kind(vma, mm):
    """A word for the VMA, as /proc/PID/maps would name it."""
    name = ops_name(vma)
    start, flags = int(vma["vm_start"]), int(vma["vm_flags"])
    if name == "shm":
        shp = vma["vm_private_data"].cast(gdb.lookup_type("struct shmid_kernel").pointer())
        return "shm id %d, from page %d" % (int(shp["id"]), int(vma["vm_pgoff"]))
    if name:
        return name
    if flags & VM_GROWSDOWN:
        return "[stack]"
    if int(mm["start_brk"]) <= start < max(int(mm["brk"]), int(mm["start_brk"]) + 1):
        return "[heap]"
    return "anonymous" if start >= TASK_UNMAPPED_BASE else "program"


def vma_list(mm):
    vma = mm["mmap"]
    while int(vma) != 0:
        yield vma
        vma = vma["vm_next"]


# ---- the commands ---------------------------------------------------------------------------

class ShmosCommand(gdb.Command):
    """A command whose run() reads kernel memory: explain when that is not readable yet."""

    def invoke(self, arg, from_tty):
        try:
            self.run(arg)
        except gdb.MemoryError as e:
            raise gdb.GdbError("%s: is paging on yet?  Before boot/boot.S turns it on the "
                               "kernel's addresses mean nothing (break kmain, continue)" % e)


class Ps(ShmosCommand):
    """ps: list the task table (tasks[] in kernel/sched.c).

The selected CPU's current task (the one whose registers it holds) is marked
with *; CPU is the CPU that runs the task now (has_cpu), or - if none does."""

    def __init__(self):
        super().__init__("ps", gdb.COMMAND_DATA)

    def run(self, arg):
        cur = int(cpu_current(selected_cpu()))
        print("  %5s %-15s %5s %-15s %-10s %s" % ("PID", "STATE", "PPID", "COMM", "MM", "CPU"))
        if not any(True for _ in all_tasks()):
            print("(no task yet: sched_init has not run, or gdb is not connected)")
        for t in all_tasks():
            parent = t["parent"]
            ppid = int(parent["pid"]) if int(parent) else 0
            mark = "*" if int(t.address) == cur else " "
            cpu = str(int(t["processor"])) if int(t["has_cpu"]) else "-"
            print("%s %5d %-15s %5d %-15s 0x%08x %s" % (mark, int(t["pid"]), state_name(t),
                                                         ppid, comm(t), int(t["mm"]), cpu))


class Cpus(ShmosCommand):
    """cpus: which task each online CPU runs (kernel/percpu.h's current).

gdb shows CPU n as thread n + 1 (`info threads`, `thread 2` for cpu1); the
selected one is marked with *.  Also: the spin locks each holds, whether its
slice is over (need_resched), and who holds the big kernel lock."""

    def __init__(self):
        super().__init__("cpus", gdb.COMMAND_DATA)

    def run(self, arg):
        cpus = symbol("cpu_data")
        here = selected_cpu()
        print("  %-4s %-5s %5s %-15s %-6s %s" % ("CPU", "APIC", "PID", "COMM", "LOCKS",
                                                  "NEED_RESCHED"))
        for cpu in online_cpus():
            t = cpu_current(cpu).dereference()
            offset = int(cpus[cpu]["percpu_offset"])
            nr_addr = int(symbol("&need_resched").cast(gdb.lookup_type("unsigned int")))
            print("%s cpu%-1d %-5d %5d %-15s %-6d %d" % (
                "*" if cpu == here else " ", cpu, int(cpus[cpu]["apic_id"]),
                int(t["pid"]), comm(t), int(cpus[cpu]["nr_locks_held"]),
                read_u32(nr_addr + offset)))
        owner = symbol("kernel_flag")["owner"]
        if int(symbol("nr_cpu_ids")) == 1:  # kernel/smp_lock.h's kernel_flag_used
            print("big kernel lock: not taken on one CPU (lock_depth alone)")
            return
        print("big kernel lock: %s" % ("free" if int(owner) == 0 else "held by pid %d (%s)" %
                                       (int(owner["pid"]), comm(owner.dereference()))))


class Vmas(ShmosCommand):
    """vmas [PID]: list a process's VMAs (task->mm->mmap, mm/vma.c); default: current.

Columns: the range [start, end), the flags (r w x, then s for VM_MAYSHARE,
mapped shared, or p for private), the pages that have a present PTE out of the VMA's pages, and
what the VMA is: for a shm attach, the segment id and the first page."""

    def __init__(self):
        super().__init__("vmas", gdb.COMMAND_DATA)

    def run(self, arg):
        task = task_arg(arg)
        mm = task_mm(task)
        pgd = int(mm["pgd"])
        print("%s, mm 0x%08x, pgd 0x%08x" % (describe(task), int(mm.address), pgd))
        for vma in vma_list(mm):
            start, end = int(vma["vm_start"]), int(vma["vm_end"])
            print("  0x%08x-0x%08x %s %5d/%-5d %s" % (
                start, end, vma_flags(int(vma["vm_flags"])),
                resident_pages(pgd, start, end), (end - start) // PAGE_SIZE,
                vma_kind(vma, mm)))


class Ptwalk(ShmosCommand):
    """ptwalk ADDR [PID]: walk the page tables as the MMU does for virtual address ADDR.

It reads the page directory of process PID (default: current; mm->pgd is a
kernel virtual address), prints the page-directory entry (PDX = ADDR >> 22),
the page-table entry (PTX = (ADDR >> 12) & 0x3ff) with their flags, and the
physical frame with its struct page's reference count."""

    def __init__(self):
        super().__init__("ptwalk", gdb.COMMAND_DATA)

    def run(self, arg):
        args = gdb.string_to_argv(arg)
        if not args or len(args) > 2:
            raise gdb.GdbError("usage: ptwalk ADDR [PID]")
        va = int(gdb.parse_and_eval(args[0])) & 0xFFFFFFFF
        task = task_arg(args[1] if len(args) > 1 else "")
        if int(task["mm"]):
            pgd, whose = int(task["mm"]["pgd"]), describe(task)
        else:
            pgd = int(symbol("swapper_pg_dir"))
            whose = "%s, which has no mm: swapper_pg_dir" % describe(task)
        print("va 0x%08x in %s: pgd 0x%08x (phys 0x%08x)" % (va, whose, pgd,
                                                             pgd - KERNEL_BASE))
        pde, pte = walk(pgd, va)
        pdx, ptx = va >> 22, (va >> 12) & 0x3FF
        print("  PDE[%4d] at 0x%08x = 0x%08x  %s" % (pdx, pgd + 4 * pdx, pde,
                                                    flag_names(pde, True)))
        if not pde & PTE_P:
            print("  not present: no page table covers this 4 MiB")
            return
        if pde & PTE_PS:
            pa = (pde & 0xFFC00000) | (va & 0x3FFFFF)
            print("  a 4 MiB page: phys 0x%08x (the kernel's direct map)" % pa)
            return
        table = phys_to_virt(pde & ~0xFFF)
        print("  PTE[%4d] at 0x%08x = 0x%08x  %s" % (ptx, table + 4 * ptx, pte,
                                                    flag_names(pte, False)))
        if not pte & PTE_P:
            print("  not present%s" % (": the next touch faults (vector 14, do_page_fault)"
                                       if va < KERNEL_BASE else ""))
            return
        pfn, pa = pte >> 12, (pte & ~0xFFF) | (va & 0xFFF)
        count = int(page_struct(pfn)["count"])
        print("  frame 0x%08x (pfn %d, struct page count %d): va 0x%08x is phys 0x%08x"
              % (pfn << 12, pfn, count, va, pa))
        if pa < LOWMEM_LIMIT:
            print("  the kernel sees the same byte at 0x%08x (the direct map)"
                  % phys_to_virt(pa))
        else:
            print("  a highmem frame: the kernel reaches it only through kmap")


class Shmsegs(ShmosCommand):
    """shmsegs: list shm_segs (ipc/shm.c): every System V shared memory segment.

For each: the slot, the id (seq << 15 | slot), the key, the size in bytes
and in pages, the pages that have a frame (non-NULL shm_pages entries),
nattch, the faults shm_nopage served and how many of them filled a page
(lab faults), the mode (dest: IPC_RMID waits for the last detach), and each
attach (the VMAs on the attaches list) with its process and address."""

    def __init__(self):
        super().__init__("shmsegs", gdb.COMMAND_DATA)

    def run(self, arg):
        print("%4s %8s %10s %10s %6s %8s %6s %6s %6s %s" % (
            "SLOT", "ID", "KEY", "BYTES", "PAGES", "RESIDENT", "NATTCH", "FAULTS", "FILLS",
            "MODE"))
        found = 0
        for slot, shp in shm_segments():
            found += 1
            u = shp["u"]
            resident = sum(1 for p in shm_page_pointers(shp) if p)
            print("%4d %8d 0x%08x %10d %6d %8d %6d %6d %6d %s" % (
                slot, int(shp["id"]), int(u["shm_perm"]["key"]) & 0xFFFFFFFF,
                int(u["shm_segsz"]), int(shp["shm_npages"]), resident,
                int(u["shm_nattch"]), int(shp["shm_faults"]), int(shp["shm_fills"]),
                mode_string(int(u["shm_perm"]["mode"]))))
            for vma in attaches(shp):
                owner = task_of_mm(vma["vm_mm"])
                who = describe(owner) if owner else \
                    "mm 0x%08x (no task's: exiting, or a fork's child)" % int(vma["vm_mm"])
                print("       attach %s at 0x%08x-0x%08x (vma 0x%08x)" % (
                    who, int(vma["vm_start"]), int(vma["vm_end"]), int(vma)))
        if not found:
            print("(no segments)")


class Shmpages(ShmosCommand):
    """shmpages ID: which pages of segment ID have a frame (shm_pages, filled by shm_nopage).

A NULL entry is a page nobody has touched yet; a filled one shows its struct
page, frame, and reference count (one for the segment, one per mapping), or, for
an entry whose bit 0 is set, the swap entry of a page out on swap (shm_swap)."""

    def __init__(self):
        super().__init__("shmpages", gdb.COMMAND_DATA)

    def run(self, arg):
        if not arg.strip():
            raise gdb.GdbError("usage: shmpages ID (the ids are in shmsegs)")
        shp = segment_by_id(int(gdb.parse_and_eval(arg)))
        pointers = shm_page_pointers(shp)
        filled = [(i, p) for i, p in enumerate(pointers) if p]
        out = [i for i, p in filled if p & 1]
        print("segment %d: %d of %d pages have a frame" % (int(shp["id"]),
                                                        len(filled) - len(out), len(pointers))
              + (", %d are out on swap" % len(out) if out else ""))
        for i, p in filled:
            if p & 1:
                entry = p >> 1
                print("  page %5d: shm_pages entry at 0x%08x = 0x%08x: out on swap, area %d "
                      "slot %d" % (i, shm_page_slot(shp, i), p, entry >> 27,
                                   entry & ((1 << 27) - 1)))
                continue
            pfn = pfn_of(p)
            print("  page %5d: shm_pages entry at 0x%08x = struct page 0x%08x, "
                  "frame 0x%08x (pfn %d), count %d" % (i, shm_page_slot(shp, i), p,
                                                      pfn << 12, pfn,
                                                      int(page_struct(pfn)["count"])))


def step_state():
    """What one instruction always changes: eip, or for a `rep` string instruction ecx."""
    return tuple(int(gdb.parse_and_eval(r)) for r in ("$pc", "$ecx"))


def stepi_from(state, retries=100):
    """stepi until an instruction has run: now and then QEMU's gdb stub ends a step
    before the instruction (something woke its CPU loop), and the state has not moved.
    Counting such a step would count one instruction twice, at random."""
    for _ in range(retries):
        gdb.execute("stepi", to_string=True)
        new = step_state()
        if new != state:
            return new
    raise gdb.GdbError("stepi at 0x%08x runs nothing" % state[0])


class Kcount(gdb.Command):
    """kcount [MAX]: stepi until the CPU is back in user mode; count instructions per function.

Stop where a kernel path starts (break *vector14 for a page fault, break
*vector128 for a system call), then kcount: it single-steps to the iret and
prints how many instructions each function ran, the most first, and the order
the path visited them.  `rep stos` counts once per repetition, as QEMU's icount
does, so the total is what scripts/bench's icount column charges the path.
MAX (default 100000) bounds the steps."""

    def __init__(self):
        super().__init__("kcount", gdb.COMMAND_RUNNING)

    def invoke(self, arg, from_tty):
        limit = int(arg) if arg.strip() else 100000
        counts, order, names = {}, [], {}
        steps = 0
        state = step_state()
        pc = state[0]
        quiet = gdb.parameter("suppress-cli-notifications")
        gdb.execute("set suppress-cli-notifications on")  # no line printed per stepi
        try:
            while pc >= KERNEL_BASE and steps < limit:
                if pc not in names:
                    names[pc] = function_at(pc)
                name = names[pc]
                counts[name] = counts.get(name, 0) + 1
                if not order or order[-1] != name:
                    order.append(name)
                state = stepi_from(state)
                steps += 1
                pc = state[0]
        finally:
            gdb.execute("set suppress-cli-notifications %s" % ("on" if quiet else "off"))
        state = "back in user mode at 0x%08x" % pc if pc < KERNEL_BASE else "stopped at MAX"
        print("%d instructions in the kernel, %s" % (steps, state))
        for name, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            print("  %6d  %s" % (n, name))
        print("path: " + " -> ".join(order))


class User(gdb.Command):
    """user PROG: load the symbols of user program PROG (build/user/PROG or build/tests/PROG).

The programs are static ET_EXEC binaries linked at fixed addresses, so their
symbols go in as they are.  Every program's code lives at the same low
addresses, so break on the one you mean:
    break main if $_streq(current->comm, "PROG")
(under KVM use hbreak).  The program must run at some point: continue."""

    def __init__(self):
        super().__init__("user", gdb.COMMAND_FILES, gdb.COMPLETE_FILENAME)

    def invoke(self, arg, from_tty):
        name = arg.strip()
        if not name:
            raise gdb.GdbError("usage: user PROG (a name in user/ or tests/progs/)")
        build = os.environ.get("SHMOS_BUILD") or os.path.join(ROOT, "build")
        for path in (os.path.join(build, "user", name), os.path.join(build, "tests", name),
                     name):
            if os.path.isfile(path):
                break
        else:
            raise gdb.GdbError("no build/user/%s or build/tests/%s: run make" % (name, name))
        confirm = gdb.parameter("confirm")
        gdb.execute("set confirm off")    # add-symbol-file would ask y/n
        try:
            gdb.execute("add-symbol-file %s" % path, from_tty=False)
        finally:
            gdb.execute("set confirm %s" % ("on" if confirm else "off"))
        prog = os.path.basename(path)
        shown = os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path
        print("symbols of %s loaded; for example:\n"
              "  break main if $_streq(current->comm, \"%s\")" % (shown, prog[:15]))


# ---- backtraces through a trap ---------------------------------------------------------------

class TrapframeUnwinder(Unwinder):
    """Lets `bt` continue past alltraps (kernel/trapentry.S) into the interrupted code.

alltraps has no unwind information of its own, but the frame it built is a
struct trapframe and it passed its address to trap(): the word on top of the
stack once trap() returns.  The interrupted code's registers are in it: the
user program's, after `user PROG`, with its own symbols and source lines."""

    def __init__(self):
        super().__init__("shmos trapframe")
        self.after_call = None

    def return_address(self):
        """Where trap() returns to in alltraps: the instruction after its call."""
        if self.after_call is None:
            start = int(symbol("alltraps").address)
            end = int(symbol("trapret").address)
            arch = gdb.selected_inferior().architecture()
            insns = arch.disassemble(start, end)
            calls = [i for i, insn in enumerate(insns) if insn["asm"].startswith("call")]
            self.after_call = insns[calls[0] + 1]["addr"] if calls else 0
        return self.after_call

    def __call__(self, pending_frame):
        pc = int(pending_frame.read_register("eip"))
        try:
            if pc != self.return_address():
                return None
            tf = read_u32(int(pending_frame.read_register("esp")))
            regs = dict(zip(TRAPFRAME, read_u32s(tf, len(TRAPFRAME))))
        except (gdb.error, gdb.GdbError):
            return None
        from_user = regs["cs"] & 3 == 3
        info = pending_frame.create_unwind_info(FrameId(tf, int(symbol("alltraps").address)))
        uint = gdb.lookup_type("unsigned int")
        for name in ("eax", "ecx", "edx", "ebx", "ebp", "esi", "edi", "eip", "eflags"):
            info.add_saved_register(name, gdb.Value(regs[name]).cast(uint))
        # A trap from the kernel pushed no esp: the old stack ends where cs/eflags are.
        esp = regs["esp"] if from_user else tf + 4 * TRAPFRAME.index("esp")
        info.add_saved_register("esp", gdb.Value(esp).cast(uint))
        return info


class FrameId:
    def __init__(self, sp, pc):
        self.sp = gdb.Value(sp)
        self.pc = gdb.Value(pc)


# struct trapframe (kernel/trap.h), in memory order.
TRAPFRAME = ["edi", "esi", "ebp", "kesp", "ebx", "edx", "ecx", "eax", "gs", "fs", "es", "ds",
             "trapno", "err", "eip", "cs", "eflags", "esp", "ss"]


for command in (Ps, Cpus, Vmas, Ptwalk, Shmsegs, Shmpages, User, Kcount):
    command()
register_unwinder(None, TrapframeUnwinder(), replace=True)
