/* test_report_kloop.c - the report's in-kernel loop table from micro sets made in memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report_kloop.h"

/* One micro[] entry. */
static void entry(json_t *micro, const char *op, const char *arm, double mean, double ci)
{
	json_array_append_new(micro, json_pack("{s:s, s:s, s:f, s:f}", "op", op, "arm", arm,
					       "mean_ns", mean, "ci95_ns", ci));
}

/* A 6.12 TCG v2 boot: normal (root @r, child @c, plain @p) or nokmem (root @r only). */
static void boot(struct result_set *s, bool nok, double r, double c, double p)
{
	results_init(s);
	snprintf(s->kernel, sizeof(s->kernel), "6.12.0-test");
	snprintf(s->virt, sizeof(s->virt), "tcg");
	snprintf(s->cmdline, sizeof(s->cmdline), "console=ttyS0%s",
		 nok ? " cgroup.memory=nokmem" : "");
	s->cgroup_version = 2;
	s->micro = json_array();
	entry(s->micro, "k:kmalloc-64", "root", r, r / 100);
	entry(s->micro, "k:kmalloc-64", "unlimited", nok ? r : c, (nok ? r : c) / 100);
	entry(s->micro, "k:kmalloc-64-plain", "root", p, p / 100);
	entry(s->micro, "k:kmalloc-64-plain", "unlimited", p, p / 100);
	entry(s->micro, "open-close", "root", 1000, 10); /* not a k: op: no row */
}

static char *render(struct setlist *l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	report_kloop_section(l, f);
	fclose(f);
	return buf;
}

static void test_gushchin_row(void **state)
{
	(void)state;
	struct result_set runs[4];
	boot(&runs[0], false, 700, 2100, 500);
	boot(&runs[1], false, 710, 2130, 500);
	boot(&runs[2], true, 500, 0, 490);
	boot(&runs[3], true, 520, 0, 510);
	struct setlist l = {.n = 4, .runs = runs};
	char *out = render(&l);
	assert_non_null(strstr(out, "## In-kernel loop (ns per object)"));
	char *row = strstr(out, "| 6.12.0-test (tcg, v2) | `k:kmalloc-64` | 2 / 2 |");
	assert_non_null(row);
	/* disabled 510 (t(1) CI: 12.706 * 14.14 / 1.414 = 127.1), root 705, child 2115 */
	assert_non_null(strstr(row, "| 510.0 ± 127.1 | 705.0 ± 63.5 | 2115.0 ± 190.6 |"));
	/* root / disabled = 1.38, child / disabled = 4.15; per boot root / plain 1.40, 1.42 */
	assert_non_null(strstr(row, "| 1.38 ±"));
	assert_non_null(strstr(row, "| 4.15 ±"));
	assert_non_null(strstr(row, "| 1.410 ± 0.127 | 4.230 ± 0.381 |"));
	/* the plain op's own row has no plain ratios; other ops have none at all */
	char *plain = strstr(out, "`k:kmalloc-64-plain`");
	assert_non_null(plain);
	assert_non_null(strstr(plain, "| - | - |"));
	assert_null(strstr(out, "open-close"));
	free(out);
	for (int i = 0; i < 4; i++)
		results_free(&runs[i]);
}

static void test_nothing_without_kloop(void **state)
{
	(void)state;
	struct result_set s;
	results_init(&s);
	s.micro = json_array();
	entry(s.micro, "pipe", "root", 4000, 40);
	struct setlist l = {.n = 1, .runs = &s};
	char *out = render(&l);
	assert_true(out == NULL || out[0] == '\0');
	free(out);
	results_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gushchin_row),
	    cmocka_unit_test(test_nothing_without_kloop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
