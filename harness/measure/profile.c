/* profile.c - INI profiles (inih): [suite] keys and one section per workload. */
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "conf.h"
#include "size.h"
#include "util.h"

#define SUITE_KEYS                                                                                 \
	"workloads, ladder, reps, timeout, label, drop_caches, fs, fs_size, perf, perf_reps, "     \
	"caches, caches_reps"

struct pctx {
	struct run_conf *c;
	char workloads[1024]; /* the [suite] workloads list, applied after all sections */
	char err[512];
	int nkeys; /* key = value lines seen */
	bool failed;
};

/* Handles one key of the [suite] section. */
static int suite_key(struct pctx *p, const char *key, const char *val)
{
	struct run_conf *c = p->c;
	char *e = p->err;
	size_t n = sizeof(p->err);
	if (!strcmp(key, "workloads")) {
		snprintf(p->workloads, sizeof(p->workloads), "%s", val);
		return conf_set_workloads(c, val, e, n);
	}
	if (!strcmp(key, "ladder"))
		return ladder_keep_spec(c->ladder_spec, sizeof(c->ladder_spec), val, e, n);
	if (!strcmp(key, "reps"))
		return conf_parse_reps(val, &c->reps, e, n);
	if (!strcmp(key, "timeout"))
		return conf_parse_timeout(val, &c->timeout_s, e, n);
	if (!strcmp(key, "label")) {
		if (conf_check_label(val, e, n) < 0)
			return -1;
		snprintf(c->label, sizeof(c->label), "%s", val);
		return 0;
	}
	if (!strcmp(key, "fs"))
		return scratchfs_parse(val, &c->fs, e, n);
	if (!strcmp(key, "fs_size"))
		return size_parse(val, &c->fs.size, e, n);
	if (!strcmp(key, "drop_caches"))
		return conf_parse_bool("drop_caches", val, &c->drop_caches, e, n);
	if (!strcmp(key, "perf"))
		return conf_parse_bool("perf", val, &c->perf, e, n);
	if (!strcmp(key, "perf_reps"))
		return conf_parse_perf_reps(val, &c->perf_reps, e, n);
	if (!strcmp(key, "caches"))
		return conf_parse_bool("caches", val, &c->caches, e, n);
	if (!strcmp(key, "caches_reps"))
		return conf_parse_caches_reps(val, &c->caches_reps, e, n);
	snprintf(e, n, "unknown key '%s' in [suite] (accepted: %s)", key, SUITE_KEYS);
	return -1;
}

/* Accepted keys of a workload section, for the error message. */
static void wl_keys(const struct workload *wl, char *buf, size_t n)
{
	size_t off = (size_t)snprintf(buf, n, "ladder, timeout");
	for (size_t i = 0; i < wl->nopts && off < n; i++)
		off += (size_t)snprintf(buf + off, n - off, ", %s", wl->opts[i].name);
}

/* Handles one key of a workload section. */
static int workload_key(struct pctx *p, const char *section, const char *key, const char *val)
{
	char *e = p->err;
	size_t n = sizeof(p->err);
	struct wl_conf *w = conf_add_workload(p->c, section, e, n);
	if (!w) {
		strf(e, n,
		     "unknown section [%s] (accepted: [suite], a workload name or "
		     "NAME.INSTANCE)",
		     section);
		return -1;
	}
	const struct workload *wl = w->wl;
	if (!strcmp(key, "ladder"))
		return ladder_keep_spec(w->ladder_spec, sizeof(w->ladder_spec), val, e, n);
	if (!strcmp(key, "timeout"))
		return conf_parse_timeout(val, &w->timeout_s, e, n);
	int idx = wl_opt_index(wl, key);
	if (idx < 0) {
		char keys[400];
		wl_keys(wl, keys, sizeof(keys));
		strf(e, n, "unknown key '%s' in [%s] (accepted: %s)", key, section, keys);
		return -1;
	}
	return wl_opt_parse(&wl->opts[idx], val, &w->ctx.val[idx], e, n);
}

static int handler(void *user, const char *section, const char *key, const char *val)
{
	struct pctx *p = user;
	if (p->failed)
		return 0;
	if (!*section)
		return 0; /* a key before any [section]: inih reports the line */
	if (!strcmp(section, "micro"))
		return 1; /* `kmembench micro` reads [micro] (measure/micro_conf.c) */
	p->nkeys++;
	int rc =
	    !strcmp(section, "suite") ? suite_key(p, key, val) : workload_key(p, section, key, val);
	if (rc < 0)
		p->failed = true;
	return rc < 0 ? 0 : 1;
}

int profile_load(struct run_conf *c, const char *path, char *err, size_t errlen)
{
	struct pctx p = {.c = c};
	struct stat st;
	/* fopen() accepts a directory and reads nothing: refuse anything but a file. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "profile '%s' is not a regular file (accepted: an INI file)",
			 path);
		return -1;
	}
	int rc = ini_parse(path, handler, &p);
	if (rc == -1) {
		snprintf(err, errlen, "cannot read profile '%s': %s", path, strerror(errno));
		return -1;
	}
	if (p.failed) {
		snprintf(err, errlen, "profile '%s': line %d: %s", path, rc, p.err);
		return -1;
	}
	if (rc > 0) {
		snprintf(
		    err, errlen,
		    "profile '%s': syntax error on line %d (accepted: [section] and key = value "
		    "lines)",
		    path, rc);
		return -1;
	}
	if (!p.nkeys) {
		snprintf(err, errlen,
			 "profile '%s' sets nothing (accepted: [suite] and workload sections with "
			 "key = value lines)",
			 path);
		return -1;
	}
	/* Sections may name workloads the list leaves out: the list decides what runs. */
	if (p.workloads[0] && conf_set_workloads(c, p.workloads, p.err, sizeof(p.err)) < 0) {
		snprintf(err, errlen, "profile '%s': %s", path, p.err);
		return -1;
	}
	snprintf(c->profile, sizeof(c->profile), "%s", path);
	return 0;
}
