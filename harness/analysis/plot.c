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

#include "fmt.h"
#include "metrics.h"
#include "plot.h"
#include "stats.h"
#include "util.h"

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
	if (!has_suffix(out, ".png") && !has_suffix(out, ".svg")) {
		snprintf(err, errlen,
			 "bad output '%s' (accepted: a file name ending in .png or .svg)", out);
		return -1;
	}
	if (util_out_dir_ok(out, dir, sizeof(dir)) < 0) {
		snprintf(err, errlen, "bad output '%s': %s", out, dir);
		return -1;
	}
	return 0;
}

/* True when DIR/@name exists; fills @path. */
static int script_in(const char *dir, const char *name, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", dir, name);
	return access(path, R_OK) == 0;
}

int plot_find_script(const char *name, char *path, size_t len, char *err, size_t errlen)
{
	const char *env = getenv("KMEMBENCH_PLOTS");
	if (env && *env)
		if (script_in(env, name, path, len))
			return 0;
	char exe[PATH_MAX], dir[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		snprintf(dir, sizeof(dir), "%s/../plots", exe);
		if (script_in(dir, name, path, len))
			return 0;
		snprintf(dir, sizeof(dir), "%s/../../plots", exe);
		if (script_in(dir, name, path, len))
			return 0;
	}
	if (script_in("plots", name, path, len))
		return 0;
	snprintf(err, errlen,
		 "cannot find plots/%s (set KMEMBENCH_PLOTS to the directory holding it)", name);
	return -1;
}

void plot_gp_quote(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc(*s, f);
	}
}

void plot_dat_num(FILE *f, double v)
{
	if (isnan(v))
		fputs(" ?", f);
	else
		fprintf(f, " %.6g", v);
}

/* Steps of @wl over every set, in ladder order; *@out as for metric_steps. */
static size_t union_steps(const struct setlist *rs, const char *wl, const char ***out)
{
	struct step_ref *s = NULL;
	size_t n = 0;
	*out = NULL;
	for (size_t k = 0; k < rs->n; k++)
		if (metric_steps_collect(&rs->runs[k], wl, &s, &n) < 0) {
			free(s);
			return 0;
		}
	metric_steps_sort(s, n);
	*out = n ? malloc(n * sizeof(**out)) : NULL;
	for (size_t i = 0; *out && i < n; i++)
		(*out)[i] = s[i].label;
	free(s);
	return *out ? n : 0;
}

/* One step of set @r: a point in @f (x, sys/root mean, CI low, CI high) when it has
 * ok trials, a label in @ff when some failed. Widens the y range @y[0..1]. */
static void write_step(FILE *f, FILE *ff, double x, const struct result_set *r, const char *wl,
		       const char *step, const struct sample_stats *root, double *y)
{
	struct cell_counts c;
	struct sample_stats s;
	metric_cell_count(r, wl, step, &c);
	if (!c.total)
		return;
	if (c.ok < c.total) {
		char lab[64];
		metric_fail_label(&c, lab, sizeof(lab));
		fprintf(ff, "%.3f \"%s\"\n", x, lab);
	}
	metric_describe(r, wl, step, METRIC_SYS, &s);
	if (!s.n || !(root->mean > 0))
		return;
	double half = isnan(s.ci_half) ? 0 : s.ci_half;
	fprintf(f, "%.3f", x);
	plot_dat_num(f, s.mean / root->mean);
	plot_dat_num(f, (s.mean - half) / root->mean);
	plot_dat_num(f, (s.mean + half) / root->mean);
	fputc('\n', f);
	y[0] = fmin(y[0], (s.mean - half) / root->mean);
	y[1] = fmax(y[1], (s.mean + half) / root->mean);
}

/* Writes W-K.dat (points) and W-K.fail (failure labels) of set @r at x offset @off. */
static int write_set(const char *dir, size_t w, size_t k, double off, const struct result_set *r,
		     const char *wl, const char **steps, size_t ns, double *y)
{
	char path[PATH_MAX + 64];
	struct sample_stats root;
	metric_describe(r, wl, "root", METRIC_SYS, &root);
	snprintf(path, sizeof(path), "%s/%zu-%zu.dat", dir, w, k);
	FILE *f = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/%zu-%zu.fail", dir, w, k);
	FILE *ff = f ? fopen(path, "w") : NULL;
	if (!ff) {
		if (f)
			fclose(f);
		return -1;
	}
	fprintf(f, "# %s: x sys_over_root ci_lo ci_hi (mean sys / mean root sys, 95%% CI)\n", wl);
	fprintf(ff, "# %s: x label (steps with failed trials)\n", wl);
	for (size_t i = 0; i < ns; i++)
		write_step(f, ff, (double)i + off, r, wl, steps[i], &root, y);
	return (fclose(f) | fclose(ff)) ? -1 : 0;
}

/* Writes the per-workload lines of meta.gp and every W-K.dat/.fail. */
static int write_workload(FILE *meta, const char *dir, const struct setlist *rs, size_t w,
			  const char *wl)
{
	const char **steps;
	size_t ns = union_steps(rs, wl, &steps);
	double y[2] = {1.0, 1.0};
	int rc = 0;
	fprintf(meta, "workload_%zu = '", w);
	plot_gp_quote(meta, wl);
	fprintf(meta, "'\nnsteps_%zu = %zu\nxtics_%zu = '(", w, ns, w);
	for (size_t i = 0; i < ns; i++) {
		fputs(i ? ", \"" : "\"", meta);
		plot_gp_quote(meta, steps[i]);
		fprintf(meta, "\" %zu", i);
	}
	fputs(")'\n", meta);
	for (size_t k = 1; k <= rs->n && rc == 0; k++) {
		double off = rs->n > 1 ? 0.24 * ((double)(k - 1) / (double)(rs->n - 1) - 0.5) : 0;
		rc = write_set(dir, w, k, off, &rs->runs[k - 1], wl, steps, ns, y);
	}
	fprintf(meta, "ybot_%zu = %.6g\nytop_%zu = %.6g\n", w, y[0], w, y[1]);
	free(steps);
	return rc;
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
		plot_gp_quote(meta, rs->names[k]);
		fprintf(meta, " (%s)'\n", rs->runs[k].virt);
	}
	int rc = 0;
	for (size_t w = 0; w < nw && rc == 0; w++)
		rc = write_workload(meta, dir, rs, w + 1, wl[w]);
	free(wl);
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
	plot_gp_quote(e, data);
	fputs("'; out='", e);
	plot_gp_quote(e, out);
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

int plot_render_script(const char *name, plot_export_fn export, const struct setlist *rs,
		       const char *out, char *err, size_t errlen)
{
	char script[PATH_MAX], data[PATH_MAX], tmp[PATH_MAX + 32], dir[PATH_MAX];
	if (plot_find_script(name, script, sizeof(script), err, errlen) < 0)
		return -1;
	snprintf(data, sizeof(data), "%.*s.data", (int)(strlen(out) - 4), out);
	if (mkdir(data, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", data, strerror(errno));
		return -1;
	}
	if (export(rs, data) < 0) {
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

int plot_render(const struct setlist *rs, const char *out, char *err, size_t errlen)
{
	return plot_render_script(PLOT_SCRIPT, export_data, rs, out, err, errlen);
}

/* True for a set that ran under emulation: its timings compare only with its kind. */
static bool plot_is_tcg(const struct result_set *r)
{
	return !strcmp(r->virt, "tcg");
}

/* A view of the sets of @rs whose emulation is @tcg (arrays owned by @v, sets not). */
static int plot_view(const struct setlist *rs, bool tcg, struct setlist *v)
{
	memset(v, 0, sizeof(*v));
	v->runs = calloc(rs->n, sizeof(*v->runs));
	v->paths = calloc(rs->n, sizeof(*v->paths));
	v->names = calloc(rs->n, sizeof(*v->names));
	if (!v->runs || !v->paths || !v->names)
		return -1;
	for (size_t i = 0; i < rs->n; i++)
		if (plot_is_tcg(&rs->runs[i]) == tcg) {
			v->runs[v->n] = rs->runs[i];
			v->paths[v->n] = rs->paths[i];
			v->names[v->n++] = rs->names[i];
		}
	return 0;
}

static void plot_view_free(struct setlist *v)
{
	free(v->runs);
	free((void *)v->paths);
	free(v->names);
}

/* OUT with "-tcg" before its suffix. */
static void plot_tcg_name(const char *out, char *buf, size_t len)
{
	size_t n = strlen(out) - 4;
	snprintf(buf, len, "%.*s-tcg%s", (int)n, out, out + n);
}

int plot_render_split(const struct setlist *rs, const char *out, bool mixed, char outs[2][PATH_MAX],
		      size_t *nouts, char *err, size_t errlen)
{
	size_t ntcg = 0;
	*nouts = 0;
	for (size_t i = 0; i < rs->n; i++)
		ntcg += plot_is_tcg(&rs->runs[i]);
	if (mixed || ntcg == 0 || ntcg == rs->n) {
		snprintf(outs[(*nouts)++], PATH_MAX, "%s", out);
		return plot_render(rs, out, err, errlen);
	}
	for (int tcg = 0; tcg <= 1; tcg++) {
		struct setlist v;
		char *o = outs[*nouts];
		if (tcg)
			plot_tcg_name(out, o, PATH_MAX);
		else
			snprintf(o, PATH_MAX, "%s", out);
		int rc = plot_view(rs, tcg, &v) < 0 ? -1 : plot_render(&v, o, err, errlen);
		plot_view_free(&v);
		if (rc < 0)
			return -1;
		(*nouts)++;
	}
	return 0;
}
