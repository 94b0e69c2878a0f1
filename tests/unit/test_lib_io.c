/* test_lib_io.c - lib/util.c's file helpers: read_file(_at) and util_out_dir_ok. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util.h"

static int setup(void **state)
{
	static char base[64];
	snprintf(base, sizeof(base), "/tmp/kmb-lib-io.XXXXXX");
	if (!mkdtemp(base))
		return -1;
	*state = base;
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (const char *)*state);
	return system(cmd) == 0 ? 0 : -1;
}

/* read_file(_at): whole small files, NUL-terminated, cut at the buffer; O_NOFOLLOW. */
static void test_read_file(void **state)
{
	const char *base = *state;
	char path[PATH_MAX + 16], link[PATH_MAX + 16], buf[8];
	snprintf(path, sizeof(path), "%s/small", base);
	snprintf(link, sizeof(link), "%s/link", base);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("kmembench\n", fp);
	fclose(fp);
	assert_int_equal(symlink("small", link), 0);

	assert_int_equal(read_file(path, buf, sizeof(buf)), 7); /* cut at n - 1 */
	assert_string_equal(buf, "kmemben");
	assert_int_equal(read_file(link, buf, sizeof(buf)), 7); /* follows without flags */
	int dfd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dfd >= 0);
	assert_int_equal(read_file_at(dfd, "small", O_NOFOLLOW, buf, 2), 1);
	assert_string_equal(buf, "k");
	errno = 0;
	assert_int_equal(read_file_at(dfd, "link", O_NOFOLLOW, buf, sizeof(buf)), -1);
	assert_int_equal(errno, ELOOP);
	assert_int_equal(read_file_at(dfd, "absent", 0, buf, sizeof(buf)), -1);
	assert_int_equal(errno, ENOENT);
	close(dfd);
	assert_int_equal(read_file("/proc/self/comm", buf, sizeof(buf)) > 0, 1);
	assert_int_equal(unlink(link), 0);
	assert_int_equal(unlink(path), 0);
}

/* util_out_dir_ok: the directory must exist, be one and take a file; the probe is gone. */
static void test_out_dir_ok(void **state)
{
	const char *base = *state;
	char path[PATH_MAX], err[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/report.md", base);
	assert_int_equal(util_out_dir_ok(path, err, sizeof(err)), 0);
	assert_int_equal(util_out_dir_ok("report.md", err, sizeof(err)), 0); /* "." */
	snprintf(path, sizeof(path), "%s/missing/report.md", base);
	assert_int_equal(util_out_dir_ok(path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "does not exist"));
	assert_int_equal(util_out_dir_ok("/proc/report.md", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "'/proc' is not writable"));
	snprintf(path, sizeof(path), "%s/afile", base);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/afile/report.md", base);
	assert_int_equal(util_out_dir_ok(path, err, sizeof(err)), -1);
	snprintf(path, sizeof(path), "rmdir '%s/x' 2>/dev/null; ls -A '%s' | grep -qv '^afile$'",
		 base, base);
	assert_int_not_equal(system(path), 0); /* only afile there: no probe left */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_read_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_out_dir_ok, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
