/* plot.c - exports limit-vs-sys data and runs the gnuplot script on it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/fmt.h"
#include "analysis/metrics.h"
#include "analysis/plot.h"
#include "analysis/stats.h"

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n > k && !strcmp(s + n - k, suf);
}

/* Directory part of @path ("." when none). */
static void dir_of(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, len, ".");
	else if (slash == path)
		snprintf(dir, len, "/");
	else
		snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

int plot_check_out(const char *out, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	struct stat st;
	if (!has_suffix(out, ".png") && !has_suffix(out, ".svg")) {
		snprintf(err, errlen,
			 "bad output '%s' (accepted: a file name ending in .png or .svg)", out);
		return -1;
	}
	dir_of(out, dir, sizeof(dir));
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "bad output '%s': directory '%s' does not exist", out, dir);
		return -1;
	}
	return 0;
}

/* True when DIR/limit-vs-sys.gp exists; fills @path. */
static int script_in(const char *dir, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", dir, PLOT_SCRIPT);
	return access(path, R_OK) == 0;
}

int plot_find_script(char *path, size_t len, char *err, size_t errlen)
{
	const char *env = getenv("KMEMBENCH_PLOTS");
	if (env && *env)
		if (script_in(env, path, len))
			return 0;
	char exe[PATH_MAX], dir[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		snprintf(dir, sizeof(dir), "%s/../plots", exe);
		if (script_in(dir, path, len))
			return 0;
		snprintf(dir, sizeof(dir), "%s/../../plots", exe);
		if (script_in(dir, path, len))
			return 0;
	}
	if (script_in("plots", path, len))
		return 0;
	snprintf(err, errlen,
		 "cannot find plots/%s (set KMEMBENCH_PLOTS to the directory holding it)",
		 PLOT_SCRIPT);
	return -1;
}

/* gnuplot string literal body: single quotes doubled. */
static void gp_quote(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc(*s, f);
	}
}

/* Median of @m in a cell, NAN when it has no values; *@s gets all stats. */
static double cell_median(const struct result_set *r, const char *wl, const char *step, enum metric m,
			  struct sample_stats *s)
{
	metric_describe(r, wl, step, m, s);
	return s->median;
}

static void dat_num(FILE *f, double v)
{
	if (isnan(v))
		fputs(" ?", f);
	else
		fprintf(f, " %.6g", v);
}

/* Writes W-K.dat: one line per limited step of @wl in set @r. Tracks the x range. */
static int write_dat(const char *dir, size_t w, size_t k, const struct result_set *r, const char *wl,
		     double *xmin, double *xmax)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/%zu-%zu.dat", dir, w, k);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "# %s: hard_bytes hard sys_median ci_lo ci_hi failcnt_median ok trials\n", wl);
	const char **steps;
	size_t ns = metric_steps(r, wl, &steps);
	for (size_t i = 0; i < ns; i++) {
		const struct trial *t = metric_find_trial(r, wl, steps[i]);
		if (!t->hard_bytes)
			continue;
		struct sample_stats s, fc;
		struct cell_counts c;
		char lab[32];
		double med = cell_median(r, wl, steps[i], METRIC_SYS, &s);
		double half = isnan(s.ci_half) ? 0 : s.ci_half;
		cell_median(r, wl, steps[i], METRIC_FAILCNT, &fc);
		metric_cell_count(r, wl, steps[i], &c);
		fprintf(f, "%llu %s", (unsigned long long)t->hard_bytes,
			fmt_bytes(lab, sizeof(lab), (double)t->hard_bytes));
		dat_num(f, med);
		dat_num(f, med - half);
		dat_num(f, med + half);
		dat_num(f, fc.median);
		fprintf(f, " %zu %zu\n", c.ok, c.total);
		*xmin = fmin(*xmin, (double)t->hard_bytes);
		*xmax = fmax(*xmax, (double)t->hard_bytes);
	}
	free(steps);
	return fclose(f);
}

/* gnuplot number or NaN. */
static void gp_num(FILE *f, const char *name, double v)
{
	if (isnan(v))
		fprintf(f, "%s = NaN\n", name);
	else
		fprintf(f, "%s = %.6g\n", name, v);
}

/* Writes the per-workload lines of meta.gp and every W-K.dat. */
static int write_workload(FILE *meta, const char *dir, const struct setlist *rs, size_t w,
			  const char *wl, double *xmin, double *xmax)
{
	fprintf(meta, "workload_%zu = '", w);
	gp_quote(meta, wl);
	fputs("'\n", meta);
	for (size_t k = 1; k <= rs->n; k++) {
		const struct result_set *r = &rs->runs[k - 1];
		struct sample_stats s;
		char name[64];
		snprintf(name, sizeof(name), "root_%zu_%zu", w, k);
		gp_num(meta, name, cell_median(r, wl, "root", METRIC_SYS, &s));
		snprintf(name, sizeof(name), "unlimited_%zu_%zu", w, k);
		gp_num(meta, name, cell_median(r, wl, "unlimited", METRIC_SYS, &s));
		if (write_dat(dir, w, k, r, wl, xmin, xmax) < 0)
			return -1;
	}
	return 0;
}

/* Writes DIR/meta.gp and the data files. */
static int export_data(const struct setlist *rs, const char *dir)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof(path), "%s/meta.gp", dir);
	FILE *meta = fopen(path, "w");
	if (!meta)
		return -1;
	const char **wl;
	size_t nw = setlist_workloads(rs, &wl);
	fprintf(meta, "# written by kmembench plot from:");
	for (size_t k = 0; k < rs->n; k++)
		fprintf(meta, " %s", rs->paths[k]);
	fprintf(meta, "\nnsets = %zu\nnworkloads = %zu\n", rs->n, nw);
	for (size_t k = 0; k < rs->n; k++) {
		fprintf(meta, "set_%zu = '", k + 1);
		gp_quote(meta, rs->names[k]);
		fputs("'\n", meta);
	}
	double xmin = INFINITY, xmax = 0;
	int rc = 0;
	for (size_t w = 0; w < nw && rc == 0; w++)
		rc = write_workload(meta, dir, rs, w + 1, wl[w], &xmin, &xmax);
	free(wl);
	if (xmax == 0) /* no limited step anywhere: a neutral range */
		xmin = 1 << 20, xmax = 16 << 20;
	fprintf(meta, "xmin = %.0f\nxmax = %.0f\n", xmin / 1.5, xmax * 1.5);
	return fclose(meta) || rc ? -1 : 0;
}

/* Runs gnuplot on @script; its stderr goes to @log. Returns its exit status or -1. */
static int run_gnuplot(const char *script, const char *data, const char *out, const char *log)
{
	char *expr = NULL;
	size_t len = 0;
	FILE *e = open_memstream(&expr, &len);
	if (!e)
		return -1;
	fputs("data='", e);
	gp_quote(e, data);
	fputs("'; out='", e);
	gp_quote(e, out);
	fputs("'", e);
	fclose(e);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd >= 0)
			dup2(fd, 2);
		execlp("gnuplot", "gnuplot", "-e", expr, script, (char *)NULL);
		_exit(127);
	}
	free(expr);
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Copies the last non-empty line of @log into @err. */
static void last_line(const char *log, char *buf, size_t len)
{
	FILE *f = fopen(log, "r");
	char line[512];
	buf[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (line[0] != '\n') {
			line[strcspn(line, "\n")] = '\0';
			snprintf(buf, len, "%.300s", line);
		}
	fclose(f);
}

/* Renders @tmp from @data; 0 when gnuplot succeeded and left a non-empty file. */
static int render(const char *script, const char *data, const char *tmp, char *err, size_t errlen)
{
	char log[PATH_MAX + 16], why[400];
	snprintf(log, sizeof(log), "%s/gnuplot.log", data);
	int rc = run_gnuplot(script, data, tmp, log);
	struct stat st;
	if (rc == 0 && stat(tmp, &st) == 0 && st.st_size > 0)
		return 0;
	last_line(log, why, sizeof(why));
	if (rc == 127)
		snprintf(err, errlen, "cannot run gnuplot (install gnuplot-nox)");
	else
		snprintf(err, errlen, "gnuplot failed (status %d): %s (log: %s)", rc, why, log);
	return -1;
}

int plot_render(const struct setlist *rs, const char *out, char *err, size_t errlen)
{
	char script[PATH_MAX], data[PATH_MAX], tmp[PATH_MAX + 32], dir[PATH_MAX];
	if (plot_find_script(script, sizeof(script), err, errlen) < 0)
		return -1;
	snprintf(data, sizeof(data), "%.*s.data", (int)(strlen(out) - 4), out);
	if (mkdir(data, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", data, strerror(errno));
		return -1;
	}
	if (export_data(rs, data) < 0) {
		snprintf(err, errlen, "cannot write data into %s: %s", data, strerror(errno));
		return -1;
	}
	dir_of(out, dir, sizeof(dir));
	const char *base = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
	snprintf(tmp, sizeof(tmp), "%s/.tmp%ld-%s", dir, (long)getpid(), base);
	if (render(script, data, tmp, err, errlen) < 0) {
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, out) < 0) {
		snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, out, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}
