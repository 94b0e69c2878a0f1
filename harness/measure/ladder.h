/* ladder.h - ladder specs: root, unlimited, HARD/SOFT, halve:HARD/SOFT:MIN, auto. */
#ifndef KMB_LADDER_H
#define KMB_LADDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LADDER_MAX_STEPS 64
#define LADDER_AUTO_FLOOR (64ULL << 10) /* auto halves no lower than this */

enum step_kind {
	STEP_ROOT,      /* run in the root cgroup: nothing charged */
	STEP_UNLIMITED, /* fresh child cgroup, no limit: charged, never limited */
	STEP_LIMIT,     /* fresh child cgroup with hard (and soft) limit */
	STEP_AUTO,      /* placeholder: expanded once the unlimited peak is known */
};

struct step {
	enum step_kind kind;
	uint64_t hard, soft; /* bytes; soft 0 = none */
	char label[64];
};

struct ladder {
	struct step steps[LADDER_MAX_STEPS];
	size_t n;
};

/* Parses a comma-separated ladder spec. On error writes one line naming the bad
 * step and what is accepted into @err and returns -1. */
int ladder_parse(const char *spec, struct ladder *l, char *err, size_t errlen);

/* Checks that @spec parses (errors as ladder_parse) and copies it into @dst
 * (@dstlen bytes): profiles and the command line keep the spec as text until
 * the run expands it. Returns 0 or -1. */
int ladder_keep_spec(char *dst, size_t dstlen, const char *spec, char *err, size_t errlen);

/* True when @l contains an auto step. */
bool ladder_has_auto(const struct ladder *l);

/* Replaces the auto step by limits starting at the largest power of two below
 * @peak (soft = half of hard), halved down to LADDER_AUTO_FLOOR. */
int ladder_expand_auto(struct ladder *l, uint64_t peak);

/* Formats a step label: "root", "unlimited", "16M/4M", "16M". */
void ladder_step_label(struct step *s);

#endif
