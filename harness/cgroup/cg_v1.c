/* cg_v1.c - cgroup v1 memory backend (memory.limit_in_bytes & co). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "counters.h"
#include "util.h"

#define PROBE_BYTES (1ULL << 20)

static int v1_setup_parent(struct cg_env *env, char *err, size_t errlen)
{
	if (mkdir(env->parent, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", env->parent, strerror(errno));
		return -1;
	}
	return 0;
}

/* Classifies memory.kmem.limit_in_bytes: a write that reads back is effective;
 * accepted but not stored (5.16+ / 6.6+ no-op) is "noop"; refused is "unsupported". */
static enum cg_kmem_limit probe_kmem_limit(const struct cg *cg)
{
	if (!cg_has(cg, "memory.kmem.limit_in_bytes"))
		return CG_KMEM_ABSENT;
	if (cg_write_check(cg, "memory.kmem.limit_in_bytes", PROBE_BYTES, PROBE_BYTES) == 0)
		return CG_KMEM_EFFECTIVE;
	if (errno == EOPNOTSUPP || errno == ENOTSUP || errno == EPERM)
		return CG_KMEM_UNSUPPORTED;
	return CG_KMEM_NOOP;
}

static int v1_probe(struct cg_env *env)
{
	struct cg cg;
	char name[64];
	struct cg_knobs *kn = &env->knobs;
	snprintf(name, sizeof(name), "r%ld-probe", (long)getpid());
	if (cg_create(env, name, &cg) < 0)
		return -1;
	kn->hard =
	    cg_write_check(&cg, "memory.limit_in_bytes", 2 * PROBE_BYTES, 2 * PROBE_BYTES) == 0;
	kn->soft = cg_write_check(&cg, "memory.soft_limit_in_bytes", PROBE_BYTES, PROBE_BYTES) == 0;
	kn->kmem_limit = probe_kmem_limit(&cg);
	kn->failcnt = cg_has(&cg, "memory.failcnt");
	kn->kmem_failcnt = cg_has(&cg, "memory.kmem.failcnt");
	kn->peak = cg_has(&cg, "memory.max_usage_in_bytes");
	kn->kmem_peak = cg_has(&cg, "memory.kmem.max_usage_in_bytes");
	kn->kmem_usage = cg_has(&cg, "memory.kmem.usage_in_bytes");
	kn->events = cg_has(&cg, "memory.oom_control");
	kn->oom_kill = false;
	char buf[256];
	if (cg_read(&cg, "memory.oom_control", buf, sizeof(buf)) > 0)
		kn->oom_kill = strstr(buf, "oom_kill ") != NULL;
	kn->kill_file = false;
	kn->nr_dying = -1;
	return cg_destroy(&cg);
}

static int v1_set_limits(const struct cg_env *env, const struct cg *cg, uint64_t hard,
			 uint64_t soft, char *err, size_t errlen)
{
	uint64_t ph = hard & ~4095ULL, ps = soft & ~4095ULL;
	if (hard && cg_write_check(cg, "memory.limit_in_bytes", hard, ph) < 0) {
		snprintf(err, errlen, "%s/memory.limit_in_bytes: could not set %llu: %s", cg->path,
			 (unsigned long long)hard, strerror(errno));
		return -1;
	}
	if (hard && env->knobs.kmem_limit == CG_KMEM_EFFECTIVE &&
	    cg_write_check(cg, "memory.kmem.limit_in_bytes", hard, ph) < 0) {
		snprintf(err, errlen, "%s/memory.kmem.limit_in_bytes: could not set %llu: %s",
			 cg->path, (unsigned long long)hard, strerror(errno));
		return -1;
	}
	/* A soft limit the probe found not to stick (accepted, reads back max) is skipped;
	 * env.cgroup.knobs.soft = false records that it had no effect. */
	if (soft && env->knobs.soft &&
	    cg_write_check(cg, "memory.soft_limit_in_bytes", soft, ps) < 0) {
		snprintf(err, errlen, "%s/memory.soft_limit_in_bytes: could not set %llu: %s",
			 cg->path, (unsigned long long)soft, strerror(errno));
		return -1;
	}
	return 0;
}

/* Events object for v1: the failure counters and the oom_control counters. */
static json_t *v1_events(const struct cg *cg, const struct cg_counters *c)
{
	char buf[512];
	json_t *ev = json_object();
	if (cg_read(cg, "memory.oom_control", buf, sizeof(buf)) > 0) {
		json_t *oc = counters_parse_flat(buf, NULL);
		json_object_update(ev, oc);
		json_decref(oc);
	}
	if (c->failcnt >= 0)
		json_object_set_new(ev, "failcnt", json_integer(c->failcnt));
	if (c->kmem_failcnt >= 0)
		json_object_set_new(ev, "kmem_failcnt", json_integer(c->kmem_failcnt));
	long long ms = cg_read_u64(cg, "memory.memsw.failcnt");
	if (ms >= 0)
		json_object_set_new(ev, "memsw_failcnt", json_integer(ms));
	return ev;
}

static void v1_collect(const struct cg_env *env, const struct cg *cg, struct cg_counters *c)
{
	(void)env;
	static char buf[16384];
	c->failcnt = cg_read_u64(cg, "memory.failcnt");
	c->kmem_failcnt = cg_read_u64(cg, "memory.kmem.failcnt");
	c->peak_bytes = cg_read_u64(cg, "memory.max_usage_in_bytes");
	c->kmem_peak_bytes = cg_read_u64(cg, "memory.kmem.max_usage_in_bytes");
	c->events = v1_events(cg, c);
	c->oom_killed = counters_get(c->events, "oom_kill") > 0;
	c->stat = json_object();
	if (cg_read(cg, "memory.stat", buf, sizeof(buf)) > 0) {
		json_t *st = counters_parse_flat(buf, counters_v1_stat_keys);
		json_object_update(c->stat, st);
		json_decref(st);
	}
	long long ku = cg_read_u64(cg, "memory.kmem.usage_in_bytes");
	if (ku >= 0)
		json_object_set_new(c->stat, "kmem", json_integer(ku));
	long long u = cg_read_u64(cg, "memory.usage_in_bytes");
	if (u >= 0)
		json_object_set_new(c->stat, "usage", json_integer(u));
}

const struct cg_ops cg_v1_ops = {
    .name = "v1",
    .version = 1,
    .setup_parent = v1_setup_parent,
    .probe = v1_probe,
    .set_limits = v1_set_limits,
    .collect = v1_collect,
};
