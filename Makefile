# shmos build.  `make` builds the kernel, the user programs, the initramfs and
# the GRUB ISO; `make run` boots it; `make test` runs every test.

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
	-Wno-unused-parameter -Wno-cast-function-type -Wframe-larger-than=512 -Werror -I. -MMD -MP
KLDFLAGS := -nostdlib -no-pie -Wl,--build-id=none -Wl,-z,noexecstack -T linker.ld
UCFLAGS := -static -O2 -g -Wall -Werror
KLIBS := -lgcc

KSRC := $(wildcard boot/*.S kernel/*.c kernel/*.S mm/*.c fs/*.c drivers/*.c ipc/*.c)
KOBJ := $(patsubst %,$(B)/%.o,$(KSRC))

# Every user/NAME.c or user/NAME/*.c is /bin/NAME; tests/progs/NAME.c is /tests/NAME.
UPROGS := $(basename $(notdir $(wildcard user/*.c))) \
	$(notdir $(patsubst %/,%,$(dir $(wildcard user/*/*.c))))
UBINS := $(addprefix $(B)/user/,$(sort $(UPROGS)))
TPROGS := $(basename $(notdir $(wildcard tests/progs/*.c)))
TBINS := $(addprefix $(B)/tests/,$(TPROGS))

# The terminal is the serial console; Ctrl-C goes to shmos, Ctrl-A X quits.
QEMU_RUN := qemu-system-i386 -m 128M -no-reboot \
	-chardev stdio,id=con,mux=on,signal=off -serial chardev:con \
	-mon chardev=con,mode=readline -device isa-debug-exit,iobase=0xf4,iosize=0x04
CMDLINE ?=

.PHONY: all run test gdb bench fuzz clean setup expected
all: $(B)/shmos.elf $(B)/shmos.iso $(B)/tests.cpio

setup:
	@scripts/setup

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

# User programs: ordinary static glibc binaries.
$(B)/user/%: user/%.c
	@mkdir -p $(dir $@)
	@echo "  USER    $@"
	@$(CC) $(UCFLAGS) -o $@ $<

.SECONDEXPANSION:
$(B)/user/%: $$(wildcard user/%/*.c) $$(wildcard user/%/*.h)
	@mkdir -p $(dir $@)
	@echo "  USER    $@"
	@$(CC) $(UCFLAGS) -o $@ $(wildcard user/$*/*.c)

$(B)/tests/%: tests/progs/%.c tests/progs/check.h
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(UCFLAGS) -o $@ $<

# tests/progs/NAME_pie.c is a static-pie program: ET_DYN, which exec places as a whole.
$(B)/tests/%_pie: tests/progs/%_pie.c tests/progs/check.h
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

$(B)/shmos.iso: $(B)/shmos.elf $(B)/initramfs.cpio boot/grub.cfg
	@rm -rf $(B)/iso && mkdir -p $(B)/iso/boot/grub
	@cp $(B)/shmos.elf $(B)/initramfs.cpio $(B)/iso/boot/
	@cp boot/grub.cfg $(B)/iso/boot/grub/
	@echo "  ISO     $@"
	@grub-mkrescue -o $@ $(B)/iso 2>/dev/null

run: setup
	@$(MAKE) --no-print-directory all
	@echo "shmos: quit QEMU with Ctrl-A then X (the console is this terminal)"
	@# isa-debug-exit makes a clean power-off (status 0) QEMU's exit status 1.
	@$(QEMU_RUN) $(if $(DISPLAY),,-display none) -kernel $(B)/shmos.elf \
		-initrd $(B)/initramfs.cpio -append "$(CMDLINE)" || test $$? -eq 1

test: setup
	@$(MAKE) --no-print-directory all
	@tests/run $(TESTFLAGS)

# QEMU waits on its gdb stub; gdb attaches with kernel symbols (.gdbinit).
gdb: setup
	@$(MAKE) --no-print-directory all
	@scripts/gdb "$(CMDLINE)"

bench: setup
	@$(MAKE) --no-print-directory all
	@scripts/bench

SEED ?= 1
N ?= 20000
fuzz: setup
	@$(MAKE) --no-print-directory all
	scripts/boot --timeout 600 -- init=/bin/fuzz $(SEED) $(N)

# Regenerate tests/progs/*.out from the host (Linux is the oracle).
expected: $(TBINS)
	tests/run --regen

clean:
	rm -rf $(B)

-include $(KOBJ:.o=.d)
