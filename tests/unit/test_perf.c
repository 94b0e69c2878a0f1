/* test_perf.c - run --perf's analysis: memcg symbol patterns, memcg share, top and folded
 * stacks from captured `perf script` text, and attribution trials kept out of statistics.
 *
 * tests/fixtures/perf/du-unlimited.txt is real perf output on the test box (capture.sh
 * beside it): 23 samples of `du -s /usr/share` in a child memcg. Counted by hand: one
 * sample has a user-space leaf (__GI___fstatat64), so 22 are kernel samples; 5 of them
 * have a memcg frame: leaves page_counter_charge, xas_load, obj_cgroup_charge_account and
 * __memcg_slab_post_alloc_hook (each under __memcg_slab_post_alloc_hook, the outermost memcg
 * frame) and mem_cgroup_from_slab_obj (under list_lru_add_obj). Every leaf symbol occurs once.
 */
#include "analysis_fixture.h"

#include <math.h>

#include "metrics.h"
#include "perfattr.h"
#include "perfcell.h"
#include "perffold.h"
#include "setlist.h"
#include "summary.h"
#include "results.h"

static const char *const memcg_syms[] = {
    "__memcg_slab_post_alloc_hook",
    "__memcg_slab_free_hook",
    "obj_cgroup_charge",
    "obj_cgroup_charge_pages",
    "obj_cgroup_uncharge_pages",
    "refill_obj_stock",
    "drain_obj_stock",
    "consume_obj_stock",
    "__account_obj_stock",
    "mod_memcg_state",
    "mod_memcg_lruvec_state",
    "__mod_memcg_lruvec_state",
    "memcg_list_lru_alloc",
    "page_counter_try_charge",
    "page_counter_uncharge",
    "try_charge_memcg",
    "__memcg_kmem_charge_page",
    "refill_stock",
    "drain_all_stock.part.0",
    "mem_cgroup_from_slab_obj",
    "current_objcg_update",
    "get_mem_cgroup_from_mm",
    "__mem_cgroup_charge",
    "memcg_rstat_updated",
    "try_to_free_mem_cgroup_pages",
    "current_obj_cgroup",
    "mod_objcg_state",
};

static const char *const other_syms[] = {
    "kmem_cache_alloc_lru_noprof",
    "__d_alloc",
    "xas_load",
    "list_lru_add_obj",
    "__mod_lruvec_state",
    "memcmp",
    "cgroup_rstat_updated",
    "ext4_search_dir",
    "[unknown]",
    "do_syscall_64",
    "kmem_cache_free",
    "page_counter",
    "__lruvec_stat_mod_folio",
};

static void test_patterns(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(memcg_syms) / sizeof(memcg_syms[0]); i++) {
		if (!perfattr_is_memcg(memcg_syms[i]))
			fail_msg("%s should be memcg accounting code", memcg_syms[i]);
	}
	for (size_t i = 0; i < sizeof(other_syms) / sizeof(other_syms[0]); i++) {
		if (perfattr_is_memcg(other_syms[i]))
			fail_msg("%s should not be memcg accounting code", other_syms[i]);
	}
}

/* Parses fixture @name into @a. */
static void read_fixture(const char *name, struct perfattr *a)
{
	FILE *f = fopen(fx(name), "r");
	assert_non_null(f);
	perfattr_init(a);
	assert_int_equal(perfattr_read(a, f), 0);
	fclose(f);
}

static double share_of(const json_t *arr, size_t i, const char **sym)
{
	const json_t *e = json_array_get(arr, i);
	*sym = json_string_value(json_object_get(e, "symbol"));
	return json_real_value(json_object_get(e, "share"));
}

static void test_fixture_share(void **state)
{
	(void)state;
	struct perfattr a;
	read_fixture("perf/du-unlimited.txt", &a);
	assert_int_equal(a.samples, 23);
	assert_int_equal(a.kernel, 22);
	assert_int_equal(a.memcg, 5);
	json_t *j = perfattr_json(&a);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "kernel_samples")), 22);
	assert_int_equal(json_integer_value(json_object_get(j, "memcg_samples")), 5);
	assert_true(json_real_value(json_object_get(j, "memcg_share")) == 5.0 / 22.0);
	const json_t *mt = json_object_get(j, "memcg_top");
	const char *sym;
	assert_int_equal(json_array_size(mt), 2);
	assert_true(share_of(mt, 0, &sym) == 4.0 / 22.0);
	assert_string_equal(sym, "__memcg_slab_post_alloc_hook");
	assert_true(share_of(mt, 1, &sym) == 1.0 / 22.0);
	assert_string_equal(sym, "mem_cgroup_from_slab_obj");
	const json_t *top = json_object_get(j, "top");
	assert_int_equal(json_array_size(top), PERFATTR_TOP);
	/* All leaves tie at one sample: by name, so the order is reproducible. */
	assert_true(share_of(top, 0, &sym) == 1.0 / 22.0);
	assert_string_equal(sym, "__check_block_validity.constprop.0");
	share_of(top, 4, &sym);
	assert_string_equal(sym, "__memcg_slab_post_alloc_hook");
	json_decref(j);
	perfattr_free(&a);
}

/* Hand-made text in perf script's shape: offsets, a comm with a blank, user frames
 * named like memcg code (not counted: only kernel frames are), a header without frames
 * and an unindented junk line. */
static const char synthetic[] = "my prog 41 \n"
				"\tffffffff81000010 foo+0x10 ([kernel.kallsyms])\n"
				"\tffffffff81000020 obj_cgroup_charge.isra.0 ([kernel.kallsyms])\n"
				"\tffffffff81000030 kmem_cache_alloc ([kernel.kallsyms])\n"
				"\t          11f786 main (/usr/bin/prog)\n"
				"\n"
				"my prog 41 \n"
				"\tffffffff81000010 foo ([kernel.kallsyms])\n"
				"\t          11f786 __memcg_lookalike (/usr/bin/prog)\n"
				"\n"
				"my prog 41 \n"
				"\tffffffff81000040 bar ([kernel.kallsyms])\n"
				"\n"
				"my prog 41 \n"
				"\t          11f786 memcg_user_function (/usr/bin/prog)\n"
				"\n"
				"empty 42 \n"
				"\n";

static void test_synthetic(void **state)
{
	(void)state;
	FILE *f = fmemopen((void *)synthetic, sizeof(synthetic) - 1, "r");
	struct perfattr a;
	perfattr_init(&a);
	assert_int_equal(perfattr_read(&a, f), 0);
	fclose(f);
	assert_int_equal(a.samples, 4);
	assert_int_equal(a.kernel, 3);
	assert_int_equal(a.memcg, 1);
	json_t *j = perfattr_json(&a);
	const char *sym;
	const json_t *top = json_object_get(j, "top");
	assert_int_equal(json_array_size(top), 2);
	assert_true(share_of(top, 0, &sym) == 2.0 / 3.0);
	assert_string_equal(sym, "foo");
	assert_true(share_of(top, 1, &sym) == 1.0 / 3.0);
	assert_string_equal(sym, "bar");
	share_of(json_object_get(j, "memcg_top"), 0, &sym);
	assert_string_equal(sym, "obj_cgroup_charge.isra.0");
	json_decref(j);
	perfattr_free(&a);
}

static void test_no_kernel_samples(void **state)
{
	(void)state;
	static const char text[] = "prog 1\n\t          401000 main (/usr/bin/prog)\n\n";
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");
	struct perfattr a;
	perfattr_init(&a);
	assert_int_equal(perfattr_read(&a, f), 0);
	fclose(f);
	json_t *j = perfattr_json(&a);
	assert_int_equal(json_integer_value(json_object_get(j, "samples")), 1);
	assert_true(json_is_null(json_object_get(j, "memcg_share")));
	assert_int_equal(json_array_size(json_object_get(j, "top")), 0);
	json_decref(j);
	perfattr_free(&a);
}

static void test_fold(void **state)
{
	(void)state;
	FILE *f = fopen(fx("perf/du-unlimited.txt"), "r");
	struct perffold fold;
	perffold_init(&fold);
	assert_int_equal(perfscript_parse(f, perffold_add, &fold), 23);
	fclose(f);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	assert_int_equal(perffold_write(&fold, out), 0);
	fclose(out);
	assert_non_null(strstr(text, "du;[user] 1\n"));
	assert_non_null(strstr(text, ";kmem_cache_alloc_lru_noprof;__memcg_slab_post_alloc_hook;"
				     "memcg_list_lru_alloc;xa_load;xas_load 1\n"));
	assert_non_null(strstr(text, "du;entry_SYSCALL_64_after_hwframe;do_syscall_64;"));
	size_t lines = 0;
	for (char *p = text; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 23); /* no two stacks alike in this window */
	free(text);
	perffold_free(&fold);
}

/* A trial of (@step, rep @rep) with sys time @sys; attribution trials get a perf object. */
static void add(struct result_set *r, const char *step, int rep, double sys, int kernel, int memcg)
{
	struct trial t;
	memset(&t, 0, sizeof(t));
	snprintf(t.workload, sizeof(t.workload), "walk");
	snprintf(t.step, sizeof(t.step), "%s", step);
	t.rep = rep;
	t.seq = (int)(r->ntrials + r->nattr) + 1;
	t.sys_s = t.real_s = sys;
	t.failcnt = t.kmem_failcnt = t.peak_bytes = t.kmem_peak_bytes = -1;
	if (kernel >= 0) {
		t.attribution = true;
		t.perf = json_pack("{s:i, s:i, s:i, s:f, s:[]}", "samples", kernel + 10,
				   "kernel_samples", kernel, "memcg_samples", memcg, "memcg_share",
				   (double)memcg / kernel, "top");
	}
	assert_int_equal(results_add_trial(r, &t), 0);
}

/* root and unlimited, 3 timing trials each (sys 1.0 / 1.1), then attribution trials
 * with absurd timings (100 s) that no statistic may see: root 2/200 kernel samples,
 * unlimited 10/200 and 30/400, pooled 40/600. */
static void make_set(struct result_set *r)
{
	results_init(r);
	snprintf(r->kernel, sizeof(r->kernel), "6.18-test");
	for (int rep = 1; rep <= 3; rep++) {
		add(r, "root", rep, 1.0, -1, 0);
		add(r, "unlimited", rep, 1.1, -1, 0);
	}
	add(r, "root", 1, 100, 200, 2);
	add(r, "unlimited", 1, 100, 200, 10);
	add(r, "unlimited", 2, 100, 400, 30);
}

static void test_attribution_apart(void **state)
{
	(void)state;
	struct result_set r, back;
	char err[256];
	make_set(&r);
	assert_int_equal(r.ntrials, 6);
	assert_int_equal(r.nattr, 3);
	json_t *j = results_to_json(&r);
	const json_t *trials = json_object_get(j, "trials");
	assert_int_equal(json_array_size(trials), 9);
	assert_true(json_is_false(json_object_get(json_array_get(trials, 0), "attribution")));
	assert_true(json_is_null(json_object_get(json_array_get(trials, 0), "perf")));
	assert_true(json_is_true(json_object_get(json_array_get(trials, 8), "attribution")));
	assert_int_equal(results_from_json(&back, j, err, sizeof(err)), 0);
	assert_int_equal(back.ntrials, 6);
	assert_int_equal(back.nattr, 3);
	double *v;
	size_t n = metric_values(&back, "walk", "unlimited", METRIC_SYS, &v);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		assert_true(v[i] == 1.1);
	free(v);
	struct cell_counts c;
	metric_cell_count(&back, "walk", "unlimited", &c);
	assert_int_equal(c.total, 3);
	struct perf_cell pc;
	assert_int_equal(perfcell_get(&back, "walk", "unlimited", &pc), 0);
	assert_int_equal(pc.trials, 2);
	assert_int_equal(pc.kernel, 600);
	assert_int_equal(pc.memcg, 40);
	assert_true(pc.share == 40.0 / 600.0);
	assert_int_equal(perfcell_get(&back, "walk", "16M/4M", &pc), -1);
	assert_true(isnan(pc.share));
	json_decref(j);
	results_free(&r);
	results_free(&back);
}

/* Writes make_set's set to TMP/NAME and returns its path. */
static const char *write_set(const char *name)
{
	static char dir[PATH_MAX + 64];
	struct result_set r;
	make_set(&r);
	snprintf(dir, sizeof(dir), "%s/%s", tmp, name);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(results_write(&r, dir), 0);
	results_free(&r);
	return dir;
}

static void test_show_compare_report(void **state)
{
	(void)state;
	const char *dir = write_set("perfset");
	const char *show[] = {"show", dir};
	struct out o = run(cmd_show, 2, show);
	assert_int_equal(o.rc, 0);
	assert_non_null(strstr(o.out, "6 trials + 3 attribution (perf)"));
	assert_non_null(strstr(o.out, "memcg %\n"));
	/* root 2/200 = 1.0%, unlimited 40/600 = 6.7%; sys medians are the timing trials'. */
	assert_non_null(strstr(o.out, "      1.0\n"));
	assert_non_null(strstr(o.out, "      6.7\n"));
	assert_null(strstr(o.out, "100.0"));
	out_free(&o);
	const char *cmp[] = {"compare", dir};
	o = run(cmd_compare, 2, cmp);
	assert_int_equal(o.rc, 0);
	assert_non_null(
	    strstr(o.out, "memcg % of kernel samples (perf): root 1.0 · unlimited 6.7\n"));
	assert_non_null(strstr(o.out, "+10.0%"));
	out_free(&o);
	struct setlist rs;
	char *paths[] = {(char *)dir};
	assert_int_equal(setlist_load(&rs, paths, 1, "report"), 0);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct setlist none = {0};
	assert_int_equal(report_write(&rs, &none, NULL, 0, NULL, 0.05, NULL, NULL, 0, f), 0);
	fclose(f);
	assert_non_null(strstr(text, "| failed | memcg % |"));
	assert_non_null(strstr(text, "| 0/3 | 6.7 |"));
	free(text);
	setlist_free(&rs);
}

/* A set without attribution trials shows no memcg column. */
static void test_no_perf_no_column(void **state)
{
	(void)state;
	const char *show[] = {"show", fx("base")};
	struct out o = run(cmd_show, 2, show);
	assert_int_equal(o.rc, 0);
	assert_null(strstr(o.out, "memcg"));
	out_free(&o);
}

/* Bad --perf-reps and profile keys are refused before anything happens. */
static void test_bad_perf_options(void **state)
{
	(void)state;
	const char *zero[] = {"run", "--perf-reps", "0"};
	expect_bad(cmd_run, 3, zero, "bad perf repetition count '0' (accepted: 1..100)");
	const char *many[] = {"run", "--perf-reps", "101"};
	expect_bad(cmd_run, 3, many, "'101'");
	char ini[PATH_MAX + 16];
	snprintf(ini, sizeof(ini), "%s/perf.ini", tmp);
	FILE *f = fopen(ini, "w");
	assert_non_null(f);
	fputs("[suite]\nperf = yes\n", f);
	fclose(f);
	const char *prof[] = {"run", "-p", ini};
	expect_bad(cmd_run, 3, prof, "bad perf 'yes' (accepted: 0, 1, true, false)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_patterns),
	    cmocka_unit_test(test_fixture_share),
	    cmocka_unit_test(test_synthetic),
	    cmocka_unit_test(test_no_kernel_samples),
	    cmocka_unit_test(test_fold),
	    cmocka_unit_test(test_attribution_apart),
	    cmocka_unit_test(test_show_compare_report),
	    cmocka_unit_test(test_no_perf_no_column),
	    cmocka_unit_test(test_bad_perf_options),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
