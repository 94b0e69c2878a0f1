/* mountinfo.c - /proc/self/mountinfo: parse a line, find the mount a path is on. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"
#include "util.h"

/* Undoes mountinfo's octal escapes (\040 space, \011 tab, \012 newline, \134 backslash). */
static void unescape(char *s)
{
	char *w = s;
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*w++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

/* The next space-separated field (empty fields kept), or NULL at the end. */
static char *field(char **p)
{
	return *p ? strsep(p, " ") : NULL;
}

int mountinfo_parse(char *line, struct mountinfo *m)
{
	char *p = line, *f[6], *t;
	line[strcspn(line, "\n")] = '\0';
	for (int i = 0; i < 6; i++)
		if (!(f[i] = field(&p)))
			return -1;
	if (sscanf(f[2], "%u:%u", &m->major, &m->minor) != 2 || f[4][0] != '/')
		return -1;
	while ((t = field(&p)) && strcmp(t, "-"))
		; /* optional fields (shared:N, master:N ...) up to the separator */
	m->fstype = field(&p);
	m->source = field(&p);
	m->super_options = field(&p);
	if (!t || !m->fstype || !m->source || !m->super_options || !*m->fstype)
		return -1;
	m->mountpoint = f[4];
	m->options = f[5];
	unescape(m->mountpoint);
	unescape(m->source);
	return 0;
}

/* True when mountpoint @mp is @path or one of its parent directories. */
static int covers(const char *mp, const char *path)
{
	size_t n = strlen(mp);
	if (!strcmp(mp, "/"))
		return 1;
	return !strncmp(mp, path, n) && (path[n] == '/' || path[n] == '\0');
}

int mountinfo_find(const char *path, char *buf, size_t n, struct mountinfo *m)
{
	char real[PATH_MAX], *line = NULL, *copy = NULL;
	size_t cap = 0, best = 0;
	FILE *f;
	if (!realpath(path, real) || !(f = fopen(MOUNTINFO_PATH, "re")))
		return -1;
	buf[0] = '\0';
	while (getline(&line, &cap, f) > 0) {
		struct mountinfo cur;
		free(copy);
		copy = strdup(line);
		if (!copy || mountinfo_parse(copy, &cur) < 0 || !covers(cur.mountpoint, real))
			continue;
		/* >=: of mounts stacked on one mountpoint, the last listed is the visible one. */
		if (strlen(cur.mountpoint) + 1 >= best && strf(buf, n, "%s", line) >= 0)
			best = strlen(cur.mountpoint) + 1;
	}
	free(copy);
	free(line);
	fclose(f);
	return best ? mountinfo_parse(buf, m) : -1;
}

/* Appends a copy of @s to the NULL-terminated @list of @n entries. */
static char **append(char **list, size_t *n, const char *s)
{
	char **l = realloc(list, (*n + 2) * sizeof(*l));
	if (!l)
		return list;
	if ((l[*n] = strdup(s)))
		(*n)++;
	l[*n] = NULL;
	return l;
}

char **mountinfo_children(const char *dir)
{
	char *line = NULL, **list = NULL;
	size_t cap = 0, n = 0, len = strlen(dir);
	FILE *f = fopen(MOUNTINFO_PATH, "re");
	if (!f)
		return NULL;
	if (len == 1)
		len = 0; /* "/": children are "/x" */
	while (getline(&line, &cap, f) > 0) {
		struct mountinfo m;
		if (mountinfo_parse(line, &m) < 0 || strncmp(m.mountpoint, dir, len) ||
		    m.mountpoint[len] != '/' || !m.mountpoint[len + 1] ||
		    strchr(m.mountpoint + len + 1, '/'))
			continue;
		list = append(list, &n, m.mountpoint);
	}
	free(line);
	fclose(f);
	return list;
}

void mountinfo_free(char **list)
{
	for (char **p = list; p && *p; p++)
		free(*p);
	free(list);
}
