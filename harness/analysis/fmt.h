/* fmt.h - number formatting shared by show, compare, plot and report. */
#ifndef KMB_FMT_H
#define KMB_FMT_H

#include <stddef.h>

/* Bytes with a binary suffix: exact multiples as "256K", "16M", "1G", others
 * with one decimal ("22.1M"); "-" for NAN. */
const char *fmt_bytes(char *buf, size_t len, double bytes);
/* A value in a metric's natural precision: seconds "%.3f", counts "%.0f" (or
 * "%.1f" when fractional), bytes as fmt_bytes; "-" for NAN. */
const char *fmt_value(char *buf, size_t len, double v, int is_bytes, int is_seconds);
/* Signed percentage "+5.2%" / "-0.3%"; "n/a" for NAN. */
const char *fmt_pct(char *buf, size_t len, double pct);

#endif
