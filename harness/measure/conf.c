/* conf.c - run configuration defaults, value parsers and final validation. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "conf.h"
#include "util.h"

void conf_defaults(struct run_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->reps = CONF_DEFAULT_REPS;
	c->timeout_s = CONF_DEFAULT_TIMEOUT;
	c->drop_caches = true;
	c->perf_reps = 1;
	c->caches_reps = 1;
	snprintf(c->ladder_spec, sizeof(c->ladder_spec), "%s", CONF_DEFAULT_LADDER);
	snprintf(c->scratch, sizeof(c->scratch), "%s", CONF_DEFAULT_SCRATCH);
}

/* Comma-separated list of built-in workload names for messages. */
static void workload_names(char *buf, size_t n)
{
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; wl_all[i] && off < n; i++)
		off += (size_t)snprintf(buf + off, n - off, "%s%s", i ? ", " : "", wl_all[i]->name);
}

struct wl_conf *conf_add_workload(struct run_conf *c, const char *name, char *err, size_t errlen)
{
	for (size_t i = 0; i < c->nwl; i++)
		if (!strcmp(c->wls[i].name, name))
			return &c->wls[i];
	/* "dentry-walk.fit" is an instance of dentry-walk with its own options. */
	char base[64];
	snprintf(base, sizeof(base), "%s", name);
	base[strcspn(base, ".")] = '\0';
	const struct workload *wl = wl_find(base);
	bool bad_instance = strchr(name, '.') && !name[strcspn(name, ".") + 1];
	if (!wl || bad_instance || strlen(name) >= sizeof(((struct wl_conf *)0)->name)) {
		char names[256];
		workload_names(names, sizeof(names));
		snprintf(err, errlen, "unknown workload '%s' (accepted: %s, or NAME.INSTANCE)",
			 name, names);
		return NULL;
	}
	if (c->nwl == CONF_MAX_WORKLOADS) {
		snprintf(err, errlen, "too many workloads (at most %d)", CONF_MAX_WORKLOADS);
		return NULL;
	}
	struct wl_conf *w = &c->wls[c->nwl++];
	memset(w, 0, sizeof(*w));
	snprintf(w->name, sizeof(w->name), "%s", name);
	w->wl = wl;
	wl_ctx_defaults(wl, &w->ctx);
	return w;
}

int conf_set_workloads(struct run_conf *c, const char *list, char *err, size_t errlen)
{
	struct run_conf old = *c;
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s", list);
	if (!*str_trim(buf)) {
		snprintf(err, errlen, "empty workload list '%s' (name at least one workload)",
			 list);
		return -1;
	}
	c->nwl = 0;
	/* Split by hand (strtok_r skips empty fields): "a,,b" and "a," are errors. */
	for (char *t = buf, *comma; t; t = comma ? comma + 1 : NULL) {
		comma = strchr(t, ',');
		if (comma)
			*comma = '\0';
		char *name = str_trim(t);
		struct wl_conf *w = NULL;
		if (!*name)
			snprintf(
			    err, errlen,
			    "empty name in workload list '%s' (accepted: comma-separated names)",
			    list);
		else
			w = conf_add_workload(c, name, err, errlen);
		if (!w) {
			*c = old;
			return -1;
		}
		for (size_t i = 0; i < old.nwl; i++)
			if (!strcmp(old.wls[i].name, name))
				*w = old.wls[i];
	}
	return 0;
}

int conf_check_label(const char *s, char *err, size_t errlen)
{
	size_t n = strlen(s);
	bool ok = n > 0 && n < 64;
	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)s[i]) || strchr("._-+", s[i]);
	if (!ok) {
		snprintf(err, errlen, "bad label '%s' (accepted: 1..63 of A-Z a-z 0-9 . _ - +)", s);
		return -1;
	}
	return 0;
}

int conf_finalize(struct run_conf *c, char *err, size_t errlen)
{
	char e2[512];
	if (!c->nwl) {
		for (size_t i = 0; wl_all[i]; i++)
			if (!wl_all[i]->experiment &&
			    !conf_add_workload(c, wl_all[i]->name, err, errlen))
				return -1;
	}
	for (size_t i = 0; i < c->nwl; i++) {
		struct wl_conf *w = &c->wls[i];
		const char *spec = w->ladder_spec[0] ? w->ladder_spec : c->ladder_spec;
		if (ladder_parse(spec, &w->ladder, e2, sizeof(e2)) < 0) {
			snprintf(err, errlen, "%s", e2);
			return -1;
		}
		if (!w->timeout_s)
			w->timeout_s = c->timeout_s;
	}
	return scratchfs_check(&c->fs, err, errlen);
}

int conf_check_tools(const struct run_conf *c, char *err, size_t errlen)
{
	for (size_t i = 0; i < c->nwl; i++) {
		const char *name = c->wls[i].name;
		const char *tool = c->wls[i].wl ? c->wls[i].wl->tool : NULL;
		if (tool && !util_executable(tool)) {
			snprintf(err, errlen,
				 "workload %s needs %s, which is not in PATH (install %s)", name,
				 tool, tool);
			return -1;
		}
	}
	return 0;
}
