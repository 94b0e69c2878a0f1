/* sysinfo.c - kernel, command line, virtualisation, cache dropping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#ifdef __x86_64__
#include <cpuid.h>
#endif

#include "sysinfo.h"
#include "util.h"

#define DROP_CACHES "/proc/sys/vm/drop_caches"

/* Hypervisor signature from CPUID leaf 0x40000000 ("KVMKVMKVM", "TCGTCGTCGTCG"). */
static void hv_signature(char sig[13])
{
	memset(sig, 0, 13);
#ifdef __x86_64__
	unsigned a, b, c, d;
	__cpuid(1, a, b, c, d);
	if (!(c & (1u << 31)))
		return;
	__cpuid(0x40000000, a, b, c, d);
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	if (!sig[0])
		strcpy(sig, "?");
#endif
}

const char *sysinfo_virt(void)
{
	const char *env = getenv("KMB_VIRT");
	if (env && (!strcmp(env, "none") || !strcmp(env, "kvm") || !strcmp(env, "tcg")))
		return env;
	char sig[13];
	hv_signature(sig);
	if (!sig[0])
		return "none";
	if (!strncmp(sig, "KVMKVMKVM", 9))
		return "kvm";
	if (!strncmp(sig, "TCGTCGTCGTCG", 12))
		return "tcg";
	return "other";
}

void sysinfo_read(struct sysinfo_k *s)
{
	struct utsname u;
	memset(s, 0, sizeof(*s));
	if (uname(&u) == 0) {
		snprintf(s->kernel, sizeof(s->kernel), "%s", u.release);
		snprintf(s->machine, sizeof(s->machine), "%s", u.machine);
	}
	if (read_file("/proc/cmdline", s->cmdline, sizeof(s->cmdline)) > 0)
		s->cmdline[strcspn(s->cmdline, "\n")] = '\0';
	snprintf(s->virt, sizeof(s->virt), "%s", sysinfo_virt());
	s->ncpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	s->mem_total_kb = (long long)sysconf(_SC_PHYS_PAGES) * (sysconf(_SC_PAGESIZE) / 1024);
}

int sysinfo_drop_caches(void)
{
	sync();
	return write_file(DROP_CACHES, "2");
}

int sysinfo_drop_caches_writable(void)
{
	return access(DROP_CACHES, W_OK) == 0;
}
