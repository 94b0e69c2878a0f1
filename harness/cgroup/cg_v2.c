/* cg_v2.c - cgroup v2 memory backend (memory.max, memory.high, memory.events). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "counters.h"
#include "util.h"

/* Ensures "memory" is in @dir's cgroup.subtree_control. */
static int enable_memory(const char *dir, char *err, size_t errlen)
{
	struct cg cg = {.is_root = false};
	char buf[512];
	snprintf(cg.path, sizeof(cg.path), "%s", dir);
	if (cg_read(&cg, "cgroup.subtree_control", buf, sizeof(buf)) >= 0 && strstr(buf, "memory"))
		return 0;
	if (cg_write(&cg, "cgroup.subtree_control", "+memory") < 0) {
		snprintf(err, errlen,
			 "cannot enable the memory controller in %s/cgroup.subtree_control: %s",
			 dir, strerror(errno));
		return -1;
	}
	return 0;
}

static int v2_setup_parent(struct cg_env *env, char *err, size_t errlen)
{
	if (enable_memory(env->mount, err, errlen) < 0)
		return -1;
	if (mkdir(env->parent, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", env->parent, strerror(errno));
		return -1;
	}
	return enable_memory(env->parent, err, errlen);
}

static int v2_probe(struct cg_env *env)
{
	struct cg cg, parent = {.is_root = false};
	char name[64], buf[1024];
	struct cg_knobs *kn = &env->knobs;
	snprintf(name, sizeof(name), "r%ld-probe", (long)getpid());
	if (cg_create(env, name, &cg) < 0)
		return -1;
	kn->hard = cg_write_check(&cg, "memory.max", 2 << 20, 2 << 20) == 0;
	kn->soft = cg_write_check(&cg, "memory.high", 1 << 20, 1 << 20) == 0;
	kn->kmem_limit = CG_KMEM_ABSENT;
	kn->events = cg_has(&cg, "memory.events");
	kn->failcnt = kn->events;
	kn->kmem_failcnt = false;
	kn->peak = cg_has(&cg, "memory.peak");
	kn->kmem_peak = false;
	kn->kmem_usage = false;
	if (cg_read(&cg, "memory.stat", buf, sizeof(buf)) > 0)
		kn->kmem_usage = strstr(buf, "kernel ") != NULL || strstr(buf, "slab ") != NULL;
	kn->oom_kill = false;
	if (cg_read(&cg, "memory.events", buf, sizeof(buf)) > 0)
		kn->oom_kill = strstr(buf, "oom_kill ") != NULL;
	kn->kill_file = cg_has(&cg, "cgroup.kill");
	int rc = cg_destroy(&cg);
	snprintf(parent.path, sizeof(parent.path), "%s", env->parent);
	kn->nr_dying = -1;
	if (cg_read(&parent, "cgroup.stat", buf, sizeof(buf)) > 0) {
		json_t *st = counters_parse_flat(buf, NULL);
		kn->nr_dying = counters_get(st, "nr_dying_descendants");
		json_decref(st);
	}
	return rc;
}

static int v2_set_limits(const struct cg_env *env, const struct cg *cg, uint64_t hard,
			 uint64_t soft, char *err, size_t errlen)
{
	if (hard && cg_write_check(cg, "memory.max", hard, hard & ~4095ULL) < 0) {
		snprintf(err, errlen, "%s/memory.max: could not set %llu: %s", cg->path,
			 (unsigned long long)hard, strerror(errno));
		return -1;
	}
	if (soft && env->knobs.soft &&
	    cg_write_check(cg, "memory.high", soft, soft & ~4095ULL) < 0) {
		snprintf(err, errlen, "%s/memory.high: could not set %llu: %s", cg->path,
			 (unsigned long long)soft, strerror(errno));
		return -1;
	}
	return 0;
}

static void v2_collect(const struct cg_env *env, const struct cg *cg, struct cg_counters *c)
{
	(void)env;
	static char buf[16384];
	c->events = cg_read(cg, "memory.events", buf, sizeof(buf)) > 0
			? counters_parse_flat(buf, NULL)
			: NULL;
	c->failcnt = c->events ? counters_get(c->events, "max") : -1;
	c->oom_killed = c->events && counters_get(c->events, "oom_kill") > 0;
	c->kmem_failcnt = -1;
	c->peak_bytes = cg_read_u64(cg, "memory.peak");
	c->kmem_peak_bytes = -1;
	c->stat = cg_read(cg, "memory.stat", buf, sizeof(buf)) > 0
		      ? counters_parse_flat(buf, counters_v2_stat_keys)
		      : NULL;
	long long cur = cg_read_u64(cg, "memory.current");
	if (c->stat && cur >= 0)
		json_object_set_new(c->stat, "usage", json_integer(cur));
}

const struct cg_ops cg_v2_ops = {
    .name = "v2",
    .version = 2,
    .setup_parent = v2_setup_parent,
    .probe = v2_probe,
    .set_limits = v2_set_limits,
    .collect = v2_collect,
};
