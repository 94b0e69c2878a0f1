/* ladder.c - parse and expand ladder specs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ladder.h"
#include "size.h"

#define LADDER_ACCEPTED "accepted: root, unlimited, HARD/SOFT, HARD, halve:HARD/SOFT:MINHARD, auto"

void ladder_step_label(struct step *s)
{
	char h[24], so[24];
	switch (s->kind) {
	case STEP_ROOT:
		snprintf(s->label, sizeof(s->label), "root");
		return;
	case STEP_UNLIMITED:
		snprintf(s->label, sizeof(s->label), "unlimited");
		return;
	case STEP_AUTO:
		snprintf(s->label, sizeof(s->label), "auto");
		return;
	case STEP_LIMIT:
		break;
	}
	size_format(s->hard, h, sizeof(h));
	if (!s->soft) {
		snprintf(s->label, sizeof(s->label), "%s", h);
		return;
	}
	size_format(s->soft, so, sizeof(so));
	snprintf(s->label, sizeof(s->label), "%s/%s", h, so);
}

/* Appends a step, refusing duplicates (steps are identified by label). */
static int add_step(struct ladder *l, struct step s, char *err, size_t errlen)
{
	ladder_step_label(&s);
	for (size_t i = 0; i < l->n; i++) {
		if (!strcmp(l->steps[i].label, s.label)) {
			snprintf(err, errlen, "ladder step '%s' appears twice (each step once)",
				 s.label);
			return -1;
		}
	}
	if (l->n == LADDER_MAX_STEPS) {
		snprintf(err, errlen, "ladder has more than %d steps", LADDER_MAX_STEPS);
		return -1;
	}
	l->steps[l->n++] = s;
	return 0;
}

/* Parses "HARD/SOFT" or "HARD" into @s. */
static int parse_limit(const char *tok, struct step *s, char *err, size_t errlen)
{
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", tok);
	char *slash = strchr(buf, '/');
	s->kind = STEP_LIMIT;
	s->soft = 0;
	if (slash)
		*slash = '\0';
	if (size_parse(buf, &s->hard, err, errlen) < 0)
		return -1;
	if (slash && size_parse(slash + 1, &s->soft, err, errlen) < 0)
		return -1;
	if (s->soft > s->hard) {
		snprintf(err, errlen,
			 "ladder step '%s': soft limit above hard limit (soft <= hard)", tok);
		return -1;
	}
	return 0;
}

/* Expands "halve:HARD/SOFT:MINHARD". */
static int parse_halve(struct ladder *l, const char *tok, char *err, size_t errlen)
{
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", tok + strlen("halve:"));
	char *colon = strrchr(buf, ':');
	struct step s;
	uint64_t min;

	if (!colon) {
		snprintf(err, errlen,
			 "bad ladder step '%s' (halve:HARD/SOFT:MINHARD, e.g. "
			 "halve:16M/4M:512K)",
			 tok);
		return -1;
	}
	*colon = '\0';
	if (parse_limit(buf, &s, err, errlen) < 0 || size_parse(colon + 1, &min, err, errlen) < 0)
		return -1;
	if (min > s.hard) {
		snprintf(err, errlen, "ladder step '%s': MINHARD above HARD (MINHARD <= HARD)",
			 tok);
		return -1;
	}
	for (; s.hard >= min; s.hard /= 2, s.soft /= 2) {
		if (s.soft && s.soft < SIZE_MIN_BYTES)
			s.soft = 0;
		if (add_step(l, s, err, errlen) < 0)
			return -1;
	}
	return 0;
}

/* Parses one comma-separated token into steps. */
static int parse_token(struct ladder *l, const char *tok, char *err, size_t errlen)
{
	struct step s = {0};
	if (!strcmp(tok, "root")) {
		s.kind = STEP_ROOT;
	} else if (!strcmp(tok, "unlimited")) {
		s.kind = STEP_UNLIMITED;
	} else if (!strcmp(tok, "auto")) {
		s.kind = STEP_AUTO;
	} else if (!strncmp(tok, "halve:", 6)) {
		return parse_halve(l, tok, err, errlen);
	} else {
		char e2[256];
		if (parse_limit(tok, &s, e2, sizeof(e2)) < 0) {
			snprintf(err, errlen, "bad ladder step '%s': %s", tok, e2);
			return -1;
		}
	}
	return add_step(l, s, err, errlen);
}

int ladder_parse(const char *spec, struct ladder *l, char *err, size_t errlen)
{
	memset(l, 0, sizeof(*l));
	if (!spec || !*spec) {
		snprintf(err, errlen, "empty ladder (%s)", LADDER_ACCEPTED);
		return -1;
	}
	char *copy = strdup(spec);
	if (!copy)
		return -1;
	int rc = 0;
	/* strtok_r would skip empty tokens; split by hand so ",," is an error. */
	char *p = copy;
	for (;;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		char *end = p + strlen(p);
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (!*p) {
			snprintf(err, errlen, "empty step in ladder '%s' (%s)", spec,
				 LADDER_ACCEPTED);
			rc = -1;
			break;
		}
		if ((rc = parse_token(l, p, err, errlen)) < 0 || !comma)
			break;
		p = comma + 1;
	}
	free(copy);
	return rc;
}

int ladder_keep_spec(char *dst, size_t dstlen, const char *spec, char *err, size_t errlen)
{
	struct ladder l;
	if (ladder_parse(spec, &l, err, errlen) < 0)
		return -1;
	snprintf(dst, dstlen, "%s", spec);
	return 0;
}

bool ladder_has_auto(const struct ladder *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->steps[i].kind == STEP_AUTO)
			return true;
	return false;
}

int ladder_expand_auto(struct ladder *l, uint64_t peak)
{
	struct ladder out = {0};
	char err[256];
	uint64_t start = LADDER_AUTO_FLOOR;
	while (start * 2 < peak)
		start *= 2;
	for (size_t i = 0; i < l->n; i++) {
		if (l->steps[i].kind != STEP_AUTO) {
			if (add_step(&out, l->steps[i], err, sizeof(err)) < 0)
				return -1;
			continue;
		}
		for (uint64_t h = start; h >= LADDER_AUTO_FLOOR; h /= 2) {
			struct step s = {.kind = STEP_LIMIT, .hard = h, .soft = h / 2};
			if (add_step(&out, s, err, sizeof(err)) < 0)
				return -1;
		}
	}
	*l = out;
	return 0;
}
