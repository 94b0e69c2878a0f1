/* test_kloop.c - the in-kernel loop ops: "k:" names, the module's command and answer, the op table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "micro_ops.h"
#include "ops_kloop.h"

static void names(void **state)
{
	(void)state;
	struct kloop_spec s;
	assert_int_equal(kloop_name_parse("k:kmalloc-64", &s), 0);
	assert_false(s.cache);
	assert_true(s.acct);
	assert_false(s.batch);
	assert_int_equal(s.size, 64);
	assert_int_equal(kloop_name_parse("k:cache-4096-batch-plain", &s), 0);
	assert_true(s.cache);
	assert_false(s.acct);
	assert_true(s.batch);
	assert_int_equal(s.size, 4096);
	assert_int_equal(kloop_name_parse("k:kmalloc-8-plain", &s), 0);
	assert_false(s.acct);
	assert_false(s.batch);
	const char *bad[] = {"k:kmalloc-63",	 "k:kmalloc-4",		"k:kmalloc-8192",
			     "k:slab-64",	 "k:kmalloc-64-plain-batch", "k:kmalloc-64-",
			     "k:kmalloc-64x",	 "kmalloc-64",		"k:kmalloc",
			     "k:cache--64",	 "k:kmalloc-64-batchx", NULL};
	for (int i = 0; bad[i]; i++)
		assert_int_equal(kloop_name_parse(bad[i], &s), -1);
}

static void command(void **state)
{
	(void)state;
	struct kloop_spec s;
	char buf[64];
	assert_int_equal(kloop_name_parse("k:kmalloc-64", &s), 0);
	assert_true(kloop_command(&s, 1000, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "kmalloc 64 1 pair 1000");
	assert_int_equal(kloop_name_parse("k:cache-512-batch-plain", &s), 0);
	assert_true(kloop_command(&s, 7, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "cache 512 0 batch 7");
	assert_int_equal(kloop_command(&s, 7, buf, 8), -1);
}

/* The module's answer as read from /proc/kmb_kloop (tests/fixtures/kloop/proc-read.txt). */
static void answer(void **state)
{
	(void)state;
	char text[128];
	struct kloop_result r;
	FILE *f = fopen("tests/fixtures/kloop/proc-read.txt", "r");
	assert_non_null(f);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	assert_int_equal(kloop_result_parse(text, &r), 0);
	assert_true(r.ns == 2468024ULL);
	assert_true(r.cycles == 6170060ULL);
	assert_int_equal(r.n, 20000);
	assert_int_equal(kloop_result_parse("ns=1 cycles=2 n=0\n", &r), -1);
	assert_int_equal(kloop_result_parse("ns=1 cycles=2\n", &r), -1);
	assert_int_equal(kloop_result_parse("ns=1 cycles=2 n=3 x\n", &r), -1);
	assert_int_equal(kloop_result_parse("", &r), -1);
}

static void table(void **state)
{
	(void)state;
	const struct micro_op *a = micro_ops_find("k:kmalloc-64");
	assert_non_null(a);
	assert_non_null(a->block);
	assert_string_equal(a->name, "k:kmalloc-64");
	assert_ptr_equal(micro_ops_find("k:kmalloc-64"), a); /* made once */
	assert_non_null(strstr(a->summary, "__GFP_ACCOUNT"));
	assert_null(micro_ops_find("k:kmalloc-65"));
	assert_null(micro_ops_find("pipe")->block);
	assert_true(kloop_in_list("pipe, k:cache-64"));
	assert_false(kloop_in_list("pipe,fork"));
	char buf[1024];
	micro_ops_names(buf, sizeof(buf));
	assert_non_null(strstr(buf, "k:{kmalloc,cache}"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(names),
	    cmocka_unit_test(command),
	    cmocka_unit_test(answer),
	    cmocka_unit_test(table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
