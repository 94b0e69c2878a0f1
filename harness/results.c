/* results.c - run.json: the result set's model <-> JSON, atomic writes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "results.h"

static const char *const status_names[] = {"ok", "exit", "signal", "oom", "timeout", "error"};

const char *results_status_name(enum trial_status s)
{
	if ((unsigned)s >= sizeof(status_names) / sizeof(status_names[0]))
		return "error";
	return status_names[s];
}

int results_status_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++)
		if (!strcmp(name, status_names[i]))
			return (int)i;
	return -1;
}

bool results_trial_ok(const struct trial *t)
{
	return t->status == TRIAL_OK;
}

void results_init(struct result_set *r)
{
	memset(r, 0, sizeof(*r));
	r->schema = RESULTS_SCHEMA;
	r->cgroup_version = 1;
	snprintf(r->virt, sizeof(r->virt), "none");
}

void results_trial_release(struct trial *t)
{
	json_decref(t->events);
	json_decref(t->stat);
	json_decref(t->extra);
	json_decref(t->perf);
	json_decref(t->caches);
	t->events = t->stat = t->extra = t->perf = t->caches = NULL;
}

void results_free(struct result_set *r)
{
	for (size_t i = 0; i < r->ntrials; i++)
		results_trial_release(&r->trials[i]);
	for (size_t i = 0; i < r->nattr; i++)
		results_trial_release(&r->attr[i]);
	free(r->trials);
	free(r->attr);
	r->attr = NULL;
	r->nattr = r->capattr = 0;
	json_decref(r->env);
	json_decref(r->micro);
	json_decref(r->overhead);
	json_decref(r->caches);
	r->trials = NULL;
	r->env = NULL;
	r->micro = r->overhead = r->caches = NULL;
	r->ntrials = r->cap = 0;
}

/* Appends @t to the array *@arr of *@n entries (*@cap allocated). */
static int append(struct trial **arr, size_t *n, size_t *cap, struct trial *t)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct trial *m = realloc(*arr, nc * sizeof(*m));
		if (!m)
			return -1;
		*arr = m;
		*cap = nc;
	}
	(*arr)[(*n)++] = *t;
	t->events = t->stat = t->extra = t->perf = t->caches = NULL;
	return 0;
}

int results_add_trial(struct result_set *r, struct trial *t)
{
	if (t->attribution)
		return append(&r->attr, &r->nattr, &r->capattr, t);
	return append(&r->trials, &r->ntrials, &r->cap, t);
}

/* A counter that may be absent: -1 becomes JSON null. */
static json_t *opt_int(long long v)
{
	return v < 0 ? json_null() : json_integer(v);
}

static json_t *opt_obj(json_t *o)
{
	return o ? json_incref(o) : json_null();
}

static json_t *trial_pack(const struct trial *t);

/* A trial as in run.json; `reason` only where a failed trial left one. */
static json_t *trial_to_json(const struct trial *t)
{
	json_t *o = trial_pack(t);
	if (o && t->reason[0])
		json_object_set_new(o, "reason", json_string(t->reason));
	return o;
}

static json_t *trial_pack(const struct trial *t)
{
	return json_pack(
	    "{s:s, s:s, s:I, s:I, s:i, s:i, s:f, s:f, s:f, s:i, s:i, s:b, s:b, s:s, "
	    "s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o}",
	    "workload", t->workload, "step", t->step, "hard_bytes", (json_int_t)t->hard_bytes,
	    "soft_bytes", (json_int_t)t->soft_bytes, "rep", t->rep, "seq", t->seq, "real_s",
	    t->real_s, "user_s", t->user_s, "sys_s", t->sys_s, "exit_status", t->exit_status,
	    "signal", t->signal, "oom_killed", t->oom_killed, "timed_out", t->timed_out, "status",
	    results_status_name(t->status), "failcnt", opt_int(t->failcnt), "kmem_failcnt",
	    opt_int(t->kmem_failcnt), "peak_bytes", opt_int(t->peak_bytes), "kmem_peak_bytes",
	    opt_int(t->kmem_peak_bytes), "events", opt_obj(t->events), "stat", opt_obj(t->stat),
	    "extra", opt_obj(t->extra), "attribution", t->attribution, "perf", opt_obj(t->perf),
	    "caches", opt_obj(t->caches));
}

bool results_is_micro(const struct result_set *r)
{
	return r->micro != NULL;
}

json_t *results_to_json(const struct result_set *r)
{
	json_t *trials = json_array();
	for (size_t i = 0; i < r->ntrials; i++)
		json_array_append_new(trials, trial_to_json(&r->trials[i]));
	for (size_t i = 0; i < r->nattr; i++)
		json_array_append_new(trials, trial_to_json(&r->attr[i]));
	json_t *j = json_pack(
	    "{s:i, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o}", "schema", r->schema,
	    "kernel", r->kernel, "cmdline", r->cmdline, "cgroup_version", r->cgroup_version, "virt",
	    r->virt, "profile", r->profile, "label", r->label, "started", r->started, "finished",
	    r->finished, "complete", r->complete, "env", opt_obj(r->env), "trials", trials);
	if (j && r->micro) {
		json_object_set(j, "micro", r->micro);
		json_object_set_new(j, "overhead",
				    r->overhead ? json_incref(r->overhead) : json_array());
	}
	if (j && r->caches)
		json_object_set(j, "caches", r->caches);
	return j;
}

/* Writes @text to @path via a temp file in the same directory: fsync, rename, fsync dir. */
static int write_atomic(const char *dir, const char *name, const char *text)
{
	char tmp[4096], path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp.%ld", dir, name, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	size_t len = strlen(text), off = 0;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		off += (size_t)n;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) < 0)
		goto fail_unlink;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
fail:
	if (fd >= 0)
		close(fd);
fail_unlink : {
	int e = errno;
	unlink(tmp);
	errno = e;
}
	return -1;
}

int results_write(const struct result_set *r, const char *dir)
{
	json_t *j = results_to_json(r);
	if (!j) {
		errno = ENOMEM;
		return -1;
	}
	char *text = json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (!text) {
		errno = ENOMEM;
		return -1;
	}
	size_t len = strlen(text);
	char *nl = realloc(text, len + 2);
	if (!nl) {
		free(text);
		errno = ENOMEM;
		return -1;
	}
	nl[len] = '\n';
	nl[len + 1] = '\0';
	int rc = write_atomic(dir, "run.json", nl);
	free(nl);
	return rc;
}

/* Copies string member @key of @o into @dst (empty when absent). */
static void get_str(const json_t *o, const char *key, char *dst, size_t n)
{
	const char *s = json_string_value(json_object_get(o, key));
	snprintf(dst, n, "%s", s ? s : "");
}

/* Integer member, or -1 when absent or null. */
static long long get_int(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}

static json_t *get_obj(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_object(v) ? json_incref(v) : NULL;
}

/* Fills the derived status of a trial written without one. */
static enum trial_status derive_status(const struct trial *t)
{
	if (t->timed_out)
		return TRIAL_TIMEOUT;
	if (t->oom_killed)
		return TRIAL_OOM;
	if (t->signal)
		return TRIAL_SIGNAL;
	return t->exit_status ? TRIAL_EXIT : TRIAL_OK;
}

static int trial_from_json(struct trial *t, const json_t *o, size_t i, char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	if (!json_is_object(o) || !json_is_string(json_object_get(o, "workload")) ||
	    !json_is_string(json_object_get(o, "step")) ||
	    !json_is_number(json_object_get(o, "sys_s"))) {
		snprintf(err, errlen, "trial %zu lacks workload, step or sys_s", i);
		return -1;
	}
	get_str(o, "workload", t->workload, sizeof(t->workload));
	get_str(o, "step", t->step, sizeof(t->step));
	t->hard_bytes = (uint64_t)(get_int(o, "hard_bytes") < 0 ? 0 : get_int(o, "hard_bytes"));
	t->soft_bytes = (uint64_t)(get_int(o, "soft_bytes") < 0 ? 0 : get_int(o, "soft_bytes"));
	t->rep = (int)get_int(o, "rep");
	t->seq = (int)get_int(o, "seq");
	t->real_s = json_number_value(json_object_get(o, "real_s"));
	t->user_s = json_number_value(json_object_get(o, "user_s"));
	t->sys_s = json_number_value(json_object_get(o, "sys_s"));
	t->exit_status = (int)json_integer_value(json_object_get(o, "exit_status"));
	t->signal = (int)json_integer_value(json_object_get(o, "signal"));
	t->oom_killed = json_is_true(json_object_get(o, "oom_killed"));
	t->timed_out = json_is_true(json_object_get(o, "timed_out"));
	const char *st = json_string_value(json_object_get(o, "status"));
	int s = st ? results_status_parse(st) : -1;
	t->status = s >= 0 ? (enum trial_status)s : derive_status(t);
	t->failcnt = get_int(o, "failcnt");
	t->kmem_failcnt = get_int(o, "kmem_failcnt");
	t->peak_bytes = get_int(o, "peak_bytes");
	t->kmem_peak_bytes = get_int(o, "kmem_peak_bytes");
	t->events = get_obj(o, "events");
	t->stat = get_obj(o, "stat");
	t->extra = get_obj(o, "extra");
	t->attribution = json_is_true(json_object_get(o, "attribution"));
	t->perf = get_obj(o, "perf");
	t->caches = get_obj(o, "caches");
	get_str(o, "reason", t->reason, sizeof(t->reason));
	return 0;
}

int results_from_json(struct result_set *r, const json_t *root, char *err, size_t errlen)
{
	results_init(r);
	json_t *trials = json_object_get(root, "trials");
	if (!json_is_object(root) || !json_is_integer(json_object_get(root, "schema")) ||
	    !json_is_array(trials)) {
		snprintf(err, errlen, "not a kmembench result set (needs schema and trials[])");
		return -1;
	}
	r->schema = (int)json_integer_value(json_object_get(root, "schema"));
	get_str(root, "kernel", r->kernel, sizeof(r->kernel));
	get_str(root, "cmdline", r->cmdline, sizeof(r->cmdline));
	r->cgroup_version = (int)get_int(root, "cgroup_version");
	get_str(root, "virt", r->virt, sizeof(r->virt));
	get_str(root, "profile", r->profile, sizeof(r->profile));
	get_str(root, "label", r->label, sizeof(r->label));
	get_str(root, "started", r->started, sizeof(r->started));
	get_str(root, "finished", r->finished, sizeof(r->finished));
	json_t *c = json_object_get(root, "complete");
	r->complete = c ? json_is_true(c) : true;
	r->env = get_obj(root, "env");
	json_t *micro = json_object_get(root, "micro"), *ovh = json_object_get(root, "overhead");
	if ((micro && !json_is_array(micro)) || (ovh && !json_is_array(ovh))) {
		snprintf(err, errlen, "micro and overhead must be arrays");
		results_free(r);
		return -1;
	}
	r->micro = micro ? json_incref(micro) : NULL;
	r->overhead = micro ? (ovh ? json_incref(ovh) : json_array()) : NULL;
	json_t *caches = json_object_get(root, "caches");
	r->caches = json_is_array(caches) ? json_incref(caches) : NULL;
	size_t i;
	json_t *o;
	json_array_foreach(trials, i, o)
	{
		struct trial t;
		if (trial_from_json(&t, o, i, err, errlen) < 0 || results_add_trial(r, &t) < 0) {
			results_trial_release(&t);
			results_free(r);
			return -1;
		}
	}
	return 0;
}

int results_read(struct result_set *r, const char *path, char *err, size_t errlen)
{
	char file[4096];
	size_t n = strlen(path);
	if (n > 5 && !strcmp(path + n - 5, ".json"))
		snprintf(file, sizeof(file), "%s", path);
	else
		snprintf(file, sizeof(file), "%s/run.json", path);
	json_error_t jerr;
	json_t *root = json_load_file(file, 0, &jerr);
	if (!root) {
		if (access(file, R_OK) < 0)
			snprintf(err, errlen,
				 "%s: %s (expected a result set directory with run.json)", file,
				 strerror(errno));
		else
			snprintf(err, errlen, "%s:%d: malformed JSON: %s", file, jerr.line,
				 jerr.text);
		results_init(r);
		return -1;
	}
	char why[256];
	int rc = results_from_json(r, root, why, sizeof(why));
	json_decref(root);
	if (rc < 0)
		snprintf(err, errlen, "%s: %s", file, why);
	return rc;
}
