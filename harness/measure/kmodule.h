/* kmodule.h - load and unload the in-kernel loop module (kmb_kloop) for `kmembench micro`'s k: ops. */
#ifndef KMB_KMODULE_H
#define KMB_KMODULE_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

/* The module file is <dir>/<release>/kmb_kloop.ko, <dir> being $KMEMBENCH_KLOOP_DIR or
 * the folder kloop/ beside kmembench (build/kloop natively, /opt/kmembench/kloop in a
 * guest; scripts/kloop/build.sh puts it there). A run that loads it leaves the record
 * <state>/<pid>.kmod (state as in tracefs.h), so `cleanup` can unload it after SIGKILL. */
#define KMODULE_DIR_ENV "KMEMBENCH_KLOOP_DIR"

struct kmodule_use {
	char path[PATH_MAX]; /* the .ko */
	char release[128];   /* uname -r */
	bool loaded;	     /* this run loaded it: release() unloads it */
	bool was_loaded;     /* it was loaded already (left by another run) */
};

/* Checks that change nothing: the kernel can load modules, and the .ko for this kernel
 * is there. 0, or -1 with one line in @err naming the cause. */
int kmodule_preflight(struct kmodule_use *u, char *err, size_t errlen);

/* Loads the module (finit_module) unless it is loaded; records the use. 0, or -1 with @err. */
int kmodule_load(struct kmodule_use *u, char *err, size_t errlen);

/* Unloads it when this run loaded it; drops the record. Safe to call any time. */
void kmodule_release(struct kmodule_use *u);

/* env.kloop: {"module": path, "release": ..., "loaded_by_run": bool}. */
json_t *kmodule_env_json(const struct kmodule_use *u);

/* `cleanup`: for records of dead runs, unloads the module when no live run has one;
 * a line on @out per module unloaded. Returns the number unloaded (failures to *@failed). */
int kmodule_clean_dead(FILE *out, int *failed);

#endif
