/* envinfo.h - the `env` object of run.json: host, cgroup knobs, configuration. */
#ifndef KMB_ENVINFO_H
#define KMB_ENVINFO_H

#include <jansson.h>
#include <stdint.h>

#include "cgroup.h"
#include "conf.h"
#include "micro_conf.h"
#include "sysinfo.h"

/* Describes host, detected cgroup knobs and the run's configuration. */
json_t *envinfo_json(const struct run_conf *c, const struct cg_env *env,
		     const struct sysinfo_k *si);

/* 1 when @path is on ext4 with a journal, 0 without one, -1 not ext4 or unknown. */
int envinfo_ext4_journal(const char *path);

/* Sets env.scratch_fs to @fs (scratchfs_json, taken) and scratch_ext4_journal
 * for the filesystem at @path. */
void envinfo_note_scratch_fs(json_t *envj, json_t *fs, const char *path);

/* The cgroup part alone (also used by `kmembench info`). */
json_t *envinfo_cgroup_json(const struct cg_env *env);

/* The `env` of a micro set: host, cgroup, scratch (@disk, its filesystem) and
 * env.micro = the ops, arms, budget and plan, and the shim's block settings. */
json_t *envinfo_micro_json(const struct micro_conf *c, const struct micro_plan *p,
			   const struct cg_env *env, const struct sysinfo_k *si, const char *disk,
			   double warmup_ms);

/* Records the calibration peak and the expanded ladder of an auto workload. */
void envinfo_note_auto(json_t *envj, const struct wl_conf *w, uint64_t peak);

#endif
