/* likeness.h - like with like: which machine a set ran on, and which cells may be compared. */
#ifndef KMB_LIKENESS_H
#define KMB_LIKENESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "results.h"

/* The hardware identity of the set at @path (its run.json loaded as @r), flattened to
 * {"cpu": "AMD EPYC", "family/model/stepping": "25/1/1", "microcode": ..., "L1d": "32K",
 *  "L2": ..., "cpus": "2", "smt": ..., "hypervisor": ..., "host.cpu": ...}: from
 * env.machine (and env.host_machine for a guest), or for older native micro sets from
 * Google Benchmark's context in PATH/gbench.json(.xz) (caches, CPU count, MHz), with
 * "source" saying which. NULL when nothing says (older sets of trials, older guests). */
json_t *likeness_machine(const char *path, const struct result_set *r);

/* Names the keys both identities have and that differ ("L1d 32K vs 48K, L2 ...") in @buf;
 * returns how many (0: the same machine as far as both say), or -1 when either is NULL
 * or they share no key. */
int likeness_machine_diff(const json_t *a, const json_t *b, char *buf, size_t len);

/* Whether workload @wl ran with the same options and on the same kind of scratch
 * filesystem in @a and @b; false with the reason in @why ("options differ: fanout 10 vs
 * 8, files 4000 vs 800") when not, so its cells must not be compared. */
bool likeness_workload_same(const struct result_set *a, const struct result_set *b, const char *wl,
			    char *why, size_t len);

/* The "machine" object of a compare model: {base: identity, sets: [{name, known,
 * differs: [..] or null, text}]} for sets 1..n-1 against set 0 of @paths/@runs. */
json_t *likeness_model(const char *const *paths, const char *const *names,
		       const struct result_set *runs, size_t n);

/* True when set @i (>= 1) of a compare model's "machine" object ran on another machine
 * than the base. */
bool likeness_differs(const json_t *machine, size_t i);

/* The header of set @i's change column: "change", or "kernel+machine" when it ran on
 * another machine than the base (its change is not the kernel's alone). */
const char *likeness_change_label(const json_t *model, size_t i);

/* The lines a compare prints before its tables: one per set on another machine (naming
 * the differing fields), one per set whose machine is unknown, one per workload cell
 * set not compared (model "not_compared"). @md: markdown emphasis. */
void likeness_print(const json_t *model, bool md, FILE *f);

#endif
