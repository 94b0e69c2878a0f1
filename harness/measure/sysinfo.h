/* sysinfo.h - facts about the machine a run is on, and cache dropping. */
#ifndef KMB_SYSINFO_H
#define KMB_SYSINFO_H

#include <stddef.h>

struct sysinfo_k {
	char kernel[128];   /* uname -r */
	char machine[65];   /* uname -m */
	char cmdline[1024]; /* /proc/cmdline */
	char virt[16];      /* none | kvm | tcg | other (KMB_VIRT overrides) */
	int ncpus;
	long long mem_total_kb;
};

void sysinfo_read(struct sysinfo_k *s);

/* Hypervisor as seen from inside: "none", "kvm", "tcg" or "other". */
const char *sysinfo_virt(void);

/* sync, then drops dentries and inodes (echo 2 > /proc/sys/vm/drop_caches). */
int sysinfo_drop_caches(void);

/* True when /proc/sys/vm/drop_caches can be written by us. */
int sysinfo_drop_caches_writable(void);

#endif
