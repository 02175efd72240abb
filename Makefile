# shmos build.  `make` builds the kernel, the user programs, the initramfs and
# the GRUB ISO; `make run` boots it; `make test` runs every test; `make handout`
# and `make grade` are the course labs (docs/labs.md).  `make run USERLAND=debian`
# boots with Debian 12's i386 programs added (docs/userland.md).

# Debian's cross compiler when present, else the host gcc in 32-bit mode
# (gcc-multilib conflicts with gcc-i686-linux-gnu, so a machine has one).
CROSS := $(shell command -v i686-linux-gnu-gcc >/dev/null 2>&1 && echo i686-linux-gnu-)
ifeq ($(CROSS),)
CC := gcc -m32
else
CC := $(CROSS)gcc
endif
NM := $(if $(CROSS),$(CROSS)nm,nm)

B := build
KCFLAGS := -std=gnu11 -ffreestanding -fno-pie -fno-pic -fno-stack-protector \
	-fno-omit-frame-pointer -fno-strict-aliasing -fno-asynchronous-unwind-tables \
	-mno-sse -mno-mmx -mno-80387 -march=i686 -O2 -g -Wall -Wextra \
	-Wno-unused-parameter -Wno-cast-function-type -Wframe-larger-than=512 -Werror -I. -MMD -MP \
	-fstack-usage -fcallgraph-info=su
# -falign-*=1: no padding before loops and jump targets; the kernel executes
# those nops (a few on every system call), and gdb steps through them.
KCFLAGS += -falign-loops=1 -falign-jumps=1 -falign-labels=1
KLDFLAGS := -nostdlib -no-pie -Wl,--build-id=none -Wl,-z,noexecstack -T linker.ld
UCFLAGS := -static -O2 -g -Wall -Werror
KLIBS := -lgcc

# A lab's handout has a lab.mk (scripts/lab writes it): LAB is its lab.  Its stubs
# leave unused the helpers the student's code will call; the compiler names them,
# as a hint rather than an error.
-include lab.mk
ifdef HANDOUT
KCFLAGS += -Wno-error=unused-function
endif

KSRC := $(wildcard boot/*.S kernel/*.c kernel/*.S mm/*.c fs/*.c fs/ext2/*.c drivers/*.c \
	ipc/*.c net/*.c net/*/*.c)
KOBJ := $(patsubst %,$(B)/%.o,$(KSRC))

# Every user/NAME.c or user/NAME/*.c is /bin/NAME; tests/progs/NAME.c is /tests/NAME.
# user/shmscale.c is not: scripts/bench builds it into an image of its own (the
# images fill the 128 MiB that scripts/gdb boots).
UPROGS := $(filter-out shmscale,$(basename $(notdir $(wildcard user/*.c)))) \
	$(notdir $(patsubst %/,%,$(dir $(wildcard user/*/*.c))))
UBINS := $(addprefix $(B)/user/,$(sort $(UPROGS)))
TPROGS := $(basename $(notdir $(wildcard tests/progs/*.c)))
TBINS := $(addprefix $(B)/tests/,$(TPROGS))

# The terminal is the serial console; Ctrl-C goes to shmos, Ctrl-A X quits.
# build/swap.img is the first IDE disk, /dev/hda: a swap area (docs/swap.md).
# CPUS=N: the machine's CPUs, each a host thread of QEMU's (docs/smp.md).
CPUS ?= 2
, := ,
QEMU_RUN = qemu-system-i386 -m $(RUN_MEM) -no-reboot -smp $(CPUS) \
	$(if $(filter-out 1,$(CPUS)),-accel tcg$(,)thread=multi) \
	-chardev stdio,id=con,mux=on,signal=off -serial chardev:con \
	-mon chardev=con,mode=readline -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-drive file=$(B)/swap.img,format=raw,if=ide,index=0,media=disk

# USERLAND=debian: the image gains Debian 12's busybox, bash, coreutils and util-linux
# (scripts/debian-userland fetches them once, without changing the host's apt), and init
# runs busybox's login shell instead of shmos's /bin/sh.
USERLAND ?= shmos
# Its two archives and the files unpacked from them take about 130 MiB.
ifeq ($(USERLAND),debian)
RUN_INITRD := $(B)/initramfs-debian.cpio
RUN_MEM := 256M
CMDLINE ?= init=/bin/init /usr/bin/sh -l
else ifeq ($(USERLAND),shmos)
RUN_INITRD := $(B)/initramfs.cpio
RUN_MEM := 128M
CMDLINE ?=
else
$(error USERLAND=$(USERLAND): shmos (the default) or debian)
endif

.PHONY: all run test gdb qemu-gdb bench ltp fuzz clean setup expected docs handout grade FORCE
all: $(B)/shmos.elf $(B)/stack.txt $(B)/shmos.iso $(B)/tests.cpio

setup:
	@scripts/setup

# Objects are rebuilt when the flags change: scripts/stackcheck needs every .ci file.
$(KOBJ): Makefile

$(B)/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(KCFLAGS) -c $< -o $@

$(B)/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -c $< -o $@

# Two links: the first gives the addresses of the kernel's functions, which
# become the symbol table that oops backtraces print (kernel/ksyms.h).
$(B)/shmos.tmp.elf: $(KOBJ) $(B)/ksyms0.S.o linker.ld
	@echo "  LD      $@"
	@$(CC) $(KLDFLAGS) -o $@ $(KOBJ) $(B)/ksyms0.S.o $(KLIBS)

$(B)/ksyms0.S: scripts/mksyms
	@mkdir -p $(B)
	scripts/mksyms < /dev/null > $@

$(B)/ksyms.S: $(B)/shmos.tmp.elf scripts/mksyms
	$(NM) -n $< | scripts/mksyms > $@

$(B)/shmos.elf: $(KOBJ) $(B)/ksyms.S.o linker.ld
	@echo "  LD      $@"
	@$(CC) $(KLDFLAGS) -o $@ $(KOBJ) $(B)/ksyms.S.o $(KLIBS)

$(B)/ksyms0.S.o $(B)/ksyms.S.o: $(B)/%.S.o: $(B)/%.S
	@$(CC) $(KCFLAGS) -c $< -o $@

# The kernel's stack use, from gcc's call graphs (-fcallgraph-info): no recursion,
# and the deepest path fits in THREAD_SIZE with room to spare, or the build fails.
$(B)/stack.txt: $(B)/shmos.elf scripts/stackcheck
	@echo "  STACK   $@"
	@scripts/stackcheck $(B) > $@.tmp || { cat $@.tmp; rm -f $@.tmp; exit 1; }
	@mv $@.tmp $@

# User programs: ordinary static glibc binaries; user/lib/*.h is what several share.
$(B)/user/%: user/%.c $(wildcard user/lib/*.h)
	@mkdir -p $(dir $@)
	@echo "  USER    $@"
	@$(CC) $(UCFLAGS) -o $@ $<

.SECONDEXPANSION:
$(B)/user/%: $$(wildcard user/%/*.c) $$(wildcard user/%/*.h)
	@mkdir -p $(dir $@)
	@echo "  USER    $@"
	@$(CC) $(UCFLAGS) -o $@ $(wildcard user/$*/*.c)

$(B)/tests/%: tests/progs/%.c $(wildcard tests/progs/*.h)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(UCFLAGS) -o $@ $<

# gdb_demo is for gdb to step through (tests/debian/gdb.sh): each line a step, no variable optimized out.
$(B)/tests/gdb_demo: UCFLAGS += -O0

# mmap_growsdown_gap16 is mmap_growsdown built for another stack guard gap.
$(B)/tests/mmap_growsdown_gap16: tests/progs/mmap_growsdown.c

# tests/progs/NAME_pie.c is a static-pie program: ET_DYN, which exec places as a whole.
$(B)/tests/%_pie: tests/progs/%_pie.c $(wildcard tests/progs/*.h)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(filter-out -static,$(UCFLAGS)) -static-pie -fPIE -o $@ $<

# The initramfs: a newc cpio of the root file system, unpacked at boot.
# The test programs are a second archive that tests/run appends.
$(B)/initramfs.cpio: $(UBINS) scripts/mkinitramfs $(wildcard user/etc/*)
	@echo "  CPIO    $@"
	@scripts/mkinitramfs $@ bin $(UBINS)

$(B)/tests.cpio: $(TBINS) scripts/mkinitramfs
	@echo "  CPIO    $@"
	@scripts/mkinitramfs $@ tests $(TBINS)

# Debian's programs: scripts/debian-userland remakes build/debian.cpio (and
# debian-extra.cpio, gdb's) only when its packages or itself changed, and fetches only
# when nothing is cached.
$(B)/debian.cpio: FORCE
	@scripts/debian-userland

$(B)/debian-extra.cpio: $(B)/debian.cpio

# gdb_demo, with its symbols (the initramfs's programs have none), for gdb in that image.
$(B)/gdb_demo.cpio: $(B)/tests/gdb_demo
	@echo "  CPIO    $@"
	@cd $(B) && printf 'tests\ntests/gdb_demo\n' | cpio -o -H newc --quiet -R 0:0 > gdb_demo.cpio

$(B)/initramfs-debian.cpio: $(B)/initramfs.cpio $(B)/debian.cpio $(B)/debian-extra.cpio \
			   $(B)/gdb_demo.cpio
	@echo "  CPIO    $@"
	@cat $^ > $@

$(B)/shmos.iso: $(B)/shmos.elf $(B)/initramfs.cpio boot/grub.cfg
	@rm -rf $(B)/iso && mkdir -p $(B)/iso/boot/grub
	@cp $(B)/shmos.elf $(B)/initramfs.cpio $(B)/iso/boot/
	@cp boot/grub.cfg $(B)/iso/boot/grub/
	@echo "  ISO     $@"
	@grub-mkrescue -o $@ $(B)/iso 2>/dev/null

# `make run`'s swap disk, made by util-linux's own mkswap: Linux's format, byte for byte.
SWAP_SIZE ?= 64M
$(B)/swap.img:
	@mkdir -p $(B)
	@echo "  MKSWAP  $@ ($(SWAP_SIZE))"
	@rm -f $@ && fallocate -l $(SWAP_SIZE) $@ && chmod 600 $@
	@PATH="$$PATH:/sbin:/usr/sbin" mkswap $@ >/dev/null

run: setup
	@$(MAKE) --no-print-directory all $(RUN_INITRD) $(B)/swap.img
	@echo "shmos: quit QEMU with Ctrl-A then X (the console is this terminal)"
	@# isa-debug-exit makes a clean power-off (status 0) QEMU's exit status 1.
	@$(QEMU_RUN) $(if $(DISPLAY),,-display none) -kernel $(B)/shmos.elf \
		-initrd $(RUN_INITRD) -append "swap=/dev/hda $(CMDLINE)" || test $$? -eq 1

# Two make test in one checkout would build into one build/ at once: the second waits.
test: setup
	@mkdir -p $(B); exec 9>$(B)/.test.lock; \
	flock -n 9 || { echo "make test: waiting for the other make test in this checkout"; \
		flock 9; }; \
	$(MAKE) --no-print-directory all && tests/run $(TESTFLAGS)

# QEMU with its console in this terminal, waiting for gdb on a free port
# (written to build/.gdb-port) until `make gdb` in another terminal attaches.
qemu-gdb: setup
	@$(MAKE) --no-print-directory all
	@scripts/boot --gdb -- "$(CMDLINE)"

# gdb with the kernel's symbols and helpers (.gdbinit): attached to the QEMU of
# a waiting `make qemu-gdb`, or else to one it starts (docs/gdb.md).
gdb: setup
	@$(MAKE) --no-print-directory all
	@scripts/gdb "$(CMDLINE)"

# The gdb and console transcripts in README.md and docs/*.md, made again from
# this kernel (docs/transcripts.md); tests/run's docs/transcripts checks them.
docs: setup
	@$(MAKE) --no-print-directory all
	@scripts/mkdocs

bench: setup
	@$(MAKE) --no-print-directory all
	@scripts/bench

# The Linux Test Project's programs, one boot each (docs/ltp.md): LTP_SETS="shm" runs
# one set of shm, sync and mm.  Without ../shared/ltp (or SHMOS_LTP_DIR) it says so.
ltp: setup
	@$(MAKE) --no-print-directory all
	@scripts/ltp $(LTP_SETS)

SEED ?= 1
N ?= 20000
fuzz: setup
	@$(MAKE) --no-print-directory all
	scripts/boot --timeout 600 -- init=/bin/fuzz $(SEED) $(N)

# The labs (docs/labs.md): `make handout LAB=NAME [DEST=DIR]` writes the student
# tree of a lab; `make grade` grades the lab of a handout, or every lab here
# (LAB=NAME: that one), and exits 0 only at full marks.
handout:
	@scripts/lab handout $(if $(LAB),"$(LAB)") $(if $(DEST),"$(DEST)")

grade: setup
	@$(MAKE) --no-print-directory all
	@scripts/lab grade $(LAB)

# Regenerate tests/progs/*.out from the host (Linux is the oracle).
expected: $(TBINS)
	tests/run --regen

clean:
	rm -rf $(B)

-include $(KOBJ:.o=.d)
