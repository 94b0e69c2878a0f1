/* tracefs.h - mount tracefs (or debugfs) for a run that needs it, and unmount it after. */
#ifndef KMB_TRACEFS_H
#define KMB_TRACEFS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* A fresh machine has neither tracefs nor debugfs mounted; `--caches` reads tracepoint
 * formats and records kmem tracepoints. Such a run mounts what is missing, as perf users
 * do, and unmounts at the end what it mounted. Concurrent runs share the mount: each
 * user leaves a record <state>/<pid>.use naming the mounts it made, and the last user
 * to leave unmounts them (a leaving user with mounts hands them to a live one).
 * `kmembench cleanup` does the same for users that died (SIGKILL). <state> is
 * TRACEFS_STATE_DIR, or $KMEMBENCH_STATE (tests use their own). */
#define TRACEFS_STATE_DIR "/run/kmembench"
#define TRACEFS_STATE_ENV "KMEMBENCH_STATE"
#define TRACEFS_MAX	  2

struct tracefs_use {
	bool active;		       /* a record was made: release() must run */
	int nmounted;		       /* mounts this run made */
	char mounted[TRACEFS_MAX][64]; /* their targets */
	char fstype[TRACEFS_MAX][16];  /* "tracefs" or "debugfs" */
};

/* True when the tracepoint formats can be read now (no mount needed). */
bool tracefs_available(void);

/* Makes tracefs available, mounting tracefs on /sys/kernel/tracing (or debugfs on
 * /sys/kernel/debug) when it is not; records the use. 0, or -1 with one line in @err
 * naming the cause (nothing is left mounted then). */
int tracefs_acquire(struct tracefs_use *u, char *err, size_t errlen);

/* Ends the use: unmounts what this run mounted unless another live run uses it (then
 * the mounts pass to that run). Safe to call when nothing was acquired. */
void tracefs_release(struct tracefs_use *u);

/* env.mounted: [{"fs": "tracefs", "target": "/sys/kernel/tracing"}] for what this run
 * mounted (empty when everything was there already). */
json_t *tracefs_env_json(const struct tracefs_use *u);

/* `cleanup`: drops the records of dead runs, unmounting their mounts when no live run
 * uses them; a line on @out per mount. Returns the number of mounts removed (failures
 * are added to *@failed). */
int tracefs_clean_dead(FILE *out, int *failed);

#endif
