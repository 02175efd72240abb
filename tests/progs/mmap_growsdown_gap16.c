// mmap_growsdown_gap16: mmap_growsdown with the boot option stack_guard_gap=16: every rule
// of that test holds with a gap of 16 pages instead of 256, so its output is the same.
// host: no (the host's gap is its own boot's: the .out is mmap_growsdown.out)
// cmdline: stack_guard_gap=16
#define GAP 16
#include "mmap_growsdown.c"
