/* perfrec.c - run a trial's command under perf record, then perf script into its summary. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "perfattr.h"
#include "perffold.h"
#include "perfrec.h"
#include "spawn.h"
#include "util.h"

#define STR2(x) #x
#define STR(x)	STR2(x)
/* Folded stacks above this size are xz-compressed (when xz is there). */
#define FOLDED_XZ_BYTES (16 * 1024)
/* Joins the cgroup named by $0, then becomes the workload: perf starts this. */
static const char wrapper[] = "echo $$ > \"$0\"/cgroup.procs && exec \"$@\"";

void perfrec_init(struct perfrec *pr)
{
	memset(pr, 0, sizeof(*pr));
	const char *env = getenv(PERFREC_ENV);
	snprintf(pr->binary, sizeof(pr->binary), "%s", env ? env : "perf");
}

int perfrec_run_tool(char *const *argv, int out, int errfd, double timeout_s)
{
	struct child_spec spec = {
	    .argv = argv, .stdout_fd = out, .stderr_fd = errfd, .timeout_s = timeout_s};
	struct child_result r;
	if (spawn_child(&spec, &r) < 0)
		return -1;
	return r.exit_status == 0 && !r.signal && !r.timed_out ? 0 : -1;
}

void perfrec_first_line(int fd, char *buf, size_t n, const char *dflt)
{
	char text[1024];
	ssize_t len = pread(fd, text, sizeof(text) - 1, 0);
	text[len > 0 ? len : 0] = '\0';
	char *s = text + strspn(text, " \t\n");
	s[strcspn(s, "\n")] = '\0';
	snprintf(buf, n, "%s", *s ? s : dflt);
}

void perfrec_read_version(const char *binary, char *buf, size_t n)
{
	char *argv[] = {(char *)binary, "--version", NULL};
	int out = memfd_create("kmb-perf", MFD_CLOEXEC);
	buf[0] = '\0';
	if (out >= 0 && perfrec_run_tool(argv, out, -1, 30) == 0)
		perfrec_first_line(out, buf, n, "");
	if (out >= 0)
		close(out);
}

int perfrec_check(struct perfrec *pr, char *err, size_t errlen)
{
	if (!util_executable(pr->binary)) {
		strf(err, errlen,
		     "--perf needs perf: '%s' not found or not executable (install linux-perf, or "
		     "set " PERFREC_ENV " to the perf program)",
		     pr->binary);
		return -1;
	}
	char *argv[] = {pr->binary, "record", "-e", PERFREC_EVENT, "-F", STR(PERFREC_FREQ),
			"-g",	    "-q",     "-o", "/dev/null",   "--", "true",
			NULL};
	int errfd = memfd_create("kmb-perf-err", MFD_CLOEXEC);
	if (errfd < 0 || perfrec_run_tool(argv, -1, errfd, 30) < 0) {
		char why[512], paranoid[32];
		perfrec_first_line(errfd, why, sizeof(why), "no message");
		if (read_file("/proc/sys/kernel/perf_event_paranoid", paranoid, sizeof(paranoid)) <
		    0)
			snprintf(paranoid, sizeof(paranoid), "?");
		paranoid[strcspn(paranoid, "\n")] = '\0';
		strf(err, errlen,
		     "--perf: '%s record -e " PERFREC_EVENT " -g' fails here "
		     "(kernel.perf_event_paranoid = %s): %s",
		     pr->binary, paranoid, why);
		if (errfd >= 0)
			close(errfd);
		return -1;
	}
	close(errfd);
	perfrec_read_version(pr->binary, pr->version, sizeof(pr->version));
	return 0;
}

char **perfrec_join_argv(char *const *record, const char *cgpath, char *const *argv)
{
	char *tail[] = {"--", "sh", "-c", (char *)wrapper, (char *)cgpath};
	size_t nr = 0, nt = sizeof(tail) / sizeof(tail[0]), na = 0;
	while (record[nr])
		nr++;
	while (argv[na])
		na++;
	char **v = calloc(nr + nt + na + 1, sizeof(*v));
	if (!v)
		return NULL;
	memcpy(v, record, nr * sizeof(*v));
	memcpy(v + nr, tail, sizeof(tail));
	memcpy(v + nr + nt, argv, na * sizeof(*v));
	return v;
}

char **perfrec_argv(const struct perfrec *pr, const char *cgpath, char *const *argv)
{
	char *record[] = {(char *)pr->binary,
			  "record",
			  "-e",
			  PERFREC_EVENT,
			  "-F",
			  STR(PERFREC_FREQ),
			  "-g",
			  "-q",
			  "-o",
			  (char *)pr->data,
			  NULL};
	return perfrec_join_argv(record, cgpath, argv);
}

/* One parse feeds both the attribution and the folded stacks. */
struct consumers {
	struct perfattr attr;
	struct perffold fold;
};

static void consume(const struct perf_sample *s, void *arg)
{
	struct consumers *c = arg;
	perfattr_add(s, &c->attr);
	perffold_add(s, &c->fold);
}

/* perf script of pr->data into memfd @out; -1 with one line in @err. */
static int script(const struct perfrec *pr, int out, char *err, size_t errlen)
{
	char *argv[] = {(char *)pr->binary,    "script", "-i", (char *)pr->data, "-F",
			"comm,tid,ip,sym,dso", NULL};
	int errfd = memfd_create("kmb-perf-err", MFD_CLOEXEC);
	int rc = errfd < 0 ? -1 : perfrec_run_tool(argv, out, errfd, 600);
	if (rc < 0) {
		char why[400];
		perfrec_first_line(errfd, why, sizeof(why), "no message");
		snprintf(err, errlen, "perf script failed: %s", why);
	}
	if (errfd >= 0)
		close(errfd);
	return rc;
}

/* xz-compresses @path in place when it is large; returns true when it did. */
static bool maybe_xz(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0 || st.st_size <= FOLDED_XZ_BYTES || !util_executable("xz"))
		return false;
	char *argv[] = {"xz", "-f", "-q", (char *)path, NULL};
	return perfrec_run_tool(argv, -1, -1, 300) == 0;
}

/* Writes OUTDIR/perf/@name.folded (maybe .xz); its path in the result set, or null. */
static json_t *write_folded(const struct perfrec *pr, struct perffold *f, const char *name)
{
	char dir[PATH_MAX], rel[PATH_MAX], path[PATH_MAX];
	if (!pr->outdir[0] || !f->n || f->oom)
		return json_null();
	if (strf(dir, sizeof(dir), "%s/perf", pr->outdir) < 0 ||
	    (mkdir(dir, 0755) < 0 && errno != EEXIST) ||
	    strf(rel, sizeof(rel), "perf/%s.folded", name) < 0 ||
	    strf(path, sizeof(path), "%s/%s", pr->outdir, rel) < 0)
		return json_null();
	FILE *fp = fopen(path, "we");
	if (!fp)
		return json_null();
	int rc = perffold_write(f, fp);
	if (fclose(fp) != 0 || rc < 0) {
		unlink(path);
		return json_null();
	}
	return maybe_xz(path) ? json_sprintf("%s.xz", rel) : json_string(rel);
}

/* The summary of parsed samples, with how they were taken. */
static json_t *summary(const struct perfrec *pr, struct consumers *c, const char *name)
{
	json_t *j = perfattr_json(&c->attr);
	if (!j)
		return NULL;
	json_object_set_new(j, "event", json_string(PERFREC_EVENT));
	json_object_set_new(j, "frequency", json_integer(PERFREC_FREQ));
	json_object_set_new(j, "folded", write_folded(pr, &c->fold, name));
	json_object_set_new(j, "error", json_null());
	return j;
}

/* "dentry-walk_16M-4M_r1": the trial's file name in OUTDIR/perf/. */
static void trial_name(const struct trial *t, char *buf, size_t n)
{
	snprintf(buf, n, "%s_%s_r%d", t->workload, t->step, t->rep);
	for (char *p = buf; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '-';
}

json_t *perfrec_summarise(const struct perfrec *pr, const struct trial *t)
{
	struct consumers c;
	char err[512] = "", name[160];
	trial_name(t, name, sizeof(name));
	json_t *res = NULL;
	perfattr_init(&c.attr);
	perffold_init(&c.fold);
	int out = memfd_create("kmb-perf-script", MFD_CLOEXEC);
	if (out < 0) {
		snprintf(err, sizeof(err), "cannot make a memfd: %s", strerror(errno));
	} else if (script(pr, out, err, sizeof(err)) == 0) {
		FILE *f = lseek(out, 0, SEEK_SET) == 0 ? fdopen(out, "r") : NULL;
		if (f && perfscript_parse(f, consume, &c) >= 0 && !c.attr.oom)
			res = summary(pr, &c, name);
		else
			snprintf(err, sizeof(err), "cannot read perf script output");
		if (f)
			fclose(f);
		out = f ? -1 : out;
	}
	if (out >= 0)
		close(out);
	perfattr_free(&c.attr);
	perffold_free(&c.fold);
	unlink(pr->data);
	if (!res)
		res = json_pack("{s:s, s:n, s:[]}", "error", err, "memcg_share", "top");
	return res;
}

json_t *perfrec_env_json(const struct perfrec *pr, int reps)
{
	json_t *pat = json_array();
	for (size_t i = 0; perfattr_patterns[i]; i++)
		json_array_append_new(pat, json_string(perfattr_patterns[i]));
	return json_pack("{s:s, s:s, s:s, s:i, s:b, s:i, s:o}", "program", pr->binary, "version",
			 pr->version, "event", PERFREC_EVENT, "frequency", PERFREC_FREQ,
			 "call_graph", 1, "reps", reps, "memcg_patterns", pat);
}
