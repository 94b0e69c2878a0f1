/* envinfo.c - build the `env` object recorded with every result set. */
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>

#include "util.h"

#include "envinfo.h"
#include "machine.h"

json_t *envinfo_cgroup_json(const struct cg_env *env)
{
	const struct cg_knobs *k = &env->knobs;
	const char *kmem_limit = cg_kmem_limit_name(k->kmem_limit);
	json_t *kn = json_pack("{s:b, s:b, s:s, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b}", "hard",
			       k->hard, "soft", k->soft, "kmem_limit", kmem_limit, "failcnt",
			       k->failcnt, "kmem_failcnt", k->kmem_failcnt, "peak", k->peak,
			       "kmem_peak", k->kmem_peak, "kmem_usage", k->kmem_usage, "events",
			       k->events, "oom_kill", k->oom_kill, "cgroup_kill", k->kill_file);
	json_t *o =
	    json_pack("{s:s, s:i, s:s, s:s, s:o}", "backend", env->ops->name, "version",
		      env->ops->version, "mount", env->mount, "parent", env->parent, "knobs", kn);
	if (k->nr_dying >= 0)
		json_object_set_new(o, "nr_dying_descendants", json_integer(k->nr_dying));
	return o;
}

/* Ladder steps as an array of labels. */
static json_t *ladder_json(const struct ladder *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->steps[i].label));
	return a;
}

/* One workload's configuration: options, ladder, timeout or the command line. */
static json_t *workload_json(const struct wl_conf *w)
{
	json_t *o =
	    json_pack("{s:o, s:f}", "ladder", ladder_json(&w->ladder), "timeout_s", w->timeout_s);
	if (w->wl) {
		json_t *opts = json_object();
		for (size_t i = 0; i < w->wl->nopts; i++)
			json_object_set_new(opts, w->wl->opts[i].name, json_integer(w->ctx.val[i]));
		json_object_set_new(o, "options", opts);
	} else {
		json_t *argv = json_array();
		for (char *const *a = w->cmd_argv; *a; a++)
			json_array_append_new(argv, json_string(*a));
		json_object_set_new(o, "command", argv);
	}
	return o;
}

/* Filesystem type name of @path for the few types we expect. */
static const char *fs_type(const char *path)
{
	struct statfs fs;
	if (statfs(path, &fs) < 0)
		return "unknown";
	switch ((unsigned long)fs.f_type) {
	case 0xEF53:
		return "ext4";
	case 0x01021994:
		return "tmpfs";
	case 0x58465342:
		return "xfs";
	case 0x9123683E:
		return "btrfs";
	default:
		return "other";
	}
}

int envinfo_ext4_journal(const char *path)
{
	struct stat st;
	char uevent[PATH_MAX], buf[512], pat[PATH_MAX];
	if (stat(path, &st) < 0 || strcmp(fs_type(path), "ext4"))
		return -1;
	if (strf(uevent, sizeof(uevent), "/sys/dev/block/%u:%u/uevent", major(st.st_dev),
		 minor(st.st_dev)) < 0 ||
	    read_file(uevent, buf, sizeof(buf)) <= 0)
		return -1;
	char *dev = strstr(buf, "DEVNAME=");
	if (!dev)
		return -1;
	dev += strlen("DEVNAME=");
	dev[strcspn(dev, "\n")] = '\0';
	/* jbd2 lists every journal it runs as /proc/fs/jbd2/<dev>-<ino>. */
	glob_t g;
	if (strf(pat, sizeof(pat), "/proc/fs/jbd2/%s-*", dev) < 0)
		return -1;
	int found = glob(pat, 0, NULL, &g) == 0 && g.gl_pathc > 0;
	globfree(&g);
	return found;
}

/* env.machine (and env.host_machine in a guest whose host said who it is). */
static json_t *with_machine(json_t *envj)
{
	json_t *host = machine_host_json();
	json_object_set_new(envj, "machine", machine_json());
	if (host)
		json_object_set_new(envj, "host_machine", host);
	return envj;
}

static json_t *host_json(const struct sysinfo_k *si)
{
	return json_pack("{s:s, s:s, s:i, s:I}", "kernel", si->kernel, "machine", si->machine,
			 "ncpus", si->ncpus, "mem_total_kb", (json_int_t)si->mem_total_kb);
}

json_t *envinfo_json(const struct run_conf *c, const struct cg_env *env, const struct sysinfo_k *si)
{
	json_t *wls = json_object();
	for (size_t i = 0; i < c->nwl; i++)
		json_object_set_new(wls, c->wls[i].name, workload_json(&c->wls[i]));
	json_t *host = host_json(si);
	/* scratch_fs and scratch_ext4_journal: set once the scratch exists (null for a -- CMD). */
	return with_machine(json_pack("{s:o, s:o, s:i, s:s, s:f, s:b, s:s, s:n, s:n, s:o}", "host",
				      host, "cgroup", envinfo_cgroup_json(env), "reps", c->reps,
				      "ladder", c->ladder_spec, "timeout_s", c->timeout_s,
				      "drop_caches", c->drop_caches, "scratch", c->scratch,
				      "scratch_fs", "scratch_ext4_journal", "workloads", wls));
}

void envinfo_note_scratch_fs(json_t *envj, json_t *fs, const char *path)
{
	int journal = envinfo_ext4_journal(path);
	json_object_set_new(envj, "scratch_fs", fs);
	json_object_set_new(envj, "scratch_ext4_journal",
			    journal < 0 ? json_null() : json_boolean(journal));
}

void envinfo_note_auto(json_t *envj, const struct wl_conf *w, uint64_t peak)
{
	json_t *wl = json_object_get(json_object_get(envj, "workloads"), w->name);
	if (!wl)
		return;
	json_object_set_new(wl, "auto_peak_bytes", json_integer((json_int_t)peak));
	json_object_set_new(wl, "ladder", ladder_json(&w->ladder));
}

json_t *envinfo_micro_json(const struct micro_conf *c, const struct micro_plan *p,
			   const struct cg_env *env, const struct sysinfo_k *si, const char *disk,
			   double warmup_ms)
{
	json_t *ops = json_array(), *arms = json_array();
	for (size_t i = 0; i < c->nops; i++)
		json_array_append_new(ops, json_string(c->ops[i]->name));
	for (size_t i = 0; i < c->arms.n; i++)
		json_array_append_new(arms, json_string(c->arms.steps[i].label));
	json_t *micro = json_pack(
	    "{s:o, s:o, s:f, s:I, s:f, s:f, s:f, s:f, s:s, s:s, s:I, s:b, s:s}", "ops", ops, "arms",
	    arms, "time_s", c->time_s, "reps", (json_int_t)p->reps, "min_time_s", p->min_time_s,
	    "block_s", p->block_s, "estimated_s", p->est_s, "warmup_ms", warmup_ms, "timing",
	    "wall clock of each block (manual time)", "design",
	    "paired rounds: per op and round one block in every arm, back to back, "
	    "in shuffled order; rounds of all ops randomly interleaved",
	    "seed", (json_int_t)p->seed, "random_interleaving", 1, "gbench", "gbench.json");
	int journal = envinfo_ext4_journal(disk);
	return with_machine(json_pack("{s:o, s:o, s:s, s:s, s:o, s:s, s:o}", "host", host_json(si),
				      "cgroup", envinfo_cgroup_json(env), "scratch", disk,
				      "scratch_fs", fs_type(disk), "scratch_ext4_journal",
				      journal < 0 ? json_null() : json_boolean(journal), "tmpfs",
				      "a private tmpfs mounted by the shim", "micro", micro));
}
