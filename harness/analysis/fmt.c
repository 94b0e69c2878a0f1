/* fmt.c - number formatting helpers. */
#include <math.h>
#include <stdio.h>

#include "fmt.h"
#include "size.h"

const char *fmt_bytes(char *buf, size_t len, double bytes)
{
	if (isnan(bytes))
		snprintf(buf, len, "-");
	else
		size_format_approx(bytes, buf, len);
	return buf;
}

const char *fmt_value(char *buf, size_t len, double v, int is_bytes, int is_seconds)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (is_bytes)
		fmt_bytes(buf, len, v);
	else if (is_seconds)
		snprintf(buf, len, "%.3f", v);
	else
		snprintf(buf, len, v == floor(v) ? "%.0f" : "%.1f", v);
	return buf;
}

const char *fmt_pct(char *buf, size_t len, double pct)
{
	if (isnan(pct))
		snprintf(buf, len, "n/a");
	else
		snprintf(buf, len, "%+.1f%%", pct);
	return buf;
}
