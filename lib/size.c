/* size.c - byte sizes with binary K/M/G suffixes: the suite's one parser and formatter. */
#include <math.h>
#include <stdio.h>

#include "size.h"

/* Unit i is 1 << (10 * (i + 1)). Sizes are read and written exactly with the
 * first SIZE_EXACT_UNITS; T only appears in size_format_approx's output. */
static const char size_units[] = "KMGT";
#define SIZE_UNITS	 ((int)sizeof(size_units) - 1)
#define SIZE_EXACT_UNITS 3

/* size_parse's bound on the bare digits: a longer number is "too large", not
 * "out of range" (about 2T; kept as the messages have always had it). */
#define SIZE_PARSE_DIGITS_MAX (SIZE_MAX_BYTES * 2 / 10 * 10 + 9)

#define SIZE_PARSE_ACCEPTED "accepted: 4K..1T, a number with optional K, M or G suffix"

/* Binary shift of suffix @c (K, M, G in either case), or -1. */
static int size_unit_shift(char c)
{
	for (int i = 0; i < SIZE_EXACT_UNITS; i++)
		if (c == size_units[i] || c == size_units[i] - 'A' + 'a')
			return 10 * (i + 1);
	return -1;
}

enum size_scan_err size_scan(const char *s, uint64_t max, int suffix, uint64_t *digits, int *shift)
{
	uint64_t v = 0;

	if (*s < '0' || *s > '9')
		return SIZE_SCAN_NOT_NUMBER;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');
		if (v > (max - d) / 10)
			return SIZE_SCAN_TOO_LARGE;
		v = v * 10 + d;
	}
	*shift = 0;
	if (*s && suffix) {
		*shift = size_unit_shift(*s);
		s++;
	}
	if (*s || *shift < 0)
		return SIZE_SCAN_JUNK;
	*digits = v;
	return SIZE_SCAN_OK;
}

/* Writes "BEFORE'S'AFTER (accepted: ...)" into @err; returns -1. */
static int size_parse_fail(char *err, size_t errlen, const char *before, const char *s,
			   const char *after)
{
	snprintf(err, errlen, "%s'%s'%s (%s)", before, s, after, SIZE_PARSE_ACCEPTED);
	return -1;
}

int size_parse(const char *s, uint64_t *out, char *err, size_t errlen)
{
	uint64_t v = 0;
	int shift = 0;

	switch (size_scan(s, SIZE_PARSE_DIGITS_MAX, 1, &v, &shift)) {
	case SIZE_SCAN_NOT_NUMBER:
		return size_parse_fail(err, errlen, "bad size ", s, "");
	case SIZE_SCAN_TOO_LARGE:
		return size_parse_fail(err, errlen, "size ", s, " is too large");
	case SIZE_SCAN_JUNK:
		return size_parse_fail(err, errlen, "bad size suffix in ", s, "");
	case SIZE_SCAN_OK:
		break;
	}
	if (shift && v > (SIZE_MAX_BYTES >> shift) + 1)
		return size_parse_fail(err, errlen, "size ", s, " is too large");
	v <<= shift;
	if (v < SIZE_MIN_BYTES || v > SIZE_MAX_BYTES)
		return size_parse_fail(err, errlen, "size ", s, " is out of range");
	*out = v;
	return 0;
}

void size_format(uint64_t v, char *buf, size_t n)
{
	for (int i = SIZE_EXACT_UNITS - 1; i >= 0; i--) {
		uint64_t m = 1ULL << (10 * (i + 1));
		if (v >= m && v % m == 0) {
			snprintf(buf, n, "%llu%c", (unsigned long long)(v / m), size_units[i]);
			return;
		}
	}
	snprintf(buf, n, "%llu", (unsigned long long)v);
}

void size_format_approx(double bytes, char *buf, size_t n)
{
	double v = bytes;
	int i = -1;

	while (fabs(v) >= 1024 && i < SIZE_UNITS - 1) {
		v /= 1024;
		i++;
	}
	if (i < 0)
		snprintf(buf, n, "%.0f", bytes);
	else if (v == floor(v))
		snprintf(buf, n, "%.0f%c", v, size_units[i]);
	else
		snprintf(buf, n, "%.1f%c", v, size_units[i]);
}
