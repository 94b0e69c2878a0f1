/* test_likeness.c - like with like: the machine-difference guard and the workload-options
 * guard of compare/report, on result sets made from JSON text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "likeness.h"
#include "machine.h"

/* A set of trials whose env is @env (JSON text), virt @virt. */
static void load(struct result_set *r, const char *virt, const char *env)
{
	char text[4096], err[256];
	snprintf(text, sizeof(text),
		 "{\"schema\": 1, \"kernel\": \"6.18\", \"virt\": \"%s\", \"trials\": [], "
		 "\"env\": %s}",
		 virt, env);
	json_t *j = json_loads(text, 0, NULL);
	assert_non_null(j);
	assert_int_equal(results_from_json(r, j, err, sizeof(err)), 0);
	json_decref(j);
}

#define MACHINE(l1d, model)                                                                        \
	"{\"machine\": {\"cpu\": {\"vendor\": \"AuthenticAMD\", \"model_name\": \"AMD EPYC\", "    \
	"\"family\": \"25\", \"model\": \"" model "\", \"stepping\": \"1\", \"microcode\": "       \
	"\"0x1\"}, \"cpus\": {\"logical\": 2, \"smt_active\": \"0\"}, \"caches\": [{\"level\": "   \
	"1, \"type\": \"Data\", \"size_kb\": " l1d "}, {\"level\": 2, \"type\": \"Unified\", "     \
	"\"size_kb\": 512}]}}"

/* Same CPU: no difference; another L1d and model: both named; no record: unknown. */
static void machine_guard(void **state)
{
	(void)state;
	struct result_set a, b, c, old;
	char diff[512];
	load(&a, "kvm", MACHINE("32", "1"));
	load(&b, "kvm", MACHINE("32", "1"));
	load(&c, "kvm", MACHINE("48", "17"));
	load(&old, "kvm", "{}");
	json_t *ia = likeness_machine("/nonexistent", &a), *ib = likeness_machine("/x", &b),
	       *ic = likeness_machine("/x", &c), *io = likeness_machine("/nonexistent", &old);
	assert_string_equal(json_string_value(json_object_get(ia, "L1d")), "32K");
	assert_int_equal(likeness_machine_diff(ia, ib, diff, sizeof(diff)), 0);
	assert_string_equal(diff, "");
	assert_int_equal(likeness_machine_diff(ia, ic, diff, sizeof(diff)), 2);
	assert_non_null(strstr(diff, "L1d 32K vs 48K"));
	assert_non_null(strstr(diff, "family/model/stepping 25/1/1 vs 25/17/1"));
	assert_null(io);
	assert_int_equal(likeness_machine_diff(ia, io, diff, sizeof(diff)), -1);

	const char *paths[] = {"/x", "/y", "/z"}, *names[] = {"a", "b", "c"};
	struct result_set runs[] = {a, b, c};
	json_t *m = likeness_model(paths, names, runs, 3);
	assert_false(likeness_differs(m, 1));
	assert_true(likeness_differs(m, 2));
	json_t *model = json_pack("{s:s, s:o}", "base", "a", "machine", m);
	assert_string_equal(likeness_change_label(model, 1), "change");
	assert_string_equal(likeness_change_label(model, 2), "kernel+machine");
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	likeness_print(model, false, f);
	fclose(f);
	assert_non_null(strstr(out, "MACHINE DIFFERS: a vs c ran on different machines ("));
	assert_non_null(strstr(out, "L1d 32K vs 48K"));
	assert_null(strstr(out, "a vs b"));
	free(out);
	json_decref(model);
	json_decref(ia);
	json_decref(ib);
	json_decref(ic);
	results_free(&a);
	results_free(&b);
	results_free(&c);
	results_free(&old);
}

/* Options or scratch filesystem differ: not the same workload; equal ones are. */
static void workload_guard(void **state)
{
	(void)state;
	struct result_set a, b, c;
	char why[512];
	load(&a, "kvm",
	     "{\"scratch_fs\": {\"type\": \"ext4\"}, \"workloads\": {\"dentry-walk\": "
	     "{\"options\": {\"fanout\": 10, \"files\": 4000}}}}");
	load(&b, "kvm",
	     "{\"scratch_fs\": {\"type\": \"ext4\"}, \"workloads\": {\"dentry-walk\": "
	     "{\"options\": {\"fanout\": 8, \"files\": 800}}}}");
	load(&c, "kvm",
	     "{\"scratch_fs\": {\"type\": \"xfs\"}, \"workloads\": {\"dentry-walk\": "
	     "{\"options\": {\"fanout\": 10, \"files\": 4000}}}}");
	assert_true(likeness_workload_same(&a, &a, "dentry-walk", why, sizeof(why)));
	assert_false(likeness_workload_same(&a, &b, "dentry-walk", why, sizeof(why)));
	assert_string_equal(why, "options differ: fanout 10 vs 8, files 4000 vs 800");
	assert_false(likeness_workload_same(&a, &c, "dentry-walk", why, sizeof(why)));
	assert_string_equal(why, "scratch filesystem ext4 vs xfs");
	results_free(&a);
	results_free(&b);
	results_free(&c);
}

/* This machine's identity has the fields the guard reads. */
static void machine_here(void **state)
{
	(void)state;
	json_t *m = machine_json();
	assert_non_null(m);
	assert_true(json_is_object(json_object_get(m, "cpu")));
	assert_true(json_is_array(json_object_get(m, "caches")));
	assert_true(json_is_integer(json_object_get(json_object_get(m, "cpus"), "logical")));
	assert_true(json_is_object(json_object_get(m, "mitigations")));
	json_decref(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(machine_guard),
	    cmocka_unit_test(workload_guard),
	    cmocka_unit_test(machine_here),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
