/* profile.c - the one INI profile loader (inih): [suite], workload sections, [micro], [stock]. */
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "conf.h"
#include "micro_conf.h"
#include "micro_opts.h"
#include "run_opts.h"
#include "stock_opts.h"
#include "util.h"

struct pctx {
	struct run_conf *run;	  /* [suite] and workload sections, or NULL */
	struct micro_conf *micro; /* [micro], or NULL */
	struct stock_conf *stock; /* [stock], or NULL */
	char workloads[1024];	  /* the [suite] workloads list, applied after all sections */
	char err[768];
	int nkeys; /* key = value lines seen in the sections read */
	bool failed;
};

/* Handles one key of the [suite] section: a row of the run option table. */
static int suite_key(struct pctx *p, const char *key, const char *val)
{
	if (!strcmp(key, "workloads"))
		snprintf(p->workloads, sizeof(p->workloads), "%s", val);
	return opt_apply_key(run_opts, run_opts_n, "suite", key, val, p->run, p->err,
			     sizeof(p->err));
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
	struct wl_conf *w = conf_add_workload(p->run, section, e, n);
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
	bool micro = !strcmp(section, "micro"), stock = !strcmp(section, "stock");
	if (micro ? !p->micro : stock ? !p->stock : !p->run)
		return 1; /* another measuring command's section */
	p->nkeys++;
	int rc = micro	 ? opt_apply_key(micro_opts, micro_opts_n, "micro", key, val, p->micro,
					 p->err, sizeof(p->err))
		 : stock ? opt_apply_key(stock_opts, stock_opts_n, "stock", key, val, p->stock,
					 p->err, sizeof(p->err))
		 : !strcmp(section, "suite") ? suite_key(p, key, val)
					     : workload_key(p, section, key, val);
	if (rc < 0)
		p->failed = true;
	return rc < 0 ? 0 : 1;
}

/* The one profile loader: [suite] and workload sections into @run, [micro] into @micro,
 * [stock] into @stock (any may be NULL: its sections are skipped). */
static int load(const char *path, struct run_conf *run, struct micro_conf *micro,
		struct stock_conf *stock, char *err, size_t errlen)
{
	struct pctx p = {.run = run, .micro = micro, .stock = stock};
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
	if (run && !p.nkeys) {
		snprintf(err, errlen,
			 "profile '%s' sets nothing (accepted: [suite] and workload sections with "
			 "key = value lines)",
			 path);
		return -1;
	}
	/* Sections may name workloads the list leaves out: the list decides what runs. */
	if (p.workloads[0] && conf_set_workloads(run, p.workloads, p.err, sizeof(p.err)) < 0) {
		snprintf(err, errlen, "profile '%s': %s", path, p.err);
		return -1;
	}
	if (run)
		snprintf(run->profile, sizeof(run->profile), "%s", path);
	if (micro)
		snprintf(micro->profile, sizeof(micro->profile), "%s", path);
	if (stock)
		snprintf(stock->profile, sizeof(stock->profile), "%s", path);
	return 0;
}

int profile_load(struct run_conf *c, const char *path, char *err, size_t errlen)
{
	return load(path, c, NULL, NULL, err, errlen);
}

int micro_conf_profile(struct micro_conf *c, const char *path, char *err, size_t errlen)
{
	return load(path, NULL, c, NULL, err, errlen);
}

int stock_conf_profile(struct stock_conf *c, const char *path, char *err, size_t errlen)
{
	return load(path, NULL, NULL, c, err, errlen);
}
