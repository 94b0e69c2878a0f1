/* loadwatch.c - CPU used by others and steal time around a run, from /proc and rusage. */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "loadwatch.h"
#include "util.h"
#include "wl.h"

int loadwatch_parse_stat(const char *text, unsigned long long *busy, unsigned long long *total,
			 unsigned long long *steal)
{
	unsigned long long v[10] = {0};
	const char *l = strstr(text, "cpu ");
	if (!l || (l != text && l[-1] != '\n'))
		return -1;
	int n = sscanf(l, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
		       &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
	if (n < 4)
		return -1;
	/* user nice system idle iowait irq softirq steal guest guest_nice; guest time is
	 * already inside user and nice */
	*total = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
	*busy = v[0] + v[1] + v[2] + v[5] + v[6];
	*steal = v[7];
	return 0;
}

static void read_stat(unsigned long long *busy, unsigned long long *total,
		      unsigned long long *steal)
{
	static char buf[65536];
	*busy = *total = *steal = 0;
	if (read_file("/proc/stat", buf, sizeof(buf)) > 0)
		loadwatch_parse_stat(buf, busy, total, steal);
}

static void read_loadavg(double la[3])
{
	char buf[256];
	la[0] = la[1] = la[2] = -1;
	if (read_file("/proc/loadavg", buf, sizeof(buf)) > 0)
		sscanf(buf, "%lf %lf %lf", &la[0], &la[1], &la[2]);
}

/* CPU seconds of this process and its waited-for children. */
static double own_cpu(void)
{
	struct rusage s, c;
	getrusage(RUSAGE_SELF, &s);
	getrusage(RUSAGE_CHILDREN, &c);
	return (double)(s.ru_utime.tv_sec + s.ru_stime.tv_sec + c.ru_utime.tv_sec +
			c.ru_stime.tv_sec) +
	       (double)(s.ru_utime.tv_usec + s.ru_stime.tv_usec + c.ru_utime.tv_usec +
			c.ru_stime.tv_usec) /
		   1e6;
}

void loadwatch_begin(struct loadwatch *w)
{
	read_loadavg(w->loadavg0);
	read_stat(&w->busy0, &w->total0, &w->steal0);
	w->own0 = own_cpu();
	w->t0 = mono_now();
}

bool loadwatch_was_busy(const json_t *load)
{
	return json_is_true(json_object_get(load, "busy"));
}

json_t *loadwatch_end(const struct loadwatch *w)
{
	unsigned long long busy, total, steal;
	double la[3], wall = mono_now() - w->t0, own = own_cpu() - w->own0;
	long hz = sysconf(_SC_CLK_TCK), ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	read_loadavg(la);
	read_stat(&busy, &total, &steal);
	double busy_s = (double)(busy - w->busy0) / (double)(hz > 0 ? hz : 100);
	double tot = (double)(total - w->total0);
	double busy_cores = wall > 0 ? busy_s / wall : 0;
	double own_cores = wall > 0 ? own / wall : 0;
	double other = busy_cores > own_cores ? busy_cores - own_cores : 0;
	double steal_pct = tot > 0 ? 100.0 * (double)(steal - w->steal0) / tot : 0;
	bool is_busy = other > LOADWATCH_OTHER_CORES_MAX || steal_pct > LOADWATCH_STEAL_PCT_MAX;
	return json_pack("{s:[f,f,f], s:[f,f,f], s:f, s:i, s:f, s:f, s:f, s:f, s:b}",
			 "loadavg_before", w->loadavg0[0], w->loadavg0[1], w->loadavg0[2],
			 "loadavg_after", la[0], la[1], la[2], "wall_s", wall, "ncpus", (int)ncpu,
			 "busy_cores", busy_cores, "own_cores", own_cores, "other_cores", other,
			 "steal_pct", steal_pct, "busy", is_busy);
}

void loadwatch_record(const struct loadwatch *w, json_t *env, FILE *log)
{
	json_t *load = loadwatch_end(w);
	if (loadwatch_was_busy(load))
		fprintf(log,
			"kmembench: warning: the box was busy during this run (others used "
			"%.2f cores, steal %.1f%%): its timings are suspect\n",
			json_real_value(json_object_get(load, "other_cores")),
			json_real_value(json_object_get(load, "steal_pct")));
	json_object_set_new(env, "load", load);
}
