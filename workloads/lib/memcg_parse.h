/* memcg_parse.h - parsers of the cgroup and /proc text the workloads read (pure, unit tested). */
#ifndef KMB_MEMCG_PARSE_H
#define KMB_MEMCG_PARSE_H

#include <stddef.h>

/* num_cgroups of the "memory" line of /proc/cgroups text (columns found by the
 * "#subsys_name ... num_cgroups" header); -1 when there is no such line or column. */
long long memcg_parse_proc_cgroups(const char *text);

/* Value of "KEY N" in flat keyed text (cgroup.stat, memory.stat, memory.events,
 * memory.oom_control); -1 when absent or junk. */
long long memcg_parse_kv(const char *text, const char *key);

/* The memory cgroup path of /proc/self/cgroup text: the v1 line whose controller
 * list holds "memory" when @version is 1, the "0::" line when it is 2. Copies it
 * ("/" for the root) into @out; -1 when there is none or it does not fit. */
int memcg_parse_self(const char *text, int version, char *out, size_t outlen);

#endif
