/* test_caches.c - run --caches' and micro --caches' analysis: perf script lines of the kmem
 * tracepoints summed per cache, large kmallocs counted once, per-op differences, tracefs
 * format parsing, pooling for show, and bad --caches options.
 *
 * tests/fixtures/caches/walk-unlimited.txt is real perf output on the test box (capture.sh
 * beside it, the first 260 of 676 lines): bash in a child memcg moving stdin to fd 3000,
 * then `ls -laR`. Counted by hand (awk): 219 kmem_cache_alloc lines (50080 bytes; dentry 22
 * of 4224 bytes), 10 kmalloc lines (135328 bytes), 31 mm_page_alloc lines: 29 order-0
 * GFP_KERNEL_ACCOUNT|__GFP_ZERO|__GFP_COMP and 2 order-3 that are the pages of the two
 * 32 KiB fd arrays, each traced as page + kmalloc at __kvmalloc_node_noprof + kmalloc at
 * alloc_fdtable (same ptr). Counted once each: kmalloc 8 objects, 69792 bytes (alloc_fdtable
 * 6 of 69760, lsm_blob_alloc 2 of 32), pages 29 of 118784 bytes; in all 256 objects,
 * 238656 bytes.
 */
#include "analysis_fixture.h"

#include <math.h>

#include "cacheop.h"
#include "caches_view.h"
#include "cachesum.h"
#include "tpformat.h"
#include "results.h"

#define PAGE0 "pages:order-0:GFP_KERNEL_ACCOUNT|__GFP_ZERO|__GFP_COMP"

static void read_fixture(struct cachesum *s)
{
	FILE *f = fopen(fx("caches/walk-unlimited.txt"), "r");
	assert_non_null(f);
	cachesum_init(s);
	s->page_size = 4096;
	assert_int_equal(cachesum_read(s, f), 0);
	fclose(f);
}

static const struct cache_entry *find(const struct cachesum *s, enum cache_kind k, const char *name)
{
	return cachesum_find(s, k, name);
}

static void test_fixture(void **state)
{
	(void)state;
	struct cachesum s;
	long long o, b;
	read_fixture(&s);
	cachesum_totals(&s, &o, &b);
	assert_int_equal(o, 256);
	assert_int_equal(b, 238656);
	assert_int_equal(s.events, 260);
	assert_int_equal(s.lost, 0);
	assert_false(s.no_accounted);
	const struct cache_entry *e = find(&s, CACHE_SLAB, "dentry");
	assert_non_null(e);
	assert_int_equal(e->objects, 22);
	assert_int_equal(e->bytes, 4224);
	e = find(&s, CACHE_KMALLOC, "kmalloc:alloc_fdtable");
	assert_non_null(e);
	assert_int_equal(e->objects, 6);
	assert_int_equal(e->bytes, 69760);
	e = find(&s, CACHE_KMALLOC, "kmalloc:__kvmalloc_node_noprof");
	assert_true(!e || (e->objects == 0 && e->bytes == 0));
	e = find(&s, CACHE_PAGE, PAGE0);
	assert_non_null(e);
	assert_int_equal(e->objects, 29);
	cachesum_free(&s);
}

/* JSON: sorted by bytes, emptied rows left out, the top kept and the rest as "other". */
static void test_json(void **state)
{
	(void)state;
	struct cachesum s;
	read_fixture(&s);
	json_t *j = cachesum_json(&s, 2);
	assert_non_null(j);
	json_t *c = json_object_get(j, "caches");
	assert_int_equal(json_array_size(c), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(c, 0), "name")),
			    PAGE0);
	assert_string_equal(json_string_value(json_object_get(json_array_get(c, 1), "name")),
			    "kmalloc:alloc_fdtable");
	const json_t *other = json_array_get(c, 2);
	assert_string_equal(json_string_value(json_object_get(other, "name")), "other");
	assert_int_equal(json_integer_value(json_object_get(other, "bytes")),
			 238656 - 118784 - 69760);
	assert_int_equal(json_integer_value(json_object_get(j, "total_bytes")), 238656);
	assert_true(json_is_null(json_object_get(j, "error")));
	json_decref(j);
	j = cachesum_json(&s, CACHESUM_TOP);
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, "caches"), i, e)
	{
		assert_true(json_integer_value(json_object_get(e, "objects")) > 0);
		assert_string_not_equal(json_string_value(json_object_get(e, "name")),
					"pages:order-3:GFP_NOWAIT|__GFP_IO|__GFP_FS|__GFP_COMP|"
					"__GFP_ACCOUNT");
	}
	json_decref(j);
	cachesum_free(&s);
}

/* 6.1/6.12: kmem_cache_alloc has `accounted` but no `name`: the entry is named by caller. */
static void test_no_name(void **state)
{
	(void)state;
	struct cachesum s;
	cachesum_init(&s);
	cachesum_line(&s, "7 kmem:kmem_cache_alloc: call_site=__d_alloc+0x2d ptr=0x1 "
			  "bytes_req=192 bytes_alloc=192 gfp_flags=GFP_KERNEL_ACCOUNT node=-1 "
			  "accounted=true");
	const struct cache_entry *e = find(&s, CACHE_SLAB, "@__d_alloc");
	assert_non_null(e);
	assert_int_equal(e->bytes, 192);
	assert_null(find(&s, CACHE_SLAB, "?"));
	cachesum_free(&s);
}

/* Lost events, unaccounted and foreign lines, an old kernel without `accounted`. */
static void test_synthetic(void **state)
{
	(void)state;
	struct cachesum s;
	cachesum_init(&s);
	cachesum_line(&s, "  42 PERF_RECORD_LOST lost 187");
	cachesum_line(&s, "42 kmem:kmem_cache_alloc: call_site=d_alloc+0x1 ptr=0x1 name=dentry "
			  "bytes_req=192 bytes_alloc=192 gfp_flags=GFP_KERNEL node=-1 "
			  "accounted=false");
	cachesum_line(&s, "42 kmem:mm_page_alloc: page=0x1 pfn=0x1 order=0 migratetype=1 "
			  "gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO");
	cachesum_line(&s, "42 kmem:mm_page_alloc: page=0x2 pfn=0x2 order=1 migratetype=0 "
			  "gfp_flags=GFP_HIGHUSER|__GFP_ACCOUNT");
	cachesum_line(&s, "garbage");
	cachesum_line(&s, "");
	assert_int_equal(s.lost, 187);
	assert_int_equal(s.events, 3);
	assert_int_equal(s.unaccounted, 2);
	assert_int_equal(s.other, 1);
	const struct cache_entry *e =
	    find(&s, CACHE_PAGE, "pages:order-1:GFP_HIGHUSER|__GFP_ACCOUNT");
	assert_non_null(e);
	assert_int_equal(e->bytes, 2 * s.page_size);
	assert_false(s.no_accounted);
	/* a 5.x line: no accounted field; only __GFP_ACCOUNT counts, and the JSON says so */
	cachesum_line(&s, "43 kmem:kmem_cache_alloc: call_site=x+0x1 ptr=0x2 bytes_req=8 "
			  "bytes_alloc=8 gfp_flags=GFP_KERNEL_ACCOUNT node=-1");
	assert_true(s.no_accounted);
	json_t *j = cachesum_json(&s, CACHESUM_TOP);
	assert_non_null(strstr(json_string_value(json_object_get(j, "error")), "5.19"));
	assert_int_equal(json_integer_value(json_object_get(j, "lost_events")), 187);
	json_decref(j);
	cachesum_free(&s);
}

/* Per op: (2N run - N run) / N per cache; changes below 0.01 per op go to "other". */
static void test_per_op(void **state)
{
	(void)state;
	struct cachesum a, b;
	cachesum_init(&a);
	cachesum_init(&b);
	const char *filp = "1 kmem:kmem_cache_alloc: name=filp bytes_alloc=192 accounted=true";
	const char *pgt = "1 kmem:mm_page_alloc: order=0 gfp_flags=GFP_KERNEL_ACCOUNT";
	for (int i = 0; i < 5 + 200; i++)
		cachesum_line(&a, filp);
	for (int i = 0; i < 5 + 400; i++)
		cachesum_line(&b, filp);
	cachesum_line(&a, pgt); /* one page table in the N run only: noise */
	json_t *j = cacheop_json("open-close", "unlimited", 200, &a, &b, CACHEOP_TOP);
	assert_non_null(j);
	assert_true(fabs(json_real_value(json_object_get(j, "objects_per_op")) - 0.995) < 1e-9);
	json_t *c = json_object_get(j, "caches");
	assert_int_equal(json_array_size(c), 2);
	const json_t *e = json_array_get(c, 0);
	assert_string_equal(json_string_value(json_object_get(e, "name")), "filp");
	assert_true(fabs(json_real_value(json_object_get(e, "bytes_per_op")) - 192) < 1e-9);
	assert_string_equal(json_string_value(json_object_get(json_array_get(c, 1), "name")),
			    "other");
	json_decref(j);
	cachesum_free(&a);
	cachesum_free(&b);
}

static const char fmt_618[] =
    "name: kmalloc\nformat:\n\tfield:unsigned short common_type;\toffset:0;\n"
    "\tfield:unsigned long call_site;\toffset:8;\tsize:8;\tsigned:0;\n"
    "\tfield:bool accounted;\toffset:60;\tsize:1;\tsigned:0;\n\nprint fmt: \"x\", "
    "{( unsigned long)(( gfp_t)((((1UL))) << (21))), \"__GFP_THISNODE\"}, "
    "{( unsigned long)(((( gfp_t)(((((1UL))) << (10)))) | (( gfp_t)((((1UL))) << (22)))), "
    "\"GFP_KERNEL_ACCOUNT\"}, {( unsigned long)(( gfp_t)((((1UL))) << (22))), "
    "\"__GFP_ACCOUNT\"}, { 0, ((void *)0) }";
static const char fmt_old[] = "\tfield:unsigned long gfp_flags;\toffset:40;\n"
			      "print fmt: {(unsigned long)((__force gfp_t)0x400000u), "
			      "\"__GFP_ACCOUNT\"}, {(unsigned long)0x800000u, \"__GFP_ZEROTAGS\"}";

static void test_tpformat(void **state)
{
	(void)state;
	assert_true(tpformat_has_field(fmt_618, "accounted"));
	assert_true(tpformat_has_field(fmt_618, "call_site"));
	assert_false(tpformat_has_field(fmt_618, "site"));
	assert_false(tpformat_has_field(fmt_old, "accounted"));
	assert_int_equal(tpformat_gfp_account(fmt_618), 1UL << 22);
	assert_int_equal(tpformat_gfp_account(fmt_old), 0x400000UL);
	assert_int_equal(tpformat_gfp_account("no flags here"), 0);
}

/* Two breakdown trials of a cell pool to their mean; timing trials carry none. */
static void test_pool(void **state)
{
	(void)state;
	struct result_set r;
	results_init(&r);
	for (int k = 1; k <= 2; k++) {
		struct trial t = {.attribution = true, .rep = k, .seq = k};
		snprintf(t.workload, sizeof(t.workload), "w");
		snprintf(t.step, sizeof(t.step), "unlimited");
		t.caches = json_pack("{s:I, s:I, s:I, s:n, s:[{s:s, s:s, s:I, s:I}]}",
				     "total_objects", (json_int_t)(10 * k), "total_bytes",
				     (json_int_t)(1000 * k), "lost_events", (json_int_t)0, "error",
				     "caches", "name", "dentry", "kind", "slab", "objects",
				     (json_int_t)(10 * k), "bytes", (json_int_t)(1000 * k));
		assert_int_equal(results_add_trial(&r, &t), 0);
	}
	assert_true(caches_view_any(&r));
	json_t *c = caches_view_cell(&r, "w", "unlimited");
	assert_true(json_is_object(c));
	assert_int_equal(json_integer_value(json_object_get(c, "trials")), 2);
	assert_true(fabs(json_real_value(json_object_get(c, "total_bytes")) - 1500) < 1e-9);
	const json_t *e = json_array_get(json_object_get(c, "caches"), 0);
	assert_true(fabs(json_real_value(json_object_get(e, "objects")) - 15) < 1e-9);
	assert_true(fabs(json_real_value(json_object_get(e, "pct")) - 100) < 1e-9);
	json_decref(c);
	assert_true(json_is_null(caches_view_cell(&r, "w", "root")));
	results_free(&r);
}

static void test_bad_options(void **state)
{
	(void)state;
	const char *zero[] = {"run", "--caches-reps", "0"};
	expect_bad(cmd_run, 3, zero, "bad caches repetition count '0' (accepted: 1..100)");
	const char *ops[] = {"micro", "--caches-ops", "5"};
	expect_bad(cmd_micro, 3, ops, "bad --caches-ops '5'");
	char ini[PATH_MAX + 16];
	snprintf(ini, sizeof(ini), "%s/caches.ini", tmp);
	FILE *f = fopen(ini, "w");
	assert_non_null(f);
	fputs("[suite]\ncaches = yes\n", f);
	fclose(f);
	const char *prof[] = {"run", "-p", ini};
	expect_bad(cmd_run, 3, prof, "bad caches 'yes' (accepted: 0, 1, true, false)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fixture),	cmocka_unit_test(test_json),
	    cmocka_unit_test(test_synthetic),	cmocka_unit_test(test_per_op),
	    cmocka_unit_test(test_tpformat),	cmocka_unit_test(test_pool),
	    cmocka_unit_test(test_bad_options), cmocka_unit_test(test_no_name),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
