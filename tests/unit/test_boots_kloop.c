/* test_boots_kloop.c - multi-boot A/B rows of in-kernel loop ops on micro sets made in memory. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "boots_kloop.h"
#include "jfield.h"

static void entry(json_t *micro, const char *op, const char *arm, double mean)
{
	json_array_append_new(micro, json_pack("{s:s, s:s, s:f, s:f}", "op", op, "arm", arm,
					       "mean_ns", mean, "ci95_ns", mean / 200));
}

/* One boot: k:kmalloc-64 at root @r and in the child @c, its twin's root @p. */
static void boot(struct result_set *s, double r, double c, double p)
{
	results_init(s);
	s->micro = json_array();
	entry(s->micro, "k:kmalloc-64", "root", r);
	entry(s->micro, "k:kmalloc-64", "unlimited", c);
	entry(s->micro, "k:kmalloc-64-plain", "root", p);
	entry(s->micro, "k:kmalloc-64-plain", "unlimited", p);
	entry(s->micro, "open-close", "unlimited", 1000); /* no twin: no row */
}

static const json_t *row(const json_t *rows, const char *measure)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) if (!strcmp(jstr(r, "measure", ""), measure)) return r;
	return NULL;
}

static void test_known_change(void **state)
{
	(void)state;
	struct result_set a[3], b[3];
	/* child - plain: A 1000, 1010, 990 (sd 10); B 900, 905, 895 (sd 5): change -100,
	 * pooled sd sqrt((200 + 50) / 4) = 7.906, se 7.906 * sqrt(2/3) = 6.455,
	 * t(0.975, 4) = 2.776: CI half-width 17.92. */
	double ca[] = {1000, 1010, 990}, cb[] = {900, 905, 895};
	for (int i = 0; i < 3; i++) {
		boot(&a[i], 600, 500 + ca[i], 500);
		boot(&b[i], 600, 500 + cb[i], 500);
	}
	struct setlist la = {.n = 3, .runs = a}, lb = {.n = 3, .runs = b};
	json_t *rows = boots_kloop_model(&la, &lb, 0.05);
	assert_int_equal(json_array_size(rows), 3); /* child - plain, root - plain, ratio */
	const json_t *c = row(rows, "child - plain");
	assert_non_null(c);
	assert_string_equal(jstr(c, "op", ""), "k:kmalloc-64");
	assert_true(fabs(jnum(c, "change") + 100) < 1e-9);
	assert_true(fabs(jnum(c, "ci95") - 17.92) < 0.01);
	assert_true(fabs(jnum(c, "change_pct") + 10) < 1e-9);
	assert_true(json_is_true(json_object_get(c, "significant")));
	const json_t *o = row(rows, "root - plain");
	assert_true(fabs(jnum(o, "change")) < 1e-9);
	assert_false(json_is_true(json_object_get(o, "significant")));
	const json_t *q = row(rows, "child / plain");
	assert_string_equal(jstr(q, "unit", ""), "ratio");
	assert_true(fabs(jnum(q, "mean_a") - 3.0) < 1e-9);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	boots_kloop_print(rows, f);
	fclose(f);
	assert_non_null(strstr(buf, "-100.0 ns *"));
	assert_non_null(strstr(buf, "1000/1010/990"));
	free(buf);
	json_decref(rows);
	for (int i = 0; i < 3; i++) {
		results_free(&a[i]);
		results_free(&b[i]);
	}
}

static void test_one_boot_no_row(void **state)
{
	(void)state;
	struct result_set a[2], b[1];
	boot(&a[0], 600, 1500, 500);
	boot(&a[1], 600, 1500, 500);
	boot(&b[0], 600, 1400, 500);
	struct setlist la = {.n = 2, .runs = a}, lb = {.n = 1, .runs = b};
	json_t *rows = boots_kloop_model(&la, &lb, 0.05);
	assert_int_equal(json_array_size(rows), 0); /* a side needs two boots */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	boots_kloop_print(rows, f);
	fclose(f);
	assert_int_equal(len, 0);
	free(buf);
	json_decref(rows);
	results_free(&a[0]);
	results_free(&a[1]);
	results_free(&b[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_change),
	    cmocka_unit_test(test_one_boot_no_row),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
