/* size.h - byte sizes with binary K/M/G suffixes: the suite's one parser and formatter.
 *
 * Workload options (wl_core.c), ladder limits (harness/measure/ladder.c) and
 * the analysis tables (harness/analysis/fmt.c) all read and write sizes here,
 * so only this file knows the suffixes. It lives in workloads/ because the
 * workload library may not depend on the harness.
 */
#ifndef KMB_SIZE_H
#define KMB_SIZE_H

#include <stddef.h>
#include <stdint.h>

#define SIZE_MIN_BYTES 4096ULL	    /* one page: smaller limits are meaningless */
#define SIZE_MAX_BYTES (1ULL << 40) /* 1T */

/* What size_scan found wrong. */
enum size_scan_err {
	SIZE_SCAN_OK,
	SIZE_SCAN_NOT_NUMBER, /* does not start with a digit */
	SIZE_SCAN_TOO_LARGE,  /* the digits exceed the caller's bound */
	SIZE_SCAN_JUNK,	      /* anything after the digits but one K/M/G (k/m/g) suffix */
};

/* Scans "DIGITS[SUFFIX]": the decimal number into *@digits (at most @max), the
 * suffix's binary shift (10, 20, 30; 0 without one) into *@shift. Takes no
 * suffix at all unless @suffix. Applies no shift and no range: the callers
 * word their own messages. */
enum size_scan_err size_scan(const char *s, uint64_t max, int suffix, uint64_t *digits, int *shift);

/* Parses a ladder limit: "512K", "16M", "1G", "4096" (bytes). Accepts k/m/g too.
 * Rejects empty, signs, junk, zero, overflow and values outside [4K, 1T] with
 * one line in @err. */
int size_parse(const char *s, uint64_t *out, char *err, size_t errlen);

/* Formats @v exactly, with the largest K/M/G suffix that divides it: "16M",
 * "512K", "1536K", "1000" (bytes); what size_parse reads back. */
void size_format(uint64_t v, char *buf, size_t n);

/* Formats @bytes for reading, with the largest K/M/G/T unit it reaches:
 * "256K", "16M", "1T" when whole, "22.1M" with one decimal otherwise, plain
 * "1000" below 1K. Not for NAN (see fmt_bytes). */
void size_format_approx(double bytes, char *buf, size_t n);

#endif
