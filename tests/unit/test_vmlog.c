/* test_vmlog.c - console-log reader of QEMU guests (harness/vmlog.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "vmlog.h"

/* Feeds every line of @text (separated by \n) into a fresh @log. */
static void feed(struct vmlog *log, const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");

	assert_non_null(f);
	vmlog_init(log);
	assert_int_equal(vmlog_read(log, f), 0);
	fclose(f);
}

static const char good_run[] = "[    0.000000] Linux version 6.12.117+deb12-cloud-amd64\r\n"
			       "[    1.608874] Run /init as init process\r\n"
			       "KMB: init-start\r\n"
			       "KMB: uname 6.12.117+deb12-cloud-amd64\r\n"
			       "KMB: cmdline console=ttyS0 panic=-1 cgroup.memory=nokmem\r\n"
			       "KMB: run-begin\r\n"
			       "trial 1/4 dentry-walk unlimited rep 1\r\n"
			       "KMB: run-end status=0\r\n"
			       "KMB: results bytes=27136\r\n"
			       "KMB: poweroff\r\n"
			       "[    2.614699] reboot: Power down\r\n";

static void test_good_run_is_ok(void **state)
{
	struct vmlog log;

	(void)state;
	feed(&log, good_run);
	assert_true(log.init && log.run_begin && log.run_end && log.poweroff);
	assert_int_equal(log.status, 0);
	assert_int_equal(log.results_bytes, 27136);
	assert_string_equal(log.uname, "6.12.117+deb12-cloud-amd64");
	assert_string_equal(log.cmdline, "console=ttyS0 panic=-1 cgroup.memory=nokmem");
	assert_int_equal(vmlog_verdict(&log, false, false), VM_OK);
	assert_string_equal(vmlog_verdict_name(VM_OK), "ok");
}

static void test_empty_console_is_no_output(void **state)
{
	struct vmlog log;

	(void)state;
	feed(&log, "");
	assert_int_equal(vmlog_verdict(&log, false, true), VM_NO_OUTPUT);
	assert_string_equal(vmlog_verdict_name(VM_NO_OUTPUT), "no-output");
}

static void test_panic_wins(void **state)
{
	struct vmlog log;

	(void)state;
	feed(&log, "[    1.0] VFS: Unable to mount root fs\n"
		   "[    1.1] Kernel panic - not syncing: VFS: Unable to mount root fs on "
		   "unknown-block(0,0)\n"
		   "[    1.2] ---[ end Kernel panic - not syncing: VFS ]---\n");
	assert_true(log.panic);
	assert_string_equal(log.panic_line, "Kernel panic - not syncing: VFS: Unable to mount root "
					    "fs on unknown-block(0,0)");
	assert_int_equal(vmlog_verdict(&log, false, false), VM_PANIC);
}

static void test_panic_after_init(void **state)
{
	struct vmlog log;

	(void)state;
	feed(&log, "KMB: init-start\nKMB: run-begin\n[ 9.9] Kernel panic - not syncing: Out of "
		   "memory and no killable processes...\n");
	assert_int_equal(vmlog_verdict(&log, false, false), VM_PANIC);
}

static void test_kernel_only_is_no_init(void **state)
{
	struct vmlog log;

	(void)state;
	feed(&log, "[    0.0] Linux version 6.1.0\n[    0.1] Booting paravirtualized kernel\n");
	assert_int_equal(vmlog_verdict(&log, false, true), VM_NO_INIT);
}

static void test_no_end_is_hang_or_died(void **state)
{
	struct vmlog log;

	(void)state;
	feed(&log, "KMB: init-start\nKMB: run-begin\ntrial 3/40\n");
	assert_int_equal(vmlog_verdict(&log, false, true), VM_HANG);
	assert_int_equal(vmlog_verdict(&log, false, false), VM_DIED);
}

static void test_guest_error(void **state)
{
	struct vmlog log;

	(void)state;
	feed(&log, "KMB: init-start\nKMB: error cgroup v1 memory controller not available\n"
		   "KMB: error second one is ignored\nKMB: poweroff\n");
	assert_string_equal(log.error, "cgroup v1 memory controller not available");
	assert_int_equal(vmlog_verdict(&log, false, false), VM_GUEST_ERROR);
}

static void test_failed_run_and_missing_results(void **state)
{
	struct vmlog log;

	(void)state;
	feed(&log, "KMB: init-start\nKMB: run-end status=1\nKMB: results bytes=10240\n");
	assert_int_equal(vmlog_verdict(&log, false, false), VM_RUN_FAILED);
	feed(&log, "KMB: init-start\nKMB: run-end status=0\nKMB: poweroff\n");
	assert_int_equal(vmlog_verdict(&log, false, false), VM_NO_RESULTS);
}

static void test_marker_after_kernel_text_on_same_line(void **state)
{
	struct vmlog log;

	(void)state;
	/* printk output can land in the middle of a line the guest writes. */
	feed(&log, "KMB: init-start\n[  5.1] random: crng init doneKMB: run-end status=0\n"
		   "KMB: results bytes=5\n");
	assert_int_equal(vmlog_verdict(&log, false, false), VM_OK);
}

static void test_malformed_markers_are_ignored(void **state)
{
	struct vmlog log;

	(void)state;
	feed(&log, "KMB: init-start\nKMB: run-end status=\nKMB: run-end\nKMB: results bytes=x\n"
		   "KMB: init-startX\n");
	assert_false(log.run_end);
	assert_false(log.results);
	assert_int_equal(log.status, -1);
	assert_int_equal(vmlog_verdict(&log, false, true), VM_HANG);
}

static void test_probe(void **state)
{
	struct vmlog log;

	(void)state;
	feed(&log, "KMB: init-start\nKMB: probe-ok\nKMB: poweroff\n");
	assert_int_equal(vmlog_verdict(&log, true, false), VM_OK);
	feed(&log, "KMB: init-start\n");
	assert_int_equal(vmlog_verdict(&log, true, true), VM_HANG);
}

static void test_oops_counted_and_long_line(void **state)
{
	static char text[8192];
	struct vmlog log;

	(void)state;
	memset(text, 'x', sizeof(text) - 64);
	strcpy(text + sizeof(text) - 64, "\nKMB: init-start\nBUG: kernel NULL\nOops: 0002\n");
	feed(&log, text);
	assert_int_equal(log.oopses, 2);
	assert_true(log.init);
	assert_int_equal(log.lines, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_run_is_ok),
	    cmocka_unit_test(test_empty_console_is_no_output),
	    cmocka_unit_test(test_panic_wins),
	    cmocka_unit_test(test_panic_after_init),
	    cmocka_unit_test(test_kernel_only_is_no_init),
	    cmocka_unit_test(test_no_end_is_hang_or_died),
	    cmocka_unit_test(test_guest_error),
	    cmocka_unit_test(test_failed_run_and_missing_results),
	    cmocka_unit_test(test_marker_after_kernel_text_on_same_line),
	    cmocka_unit_test(test_malformed_markers_are_ignored),
	    cmocka_unit_test(test_probe),
	    cmocka_unit_test(test_oops_counted_and_long_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
