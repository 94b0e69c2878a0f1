/* report_base.c - choose the base of a report's cross-set comparison (report_base.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "likeness.h"
#include "report_base.h"

/* A key for set @i's machine: its flattened identity as text ("unknown" without one). */
static char *machine_key(const struct setlist *rs, size_t i)
{
	json_t *id = likeness_machine(rs->paths[i], &rs->runs[i]);
	if (id)
		json_object_del(id, "source");
	char *k = NULL;
	if (id)
		k = json_dumps(id, JSON_SORT_KEYS | JSON_COMPACT);
	else if (asprintf(&k, "unknown: kernel %s", rs->runs[i].kernel) < 0)
		k = NULL; /* no record: the kernel build stands in for the box it ran on */
	json_decref(id);
	return k;
}

static bool native(const struct result_set *r)
{
	return strcmp(r->virt, "tcg") != 0;
}

static bool is_default(const struct result_set *r)
{
	const char *slash = strrchr(r->profile, '/');
	return !strcmp(slash ? slash + 1 : r->profile, "default.ini");
}

long report_base_pick(const struct setlist *rs, const char *named, char *why, size_t len)
{
	if (named) {
		for (size_t i = 0; i < rs->n; i++)
			if (!strcmp(rs->paths[i], named)) {
				snprintf(why, len,
					 "Base of the cross-set comparison: %s (`%s`), named "
					 "with --base.",
					 rs->names[i], rs->paths[i]);
				return (long)i;
			}
		snprintf(why, len, "--base '%s' is not one of the sets of trials given", named);
		return -1;
	}
	char **keys = calloc(rs->n ? rs->n : 1, sizeof(*keys));
	size_t best = 0, best_count = 0;
	for (size_t i = 0; keys && i < rs->n; i++)
		keys[i] = native(&rs->runs[i]) ? machine_key(rs, i) : NULL;
	for (size_t i = 0; keys && i < rs->n; i++) {
		size_t count = 0;
		for (size_t j = 0; keys[i] && j < rs->n; j++)
			count += keys[j] && !strcmp(keys[i], keys[j]);
		if (count > best_count) {
			best_count = count;
			best = i;
		}
	}
	long pick = -1;
	for (size_t i = 0; best_count && i < rs->n; i++) {
		if (!keys[i] || strcmp(keys[i], keys[best]))
			continue;
		const struct result_set *r = &rs->runs[i], *p = pick < 0 ? NULL : &rs->runs[pick];
		bool better =
		    !p || (is_default(r) && !is_default(p)) ||
		    (is_default(r) == is_default(p) && strcmp(r->started, p->started) > 0);
		if (better)
			pick = (long)i;
	}
	if (pick < 0) {
		snprintf(why, len,
			 "Base of the cross-set comparison: %s (`%s`), the first set "
			 "given (no native set to choose from).",
			 rs->n ? rs->names[0] : "-", rs->n ? rs->paths[0] : "-");
		free(keys);
		return 0;
	}
	snprintf(why, len,
		 "Base of the cross-set comparison: %s (`%s`), the newest %sset of the machine "
		 "with the most native sets (%zu of them%s); choose another with `kmembench report "
		 "--base DIR` (make report REPORT_BASE=DIR).",
		 rs->names[pick], rs->paths[pick],
		 is_default(&rs->runs[pick]) ? "default-profile " : "", best_count,
		 keys && keys[best] && !strcmp(keys[best], "unknown")
		     ? ", machine not recorded: sets made before env.machine"
		     : "");
	for (size_t i = 0; keys && i < rs->n; i++)
		free(keys[i]);
	free(keys);
	return pick;
}

void report_base_move_first(struct setlist *rs, size_t i)
{
	for (; i > 0; i--) {
		struct result_set r = rs->runs[i];
		const char *p = rs->paths[i];
		char *n = rs->names[i];
		rs->runs[i] = rs->runs[i - 1];
		rs->paths[i] = rs->paths[i - 1];
		rs->names[i] = rs->names[i - 1];
		rs->runs[i - 1] = r;
		rs->paths[i - 1] = p;
		rs->names[i - 1] = n;
	}
}
