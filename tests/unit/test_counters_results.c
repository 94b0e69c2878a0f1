/* test_counters_results.c - counter-file parsing (captured v1/v2 text) and run.json I/O. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "counters.h"
#include "results.h"
#include "workload.h"

/* memory.events of a v2 cgroup that hit its limit and OOM-killed (6.12 guest). */
static const char v2_events[] = "low 0\nhigh 1523\nmax 87\noom 2\noom_kill 2\noom_group_kill 0\n";
/* Head of a v2 memory.stat. */
static const char v2_stat[] = "anon 135168\nfile 4096\nkernel 40632320\nkernel_stack 16384\n"
			      "pagetables 36864\nsec_pagetables 0\npercpu 480\nsock 0\nvmalloc 0\n"
			      "shmem 0\nslab_reclaimable 39845888\nslab_unreclaimable 310272\n"
			      "slab 40156160\nworkingset_refault_anon 0\n";
/* v1 memory.oom_control and a v1 memory.stat head (6.18 box). */
static const char v1_oom[] = "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n";
static const char v1_stat[] = "cache 0\nrss 135168\nrss_huge 0\nshmem 0\nmapped_file 0\n"
			      "pgfault 530\npgmajfault 0\ntotal_cache 0\n";

static void parse_v2(void **state)
{
	(void)state;
	json_t *ev = counters_parse_flat(v2_events, NULL);
	assert_int_equal(counters_get(ev, "max"), 87);
	assert_int_equal(counters_get(ev, "oom_kill"), 2);
	assert_int_equal(counters_get(ev, "nope"), -1);
	json_decref(ev);
	json_t *st = counters_parse_flat(v2_stat, counters_v2_stat_keys);
	assert_int_equal(counters_get(st, "kernel"), 40632320);
	assert_int_equal(counters_get(st, "slab"), 40156160);
	assert_int_equal(counters_get(st, "shmem"), -1); /* filtered out */
	json_decref(st);
}

static void parse_v1(void **state)
{
	(void)state;
	json_t *oc = counters_parse_flat(v1_oom, NULL);
	assert_int_equal(counters_get(oc, "oom_kill"), 1);
	json_decref(oc);
	json_t *st = counters_parse_flat(v1_stat, counters_v1_stat_keys);
	assert_int_equal(counters_get(st, "rss"), 135168);
	assert_int_equal(counters_get(st, "total_cache"), -1);
	json_decref(st);
	assert_int_equal(counters_parse_u64("9223372036854771712\n"), 9223372036854771712LL);
	assert_int_equal(counters_parse_u64("max\n"), -2);
	assert_int_equal(counters_parse_u64("junk"), -1);
	json_t *junk = counters_parse_flat("no-number x\n\n  \nkey 12abc\nok 3\n", NULL);
	assert_int_equal(json_object_size(junk), 1);
	json_decref(junk);
}

static void kv_output(void **state)
{
	(void)state;
	json_t *o = workload_parse_output("entries=30110\nrate=1.5e5\nname=walk\n=bad\nnoeq\n");
	assert_int_equal(json_object_size(o), 3);
	assert_true(json_is_real(json_object_get(o, "entries")));
	assert_string_equal(json_string_value(json_object_get(o, "name")), "walk");
	json_decref(o);
}

/* A run with one trial of each kind survives write + read unchanged. */
static void roundtrip(void **state)
{
	(void)state;
	char dir[] = "/tmp/kmb-results-XXXXXX", err[256];
	assert_non_null(mkdtemp(dir));
	struct result_set r, back;
	results_init(&r);
	snprintf(r.kernel, sizeof(r.kernel), "6.18.44");
	snprintf(r.label, sizeof(r.label), "unit");
	struct trial t = {.rep = 1,
			  .seq = 1,
			  .sys_s = 1.25,
			  .failcnt = -1,
			  .kmem_failcnt = -1,
			  .peak_bytes = -1,
			  .kmem_peak_bytes = -1};
	snprintf(t.workload, sizeof(t.workload), "dentry-walk");
	snprintf(t.step, sizeof(t.step), "root");
	assert_int_equal(results_add_trial(&r, &t), 0);
	struct trial u = t;
	snprintf(u.step, sizeof(u.step), "8M/4M");
	u.hard_bytes = 8 << 20;
	u.soft_bytes = 4 << 20;
	u.failcnt = 36;
	u.oom_killed = true;
	u.signal = 9;
	u.exit_status = -1;
	u.status = TRIAL_OOM;
	u.events = counters_parse_flat(v2_events, NULL);
	assert_int_equal(results_add_trial(&r, &u), 0);
	assert_int_equal(results_write(&r, dir), 0);
	assert_int_equal(results_read(&back, dir, err, sizeof(err)), 0);
	assert_int_equal(back.ntrials, 2);
	assert_string_equal(back.kernel, "6.18.44");
	assert_int_equal(back.trials[0].failcnt, -1);
	assert_true(results_trial_ok(&back.trials[0]));
	assert_int_equal(back.trials[1].status, TRIAL_OOM);
	assert_false(results_trial_ok(&back.trials[1]));
	assert_int_equal(back.trials[1].hard_bytes, 8 << 20);
	assert_int_equal(counters_get(back.trials[1].events, "oom_kill"), 2);
	/* The temp file of the atomic write is gone. */
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "test $(ls -A %s | wc -l) -eq 1", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	results_free(&r);
	results_free(&back);
}

static void read_errors(void **state)
{
	(void)state;
	char dir[] = "/tmp/kmb-results-XXXXXX", err[512], path[512];
	struct result_set r;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(results_read(&r, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "run.json"));
	snprintf(path, sizeof(path), "%s/run.json", dir);
	FILE *f = fopen(path, "w");
	fputs("{\"schema\": 1, \"trials\": [", f);
	fclose(f);
	assert_int_equal(results_read(&r, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "malformed"));
	f = fopen(path, "w");
	fputs("{\"schema\": 1, \"trials\": [{\"workload\": \"x\"}]}", f);
	fclose(f);
	assert_int_equal(results_read(&r, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "trial 0"));
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parse_v2),	 cmocka_unit_test(parse_v1),	cmocka_unit_test(kv_output),
	    cmocka_unit_test(roundtrip), cmocka_unit_test(read_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
