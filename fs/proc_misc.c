/*
 * The small files of /proc about the system, as Linux shows them:
 *
 *   /proc/version      "Linux version", then shmos's release and build
 *   /proc/cmdline      the kernel's command line (kernel/cmdline.c)
 *   /proc/filesystems  the kinds of file system shmos has, "nodev" for
 *                      those on no device
 *   /proc/cpuinfo      each CPU, from CPUID, in Linux's i386 layout
 */
#include "fs/proc.h"
#include "kernel/cmdline.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "kernel/utsname.h"
#include "kernel/x86.h"

void proc_version_show(struct seq_file *m, const void *arg)
{
	seq_printf(m, "%s version %s (shmos@shmos) (i686-linux-gnu-gcc) %s\n",
		   init_uts_ns.name.sysname, init_uts_ns.name.release, init_uts_ns.name.version);
}

void proc_cmdline_show(struct seq_file *m, const void *arg)
{
	seq_printf(m, "%s\n", saved_command_line);
}

void proc_filesystems_show(struct seq_file *m, const void *arg)
{
	seq_printf(m, "nodev\ttmpfs\nnodev\tproc\nnodev\tcgroup2\nnodev\tpipefs\n"
		   "nodev\tramfs\n\text2\n\text4\n");
}

/* Linux's names of the CPUID feature bits (arch/x86/include/asm/cpufeatures.h). */
static const char *const flags_1_edx[32] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic",
	NULL, "sep", "mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn",
	"clflush", NULL, "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss",
	"ht", "tm", "ia64", "pbe",
};
static const char *const flags_1_ecx[32] = {
	"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est",
	"tm2", "ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm", NULL,
	"pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt",
	"tsc_deadline_timer", "aes", "xsave", NULL, "avx", "f16c", "rdrand",
	"hypervisor",
};
static const char *const flags_ext_edx[32] = {
	[11] = "syscall", [19] = "mp", [20] = "nx", [22] = "mmxext",
	[25] = "fxsr_opt", [26] = "pdpe1gb", [27] = "rdtscp", [29] = "lm",
	[30] = "3dnowext", [31] = "3dnow",
};
static const char *const flags_ext_ecx[32] = {
	"lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm",
	"sse4a", "misalignsse", "3dnowprefetch", "osvw", "ibs", "xop",
	"skinit", "wdt", NULL, "lwp", "fma4", "tce", NULL, "nodeid_msr",
	NULL, "tbm", "topoext", "perfctr_core", "perfctr_nb", NULL, "bpext",
	"ptsc", "perfctr_llc", "mwaitx",
};
static const char *const flags_7_ebx[32] = {
	"fsgsbase", "tsc_adjust", "sgx", "bmi1", "hle", "avx2", NULL, "smep",
	"bmi2", "erms", "invpcid", "rtm", "cqm", NULL, "mpx", "rdt_a",
	"avx512f", "avx512dq", "rdseed", "adx", "smap", "avx512ifma",
	NULL, "clflushopt", "clwb", "intel_pt", "avx512pf", "avx512er",
	"avx512cd", "sha_ni", "avx512bw", "avx512vl",
};

static void show_flags(struct seq_file *m, const char *const names[32],
		       uint32_t bits)
{
	for (int i = 0; i < 32; i++)
		if ((bits >> i) & 1 && names[i])
			seq_printf(m, " %s", names[i]);
}

/* One CPU's entry; one[], ext[], seven[]: CPUID leaves 1, 0x80000001, 7. */
static void show_cpu(struct seq_file *m, int cpu, const char *vendor,
		     uint32_t family, uint32_t model, const char *name,
		     const uint32_t one[4], const uint32_t ext[4],
		     const uint32_t seven[4], uint32_t max)
{
	seq_printf(m, "processor\t: %d\nvendor_id\t: %s\ncpu family\t: %u\n"
		   "model\t\t: %u\nmodel name\t: %s\nstepping\t: %u\n",
		   cpu, vendor, family, model, name, one[0] & 0xf);
	seq_printf(m, "physical id\t: 0\nsiblings\t: %d\ncore id\t\t: %d\n"
		   "cpu cores\t: %d\napicid\t\t: %d\ninitial apicid\t: %d\n",
		   nr_cpu_ids, cpu, nr_cpu_ids, cpu_data[cpu].apic_id,
		   cpu_data[cpu].apic_id);
	seq_printf(m, "fdiv_bug\t: no\nf00f_bug\t: no\ncoma_bug\t: no\n"
		   "fpu\t\t: %s\nfpu_exception\t: %s\ncpuid level\t: %u\n"
		   "wp\t\t: yes\nflags\t\t:", one[3] & 1 ? "yes" : "no",
		   one[3] & 1 ? "yes" : "no", max);
	show_flags(m, flags_1_edx, one[3]);
	show_flags(m, flags_ext_edx, ext[3]);
	show_flags(m, flags_1_ecx, one[2] & ~(1u << 27));	/* no osxsave */
	show_flags(m, flags_ext_ecx, ext[2]);
	show_flags(m, flags_7_ebx, seven[1]);
	seq_printf(m, "\nbugs\t\t:\nclflush size\t: %u\ncache_alignment\t: %u\n"
		   "address sizes\t: 32 bits physical, 32 bits virtual\n"
		   "power management:\n\n", ((one[1] >> 8) & 0xff) * 8,
		   ((one[1] >> 8) & 0xff) * 8);
}

void proc_cpuinfo_show(struct seq_file *m, const void *arg)
{
	uint32_t r[4], one[4], ext[4] = { 0 }, seven[4] = { 0 }, max, max_ext;
	char vendor[13], name[49] = "", *s;
	uint32_t family, model;

	cpuid(0, r);
	max = r[0];
	memcpy(vendor, &r[1], 4);
	memcpy(vendor + 4, &r[3], 4);
	memcpy(vendor + 8, &r[2], 4);
	vendor[12] = 0;
	cpuid(1, one);
	family = (one[0] >> 8) & 0xf;
	model = (one[0] >> 4) & 0xf;
	if (family == 0xf)
		family += (one[0] >> 20) & 0xff;
	if (family >= 6)
		model += ((one[0] >> 16) & 0xf) << 4;
	if (max >= 7)
		cpuid(7, seven);
	cpuid(0x80000000, r);
	max_ext = r[0];
	if (max_ext >= 0x80000001)
		cpuid(0x80000001, ext);
	if (max_ext >= 0x80000004) {
		for (uint32_t i = 0; i < 3; i++) {
			cpuid(0x80000002 + i, r);
			memcpy(name + 16 * i, r, 16);
		}
		name[48] = 0;
	}
	for (s = name; *s == ' '; s++)	/* Linux strips the leading blanks */
		;
	/* QEMU's CPUs are alike: this CPU's CPUID stands for each (as cores of one package). */
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (cpu_data[cpu].online)
			show_cpu(m, cpu, vendor, family, model, *s ? s : "unknown",
				 one, ext, seven, max);
	}
}
