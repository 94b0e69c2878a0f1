/* counters.h - parse the text of cgroup counter files (captured or live). */
#ifndef KMB_COUNTERS_H
#define KMB_COUNTERS_H

#include <jansson.h>
#include <stdbool.h>

/* Parses "key value\n" lines (memory.stat, memory.events, memory.oom_control)
 * into a JSON object of integers. Lines that do not parse are skipped. When
 * @keep is non-NULL only the NULL-terminated list of keys is kept. */
json_t *counters_parse_flat(const char *text, const char *const *keep);

/* Parses a single integer file's text ("123\n", or "max\n" -> -2). Returns -1 on junk. */
long long counters_parse_u64(const char *text);

/* Integer value of @key in @obj, or -1 when absent. */
long long counters_get(const json_t *obj, const char *key);

/* memory.stat keys that describe kernel memory, per cgroup version. */
extern const char *const counters_v1_stat_keys[];
extern const char *const counters_v2_stat_keys[];

#endif
