/* tpformat.c - read tracefs format files (tpformat.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tpformat.h"
#include "util.h"

static const char *const tracefs[] = {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"};

int tpformat_read(const char *event, char *buf, size_t n)
{
	char sys[64], path[256];
	const char *colon = strchr(event, ':');
	if (!colon || (size_t)(colon - event) >= sizeof(sys)) {
		errno = EINVAL;
		return -1;
	}
	snprintf(sys, sizeof(sys), "%.*s", (int)(colon - event), event);
	for (size_t i = 0; i < sizeof(tracefs) / sizeof(tracefs[0]); i++) {
		if (strf(path, sizeof(path), "%s/events/%s/%s/format", tracefs[i], sys, colon + 1) <
		    0)
			return -1;
		if (read_file(path, buf, n) >= 0)
			return 0;
	}
	return -1;
}

bool tpformat_has_field(const char *format, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = format; (p = strstr(p, "field:")); p += 6) {
		const char *end = p + strcspn(p, ";\n");
		if (*end == ';' && (size_t)(end - p) > len && !strncmp(end - len, name, len) &&
		    (end[-(long)len - 1] == ' ' || end[-(long)len - 1] == '*'))
			return true;
	}
	return false;
}

unsigned long tpformat_gfp_account(const char *format)
{
	const char *q = strstr(format, "\"__GFP_ACCOUNT\"");
	if (!q)
		return 0;
	const char *open = q;
	while (open > format && *open != '{')
		open--;
	char entry[256];
	snprintf(entry, sizeof(entry), "%.*s", (int)(q - open), open);
	const char *shift = strstr(entry, "<< (");
	if (shift) {
		long bit = strtol(shift + 4, NULL, 10);
		return bit > 0 && bit < 64 ? 1UL << bit : 0;
	}
	const char *hex = strstr(entry, "0x");
	return hex ? strtoul(hex, NULL, 16) : 0;
}
