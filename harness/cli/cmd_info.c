/* cmd_info.c - `kmembench info`: kernel, cgroup mode, which knobs work here. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "cgroup.h"
#include "leftovers.h"
#include "cliopt.h"
#include "envinfo.h"
#include "cachesrec.h"
#include "machine.h"
#include "opttab.h"
#include "perfrec.h"
#include "sysinfo.h"
#include "util.h"
#include "registry.h"

/* Probes the knobs when we may (root); otherwise says why not. */
static json_t *cgroup_json(struct cg_env *env, char *err, size_t errlen)
{
	int rc = cg_detect(env, err, errlen);
	if (rc < 0)
		return json_pack("{s:s}", "error", err);
	if (geteuid() != 0)
		return json_pack("{s:s, s:s, s:s}", "backend", env->ops->name, "mount", env->mount,
				 "note", "run as root to probe which knobs work");
	bool had_parent = access(env->parent, F_OK) == 0;
	if (env->ops->setup_parent(env, err, errlen) < 0 || env->ops->probe(env) < 0)
		return json_pack("{s:s, s:s}", "backend", env->ops->name, "error", err);
	if (!had_parent)
		leftovers_remove_parent(env);
	return envinfo_cgroup_json(env);
}

/* The built-in workloads: name, summary and, for those that run a tool (fio), whether
 * it is in PATH here. */
static json_t *workloads_json(void)
{
	json_t *wls = json_array();
	for (size_t i = 0; wl_all[i]; i++) {
		const struct workload *wl = wl_all[i];
		json_t *o = json_pack("{s:s, s:s}", "name", wl->name, "summary", wl->summary);
		if (wl->tool) {
			json_object_set_new(o, "tool", json_string(wl->tool));
			json_object_set_new(o, "tool_in_path",
					    json_boolean(util_executable(wl->tool)));
		}
		json_array_append_new(wls, o);
	}
	return wls;
}

/* Whether `run --perf` works here, and the symbols it counts as memcg accounting code. */
static json_t *perf_json(void)
{
	struct perfrec pr;
	char err[512] = "";
	perfrec_init(&pr);
	bool ok = perfrec_check(&pr, err, sizeof(err)) == 0;
	json_t *o = perfrec_env_json(&pr, 1);
	json_object_del(o, "reps");
	json_object_set_new(o, "usable", json_boolean(ok));
	json_object_set_new(o, "why_not", ok ? json_null() : json_string(err));
	return o;
}

/* Whether `run --caches` works here: its events, their kernel filters, what it records. */
static json_t *caches_json(void)
{
	struct cachesrec cr;
	char err[512] = "";
	cachesrec_init(&cr);
	bool ok = cachesrec_check(&cr, err, sizeof(err)) == 0;
	json_t *o = cachesrec_env_json(&cr, 1);
	/* A run mounts tracefs itself where it is missing: info mounted it for the check. */
	json_object_set_new(o, "mounts_tracefs",
			    json_boolean(json_array_size(json_object_get(o, "mounted")) > 0));
	json_object_del(o, "mounted");
	cachesrec_release(&cr);
	json_object_del(o, "reps");
	json_object_set_new(
	    o, "records",
	    json_string("per breakdown trial (run) or op (micro): accounted objects "
			"and bytes per slab cache, kmalloc call site and page order"));
	json_object_set_new(o, "usable", json_boolean(ok));
	json_object_set_new(o, "why_not", ok ? json_null() : json_string(err));
	return o;
}

static json_t *info_json(void)
{
	struct sysinfo_k si;
	struct cg_env env;
	char err[512] = "";
	sysinfo_read(&si);
	json_t *wls = workloads_json();
	json_t *host = machine_host_json();
	return json_pack("{s:s, s:s, s:s, s:i, s:I, s:o, s:o*, s:o, s:b, s:b, s:o, s:o, s:o}",
			 "kernel", si.kernel, "cmdline", si.cmdline, "virt", si.virt, "ncpus",
			 si.ncpus, "mem_total_kb", (json_int_t)si.mem_total_kb, "machine",
			 machine_json(), "host_machine", host, "cgroup",
			 cgroup_json(&env, err, sizeof(err)), "root", geteuid() == 0,
			 "drop_caches_writable", sysinfo_drop_caches_writable(), "workloads", wls,
			 "perf", perf_json(), "caches", caches_json());
}

/* "- NAME: SUMMARY", and the tool it needs with whether it is in PATH. */
static void print_workload(const json_t *w, int indent)
{
	const char *tool = json_string_value(json_object_get(w, "tool"));
	printf("%*s- %s: %s", indent, "", json_string_value(json_object_get(w, "name")),
	       json_string_value(json_object_get(w, "summary")));
	if (tool)
		printf(" [needs %s: %s]", tool,
		       json_is_true(json_object_get(w, "tool_in_path")) ? "in PATH"
									: "NOT in PATH");
	putchar('\n');
}

/* Prints the JSON object as an aligned "key: value" listing, one level deep. */
static void print_text(const json_t *o, int indent)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)o, k, v)
	{
		if (json_is_object(v)) {
			printf("%*s%s:\n", indent, "", k);
			print_text(v, indent + 2);
		} else if (json_is_array(v)) {
			printf("%*s%s:\n", indent, "", k);
			size_t i;
			json_t *e;
			json_array_foreach(v, i, e)
			{
				char *x = json_object_get(e, "summary")
					      ? NULL
					      : json_dumps(e, JSON_ENCODE_ANY | JSON_COMPACT);
				if (json_is_string(e))
					printf("%*s- %s\n", indent + 2, "", json_string_value(e));
				else if (x)
					printf("%*s- %s\n", indent + 2, "", x);
				else
					print_workload(e, indent + 2);
				free(x);
			}
		} else {
			char *s = json_dumps(v, JSON_ENCODE_ANY);
			printf("%*s%-22s %s\n", indent, "", k, s ? s : "?");
			free(s);
		}
	}
}

static const struct opt info_opts[] = {
    {.name = "json", .where = OPT_CLI, .kind = OPT_FLAG, .help = "everything as JSON"},
};
#define INFO_OPTS_N (sizeof(info_opts) / sizeof(info_opts[0]))

int cmd_info(int argc, char **argv)
{
	struct opt_given g;
	int rc = cliopt_parse("info", "kmembench info [--json]", argc, argv, info_opts, INFO_OPTS_N,
			      "accepted: --json", false, 0, &g);
	if (rc)
		return rc == 1 ? 0 : 2;
	bool as_json = opt_arg(info_opts, INFO_OPTS_N, &g, "json") != NULL;
	json_t *j = info_json();
	if (as_json) {
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
	} else {
		print_text(j, 0);
	}
	json_decref(j);
	return 0;
}
