/* memcg_parse.c - parsers of /proc/cgroups, flat keyed files, /proc/self/cgroup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memcg_parse.h"

/* Index (0-based, whitespace-separated) of column @name in header line @hdr; -1 if absent. */
static int column_of(const char *hdr, const char *name)
{
	char buf[512], *save = NULL;
	int i = 0;
	snprintf(buf, sizeof(buf), "%s", hdr + (hdr[0] == '#'));
	for (char *t = strtok_r(buf, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save), i++)
		if (!strcmp(t, name))
			return i;
	return -1;
}

/* Field @col of whitespace-separated @line as a number; -1 when absent or junk. */
static long long field_num(const char *line, int col)
{
	char buf[512], *save = NULL, *end;
	int i = 0;
	snprintf(buf, sizeof(buf), "%s", line);
	for (char *t = strtok_r(buf, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save), i++) {
		if (i != col)
			continue;
		long long v = strtoll(t, &end, 10);
		return end == t || *end || v < 0 ? -1 : v;
	}
	return -1;
}

/* Copies the line starting at @p (without its newline) into @buf. */
static void line_copy(const char *p, char *buf, size_t len)
{
	size_t n = strcspn(p, "\n");
	if (n >= len)
		n = len - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
}

long long memcg_parse_proc_cgroups(const char *text)
{
	char line[512];
	int col = -1;
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		line_copy(p, line, sizeof(line));
		if (line[0] == '#')
			col = column_of(line, "num_cgroups");
		else if (col > 0 && !strncmp(line, "memory", 6) &&
			 (line[6] == ' ' || line[6] == '\t'))
			return field_num(line, col);
	}
	return -1;
}

long long memcg_parse_kv(const char *text, const char *key)
{
	size_t n = strlen(key);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, key, n) || p[n] != ' ')
			continue;
		char *end;
		long long v = strtoll(p + n + 1, &end, 10);
		return end == p + n + 1 || (*end && *end != '\n') || v < 0 ? -1 : v;
	}
	return -1;
}

/* True when comma-separated @list (ending at ':') names @word. */
static int list_has(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; *p && *p != ':'; p += strcspn(p, ",:"), p += *p == ',')
		if (!strncmp(p, word, n) && (p[n] == ',' || p[n] == ':'))
			return 1;
	return 0;
}

/* The path part of one /proc/self/cgroup line "ID:CONTROLLERS:PATH" for @version, or NULL. */
static const char *self_path(const char *line, int version)
{
	const char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	if (!c2)
		return NULL;
	if (version == 2)
		return !strncmp(line, "0::", 3) ? c2 + 1 : NULL;
	return list_has(c1 + 1, "memory") ? c2 + 1 : NULL;
}

int memcg_parse_self(const char *text, int version, char *out, size_t outlen)
{
	char line[4096];
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		line_copy(p, line, sizeof(line));
		const char *path = self_path(line, version);
		if (!path || path[0] != '/')
			continue;
		if ((size_t)snprintf(out, outlen, "%s", path) >= outlen)
			return -1;
		return 0;
	}
	return -1;
}
