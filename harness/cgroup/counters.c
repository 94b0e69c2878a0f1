/* counters.c - parse flat-keyed and single-value cgroup files. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "counters.h"

const char *const counters_v1_stat_keys[] = {"cache",	"rss",	      "mapped_file",
					     "pgfault", "pgmajfault", NULL};

const char *const counters_v2_stat_keys[] = {"anon",
					     "file",
					     "kernel",
					     "kernel_stack",
					     "pagetables",
					     "percpu",
					     "sock",
					     "vmalloc",
					     "slab",
					     "slab_reclaimable",
					     "slab_unreclaimable",
					     "workingset_refault_file",
					     "pgfault",
					     "pgmajfault",
					     NULL};

/* True when @key is in the NULL-terminated @keep list (or @keep is NULL). */
static bool wanted(const char *key, const char *const *keep)
{
	if (!keep)
		return true;
	for (; *keep; keep++)
		if (!strcmp(*keep, key))
			return true;
	return false;
}

/* Parses one "key value" line into @obj when it is well formed. */
static void parse_line(char *line, json_t *obj, const char *const *keep)
{
	char *sp = strpbrk(line, " \t");
	if (!sp || sp == line)
		return;
	*sp = '\0';
	char *val = sp + 1;
	while (*val == ' ' || *val == '\t')
		val++;
	errno = 0;
	char *end;
	long long v = strtoll(val, &end, 10);
	if (errno || end == val || (*end && *end != '\n' && *end != ' '))
		return;
	if (wanted(line, keep))
		json_object_set_new(obj, line, json_integer(v));
}

json_t *counters_parse_flat(const char *text, const char *const *keep)
{
	json_t *obj = json_object();
	char *copy = strdup(text ? text : "");
	if (!obj || !copy) {
		free(copy);
		json_decref(obj);
		return NULL;
	}
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		parse_line(line, obj, keep);
	free(copy);
	return obj;
}

long long counters_parse_u64(const char *text)
{
	if (!text)
		return -1;
	if (!strncmp(text, "max", 3))
		return -2;
	errno = 0;
	char *end;
	long long v = strtoll(text, &end, 10);
	if (errno || end == text || v < 0 || (*end && *end != '\n'))
		return -1;
	return v;
}

long long counters_get(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}
