/* size.c - parse and format byte sizes. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "measure/size.h"

/* Multiplier for suffix @c, or 0 if @c is not a known suffix. */
static uint64_t suffix_mult(char c)
{
	switch (c) {
	case 'k':
	case 'K':
		return 1ULL << 10;
	case 'm':
	case 'M':
		return 1ULL << 20;
	case 'g':
	case 'G':
		return 1ULL << 30;
	default:
		return 0;
	}
}

int size_parse(const char *s, uint64_t *out, char *err, size_t errlen)
{
	const char *accepted = "accepted: 4K..1T, a number with optional K, M or G suffix";
	const char *p = s;
	uint64_t v = 0;

	if (!*p || !isdigit((unsigned char)*p)) {
		snprintf(err, errlen, "bad size '%s' (%s)", s, accepted);
		return -1;
	}
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (SIZE_MAX_BYTES * 2) / 10) {
			snprintf(err, errlen, "size '%s' is too large (%s)", s, accepted);
			return -1;
		}
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (*p) {
		uint64_t m = suffix_mult(*p);
		if (!m || p[1]) {
			snprintf(err, errlen, "bad size suffix in '%s' (%s)", s, accepted);
			return -1;
		}
		if (v > SIZE_MAX_BYTES / m + 1) {
			snprintf(err, errlen, "size '%s' is too large (%s)", s, accepted);
			return -1;
		}
		v *= m;
	}
	if (v < SIZE_MIN_BYTES || v > SIZE_MAX_BYTES) {
		snprintf(err, errlen, "size '%s' is out of range (%s)", s, accepted);
		return -1;
	}
	*out = v;
	return 0;
}

void size_format(uint64_t v, char *buf, size_t n)
{
	static const char units[] = {'G', 'M', 'K'};
	for (int i = 0; i < 3; i++) {
		uint64_t m = 1ULL << (10 * (3 - i));
		if (v >= m && v % m == 0) {
			snprintf(buf, n, "%llu%c", (unsigned long long)(v / m), units[i]);
			return;
		}
	}
	snprintf(buf, n, "%llu", (unsigned long long)v);
}
