/* cachesrec.c - run a command under perf record of the kmem tracepoints, sum its caches. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cachesrec.h"
#include "perfrec.h"
#include "tpformat.h"
#include "util.h"

#define HEAD_MAX (8 + 4 * CACHESREC_NEVENTS)
/* Ring buffer pages per CPU: fork's ~150 events per op lost some with perf's default. */
#define MMAP_PAGES "2048"

const char *const cachesrec_events[CACHESREC_NEVENTS] = {"kmem:kmem_cache_alloc", "kmem:kmalloc",
							 "kmem:mm_page_alloc"};

void cachesrec_init(struct cachesrec *cr)
{
	memset(cr, 0, sizeof(*cr));
	const char *env = getenv(PERFREC_ENV);
	snprintf(cr->binary, sizeof(cr->binary), "%s", env ? env : "perf");
}

/* The kernel filter of event @i from its format @fmt (cachesrec.h). */
static void set_filter(struct cachesrec *cr, size_t i, const char *fmt)
{
	unsigned long account = tpformat_gfp_account(fmt);
	bool field = i < 2 && tpformat_has_field(fmt, "accounted");
	if (i == 0)
		cr->accounted_field = field;
	if (field)
		snprintf(cr->filter[i], sizeof(cr->filter[i]), "accounted == 1");
	else if (account)
		snprintf(cr->filter[i], sizeof(cr->filter[i]), "gfp_flags & 0x%lx", account);
	else
		cr->filter[i][0] = '\0';
}

/* Reads the three format files; -1 with one line in @err when one is missing. */
static int set_filters(struct cachesrec *cr, char *err, size_t errlen)
{
	static char fmt[64 * 1024];
	for (size_t i = 0; i < CACHESREC_NEVENTS; i++) {
		if (tpformat_read(cachesrec_events[i], fmt, sizeof(fmt)) < 0) {
			strf(err, errlen,
			     "--caches needs the tracepoint %s: no format in /sys/kernel/tracing "
			     "or /sys/kernel/debug/tracing (%s; kernel built without "
			     "CONFIG_TRACEPOINTS or the kmem events?)",
			     cachesrec_events[i], strerror(errno));
			return -1;
		}
		set_filter(cr, i, fmt);
	}
	return 0;
}

/* perf record -q -o @out, then -e EVENT [--filter F] per event, NULL-terminated in @v. */
static void record_head(const struct cachesrec *cr, const char *out, char **v)
{
	size_t n = 0;
	v[n++] = (char *)cr->binary;
	v[n++] = "record";
	v[n++] = "-q";
	v[n++] = "-m";
	v[n++] = MMAP_PAGES;
	v[n++] = "-o";
	v[n++] = (char *)out;
	for (size_t i = 0; i < CACHESREC_NEVENTS; i++) {
		v[n++] = "-e";
		v[n++] = (char *)cachesrec_events[i];
		if (cr->filter[i][0]) {
			v[n++] = "--filter";
			v[n++] = (char *)cr->filter[i];
		}
	}
	v[n] = NULL;
}

int cachesrec_check(struct cachesrec *cr, char *err, size_t errlen)
{
	char *v[HEAD_MAX + 3];
	if (!util_executable(cr->binary)) {
		strf(err, errlen,
		     "--caches needs perf: '%s' not found or not executable (install linux-perf, "
		     "or set " PERFREC_ENV " to the perf program)",
		     cr->binary);
		return -2;
	}
	if (tracefs_acquire(&cr->tracefs, err, errlen) < 0)
		return -1; /* a fault: exit 1 */
	if (set_filters(cr, err, errlen) < 0) {
		cachesrec_release(cr);
		return -2;
	}
	record_head(cr, "/dev/null", v);
	size_t n = 0;
	while (v[n])
		n++;
	v[n++] = "--";
	v[n++] = "true";
	v[n] = NULL;
	int errfd = memfd_create("kmb-perf-err", MFD_CLOEXEC);
	int rc = errfd < 0 ? -1 : perfrec_run_tool(v, -1, errfd, 30);
	if (rc < 0) {
		char why[512];
		perfrec_first_line(errfd, why, sizeof(why), "no message");
		strf(err, errlen, "--caches: '%s record' of the kmem tracepoints fails here: %s",
		     cr->binary, why);
	}
	if (errfd >= 0)
		close(errfd);
	if (rc == 0)
		perfrec_read_version(cr->binary, cr->version, sizeof(cr->version));
	else
		cachesrec_release(cr);
	return rc < 0 ? -2 : 0;
}

void cachesrec_release(struct cachesrec *cr)
{
	tracefs_release(&cr->tracefs);
}

char **cachesrec_argv(const struct cachesrec *cr, const char *cgpath, char *const *argv)
{
	char *head[HEAD_MAX + 1];
	record_head(cr, cr->data, head);
	return perfrec_join_argv(head, cgpath, argv);
}

/* Starts perf script with its stdout on a pipe; the read end in *@rd, its pid returned. */
static pid_t start_script(const struct cachesrec *cr, int errfd, int *rd)
{
	char *argv[] = {(char *)cr->binary,   "script", "-i",
			(char *)cr->data,     "-F",	"event,tid,trace",
			"--show-lost-events", NULL};
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		if (dup2(p[1], STDOUT_FILENO) < 0 || dup2(errfd, STDERR_FILENO) < 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	if (pid < 0)
		close(p[0]);
	*rd = p[0];
	return pid;
}

/* Waits for @pid; true when it exited 0. */
static bool reap(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return false;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int cachesrec_read(const struct cachesrec *cr, struct cachesum *s, char *err, size_t errlen)
{
	int rd = -1, errfd = memfd_create("kmb-perf-err", MFD_CLOEXEC);
	pid_t pid = errfd < 0 ? -1 : start_script(cr, errfd, &rd);
	int rc = -1;
	if (pid < 0) {
		snprintf(err, errlen, "cannot start perf script: %s", strerror(errno));
	} else {
		FILE *f = fdopen(rd, "r");
		int parsed = f ? cachesum_read(s, f) : -1;
		if (f)
			fclose(f);
		else
			close(rd);
		bool exited = reap(pid);
		char why[400];
		perfrec_first_line(errfd, why, sizeof(why), "no message");
		if (!exited)
			snprintf(err, errlen, "perf script failed: %s", why);
		else if (parsed < 0)
			snprintf(err, errlen, "cannot read perf script output");
		rc = exited && parsed == 0 ? 0 : -1;
	}
	if (errfd >= 0)
		close(errfd);
	unlink(cr->data);
	return rc;
}

static json_t *events_json(void)
{
	json_t *a = json_array();
	for (size_t i = 0; i < CACHESREC_NEVENTS; i++)
		json_array_append_new(a, json_string(cachesrec_events[i]));
	return a;
}

json_t *cachesrec_summarise(const struct cachesrec *cr)
{
	struct cachesum s;
	char err[512] = "";
	cachesum_init(&s);
	json_t *j = NULL;
	if (cachesrec_read(cr, &s, err, sizeof(err)) == 0)
		j = cachesum_json(&s, CACHESUM_TOP);
	cachesum_free(&s);
	if (!j)
		j = json_pack("{s:s, s:[], s:s}", "source", "perf kmem tracepoints", "caches",
			      "error", err[0] ? err : "out of memory");
	json_object_set_new(j, "events", events_json());
	return j;
}

json_t *cachesrec_env_json(const struct cachesrec *cr, int reps)
{
	json_t *filters = json_object();
	for (size_t i = 0; i < CACHESREC_NEVENTS; i++)
		json_object_set_new(filters, cachesrec_events[i],
				    cr->filter[i][0] ? json_string(cr->filter[i]) : json_null());
	return json_pack("{s:s, s:s, s:o, s:o, s:s, s:b, s:i, s:o}", "program", cr->binary,
			 "version", cr->version, "events", events_json(), "kernel_filters", filters,
			 "user_filter",
			 "slab, kmalloc: accounted=true (gfp_flags with ACCOUNT where the "
			 "tracepoint prints no accounted); pages: gfp_flags with ACCOUNT",
			 "accounted_field", cr->accounted_field, "reps", reps, "mounted",
			 tracefs_env_json(&cr->tracefs));
}
