/* micro_caches.c - run a micro op under perf record at N and 2N ops (micro_caches.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cacheop.h"
#include "micro_caches.h"
#include "spawn.h"
#include "util.h"

#define RUN_TIMEOUT_S 600

/* The shim's argv for @n ops of @op, in @store. */
static void shim_argv(const struct micro_caches *mc, const char *op, long n,
		      char store[5][PATH_MAX + 16], char **argv)
{
	snprintf(store[0], sizeof(store[0]), "%s", mc->shim);
	snprintf(store[1], sizeof(store[1]), "--ops=%s", op);
	snprintf(store[2], sizeof(store[2]), "--count=%ld", n);
	snprintf(store[3], sizeof(store[3]), "--disk=%s", mc->disk);
	snprintf(store[4], sizeof(store[4]), "--tmpfs=%s", mc->tmpfs);
	for (int i = 0; i < 5; i++)
		argv[i] = store[i];
	argv[5] = NULL;
}

/* Runs the shim for @n ops of @op under perf in a fresh cgroup; -1 with @err. */
static int record(const struct micro_caches *mc, const char *op, long n, bool *intr, char *err,
		  size_t errlen)
{
	static char store[5][PATH_MAX + 16];
	char *argv[6], name[64];
	struct cg cg;
	struct child_result r = {.spawn_errno = ENOMEM};
	shim_argv(mc, op, n, store, argv);
	snprintf(name, sizeof(name), "r%ld-micro-caches", (long)getpid());
	if (cg_create(mc->env, name, &cg) < 0) {
		strf(err, errlen, "cannot create cgroup %s: %s", cg.path, strerror(errno));
		return -1;
	}
	char **pargv = cachesrec_argv(mc->cr, cg.path, argv);
	struct child_spec spec = {.argv = pargv,
				  .cg = &cg,
				  .version = mc->env->ops->version,
				  .stdout_fd = -1,
				  .timeout_s = RUN_TIMEOUT_S,
				  .joins_itself = true};
	int rc = pargv ? spawn_child(&spec, &r) : -1;
	free(pargv);
	*intr = rc == 0 && r.interrupted;
	if (rc < 0)
		snprintf(err, errlen, "cannot start perf: %s", strerror(r.spawn_errno));
	else if (r.exit_status || r.signal || r.timed_out)
		snprintf(err, errlen, "%s --count=%ld under perf: %s", op, n,
			 r.timed_out ? "timed out"
			 : r.signal  ? strsignal(r.signal)
				     : "failed");
	if (cg_destroy(&cg) < 0)
		fprintf(stderr, "kmembench: warning: cannot remove cgroup %s: %s\n", cg.path,
			strerror(errno));
	return rc < 0 || r.exit_status || r.signal || r.timed_out ? -1 : 0;
}

/* One counted run into @s: record, then perf script. */
static int count(const struct micro_caches *mc, const char *op, long n, struct cachesum *s,
		 bool *intr, char *err, size_t errlen)
{
	if (record(mc, op, n, intr, err, errlen) < 0 || *intr) {
		unlink(mc->cr->data);
		return -1;
	}
	return cachesrec_read(mc->cr, s, err, errlen);
}

json_t *micro_caches_op(const struct micro_caches *mc, const char *op, bool *interrupted)
{
	struct cachesum once, twice;
	char err[512] = "";
	cachesum_init(&once);
	cachesum_init(&twice);
	*interrupted = false;
	json_t *j;
	if (count(mc, op, mc->n, &once, interrupted, err, sizeof(err)) < 0 ||
	    count(mc, op, 2 * mc->n, &twice, interrupted, err, sizeof(err)) < 0)
		j = cacheop_error_json(op, "unlimited", mc->n, err[0] ? err : "interrupted");
	else
		j = cacheop_json(op, "unlimited", mc->n, &once, &twice, CACHEOP_TOP);
	cachesum_free(&once);
	cachesum_free(&twice);
	return j;
}
