/* machine.c - read the machine's identity from /proc, /sys and the kernel config (machine.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include "machine.h"
#include "util.h"

#define CPU0 "/sys/devices/system/cpu/cpu0"

/* Kernel config options that change what accounting costs (prefix matches). */
static const char *const config_keys[] = {
    "CONFIG_MEMCG",
    "CONFIG_SLAB",
    "CONFIG_SLUB",
    "CONFIG_PREEMPT",
    "CONFIG_RANDOM_KMALLOC_CACHES",
    "CONFIG_INIT_ON_",
    "CONFIG_KASAN",
    "CONFIG_KFENCE",
    "CONFIG_HZ",
    "CONFIG_RANDOMIZE_BASE",
    "CONFIG_SHUFFLE_PAGE_ALLOCATOR",
    "CONFIG_DEBUG_VM",
    "CONFIG_PROVE_LOCKING",
    "CONFIG_LOCKDEP",
    "CONFIG_CGROUP_WRITEBACK",
    "CONFIG_NUMA",
    "CONFIG_NR_CPUS",
    "CONFIG_TRANSPARENT_HUGEPAGE",
};

/* A one-line sysfs/procfs value, trimmed, or JSON null. */
static json_t *line_of(const char *path)
{
	char buf[512];
	if (read_file(path, buf, sizeof(buf)) < 0)
		return json_null();
	return json_string(str_trim(buf));
}

/* The bracketed choice of a "a [b] c" file (THP), or null. */
static json_t *choice_of(const char *path)
{
	char buf[256];
	if (read_file(path, buf, sizeof(buf)) < 0)
		return json_null();
	char *o = strchr(buf, '['), *c = o ? strchr(o, ']') : NULL;
	if (!c)
		return json_string(str_trim(buf));
	*c = '\0';
	return json_string(o + 1);
}

/* The value of "key : value" in the first processor block of /proc/cpuinfo. */
static void cpuinfo_field(const char *text, const char *key, char *out, size_t n)
{
	size_t k = strlen(key);
	out[0] = '\0';
	for (const char *l = text; l && *l && *l != '\n'; l = strchr(l, '\n'), l = l ? l + 1 : l) {
		if (strncmp(l, key, k) || (l[k] != '\t' && l[k] != ' ' && l[k] != ':'))
			continue;
		const char *v = strchr(l, ':');
		if (!v)
			return;
		v += strspn(v + 1, " ") + 1;
		snprintf(out, n, "%.*s", (int)strcspn(v, "\n"), v);
		return;
	}
}

/* Distinct "physical id/core id" pairs: the physical cores. */
static int count_cores(const char *text)
{
	char seen[256][40];
	int n = 0;
	const char *p = text;
	while ((p = strstr(p, "physical id"))) {
		char pid[16], cid[16], key[40];
		cpuinfo_field(p, "physical id", pid, sizeof(pid));
		const char *c = strstr(p, "core id");
		if (!c)
			break;
		cpuinfo_field(c, "core id", cid, sizeof(cid));
		snprintf(key, sizeof(key), "%s/%s", pid, cid);
		int i = 0;
		while (i < n && strcmp(seen[i], key))
			i++;
		if (i == n && n < 256)
			snprintf(seen[n++], sizeof(seen[0]), "%s", key);
		p = c + 1;
	}
	return n;
}

static json_t *cpu_json(const char *text)
{
	static const char *const keys[][2] = {
	    {"vendor_id", "vendor"}, {"model name", "model_name"}, {"cpu family", "family"},
	    {"model", "model"},	     {"stepping", "stepping"},	   {"microcode", "microcode"},
	};
	json_t *o = json_object();
	char v[256];
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		cpuinfo_field(text, keys[i][0], v, sizeof(v));
		json_object_set_new(o, keys[i][1], v[0] ? json_string(v) : json_null());
	}
	char flags[4096];
	cpuinfo_field(text, "flags", flags, sizeof(flags));
	json_object_set_new(o, "flags_hypervisor",
			    json_boolean(strstr(flags, " hypervisor") != NULL));
	return o;
}

/* cpu0's caches: index0..N of /sys/devices/system/cpu/cpu0/cache. */
static json_t *caches_json(void)
{
	json_t *a = json_array();
	for (int i = 0; i < 8; i++) {
		char p[128], lvl[16], type[32], size[32], ways[16], shared[64];
#define RD(f, b) (snprintf(p, sizeof(p), CPU0 "/cache/index%d/" f, i), read_file(p, b, sizeof(b)))
		if (RD("level", lvl) < 0)
			break;
		if (RD("type", type) < 0 || RD("size", size) < 0)
			continue;
		if (RD("ways_of_associativity", ways) < 0)
			ways[0] = '\0';
		if (RD("shared_cpu_list", shared) < 0)
			shared[0] = '\0';
#undef RD
		json_array_append_new(a, json_pack("{s:i, s:s, s:i, s:i, s:s}", "level", atoi(lvl),
						   "type", str_trim(type), "size_kb", atoi(size),
						   "ways", atoi(ways), "shared_cpus",
						   str_trim(shared)));
	}
	return a;
}

static json_t *mitigations_json(void)
{
	const char *dir = "/sys/devices/system/cpu/vulnerabilities";
	DIR *d = opendir(dir);
	json_t *o = json_object();
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char p[512];
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		json_object_set_new(o, e->d_name, line_of(p));
	}
	if (d)
		closedir(d);
	return o;
}

/* Options of interest from one config line into @opts. */
static void config_line(const char *l, json_t *opts)
{
	char name[128];
	const char *v = NULL;
	if (!strncmp(l, "# CONFIG_", 9) && strstr(l, " is not set")) {
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(l + 2, " "), l + 2);
		v = "n";
	} else if (!strncmp(l, "CONFIG_", 7) && strchr(l, '=')) {
		snprintf(name, sizeof(name), "%.*s", (int)(strchr(l, '=') - l), l);
		v = strchr(l, '=') + 1;
	} else {
		return;
	}
	for (size_t i = 0; i < sizeof(config_keys) / sizeof(config_keys[0]); i++)
		if (!strncmp(name, config_keys[i], strlen(config_keys[i]))) {
			char val[128];
			snprintf(val, sizeof(val), "%.*s", (int)strcspn(v, "\n"), v);
			json_object_set_new(opts, name, json_string(val));
			return;
		}
}

/* /proc/config.gz or /boot/config-RELEASE: {source, crc32, options}, or null. */
static json_t *config_json(const char *release)
{
	char boot[256], line[1024];
	snprintf(boot, sizeof(boot), "/boot/config-%s", release);
	const char *given = getenv(MACHINE_KCONFIG_ENV);
	const char *src = given && *given			 ? given
			  : access("/proc/config.gz", R_OK) == 0 ? "/proc/config.gz"
								 : boot;
	gzFile f = gzopen(src, "rb"); /* reads plain files too */
	if (!f)
		return json_null();
	uLong crc = crc32(0L, Z_NULL, 0);
	json_t *opts = json_object();
	while (gzgets(f, line, sizeof(line))) {
		crc = crc32(crc, (const Bytef *)line, (uInt)strlen(line));
		config_line(line, opts);
	}
	gzclose(f);
	char hex[16];
	snprintf(hex, sizeof(hex), "%08lx", crc);
	return json_pack("{s:s, s:s, s:o}", "source", src, "crc32", hex, "options", opts);
}

static json_t *preempt_json(const struct utsname *u)
{
	const char *v = u->version;
	const char *model = strstr(v, "PREEMPT_RT")	   ? "PREEMPT_RT"
			    : strstr(v, "PREEMPT_DYNAMIC") ? "PREEMPT_DYNAMIC"
			    : strstr(v, "PREEMPT")	   ? "PREEMPT"
							   : "none";
	char cmd[4096] = "", *p;
	read_file("/proc/cmdline", cmd, sizeof(cmd));
	p = strstr(cmd, "preempt=");
	return json_pack("{s:s, s:o}", "build", model, "cmdline",
			 p ? json_stringn(p + 8, strcspn(p + 8, " \n")) : json_null());
}

json_t *machine_json(void)
{
	static char text[1 << 16];
	struct utsname u;
	uname(&u);
	if (read_file("/proc/cpuinfo", text, sizeof(text)) < 0)
		text[0] = '\0';
	const char *second = strstr(text, "\n\n");
	if (second)
		((char *)second)[1] = '\0'; /* the first processor block for the fields */
	json_t *cpu = cpu_json(text);
	if (second)
		((char *)second)[1] = '\n';
	long logical = sysconf(_SC_NPROCESSORS_CONF);
	json_t *cpus = json_pack("{s:I, s:i, s:o, s:o}", "logical", (json_int_t)logical, "cores",
				 count_cores(text), "smt_control",
				 line_of("/sys/devices/system/cpu/smt/control"), "smt_active",
				 line_of("/sys/devices/system/cpu/smt/active"));
	json_t *freq =
	    json_pack("{s:o, s:o, s:o}", "driver", line_of(CPU0 "/cpufreq/scaling_driver"),
		      "governor", line_of(CPU0 "/cpufreq/scaling_governor"), "boost",
		      line_of("/sys/devices/system/cpu/cpufreq/boost"));
	json_t *hv = json_pack("{s:o, s:o, s:o}", "type", line_of("/sys/hypervisor/type"), "vendor",
			       line_of("/sys/class/dmi/id/sys_vendor"), "product",
			       line_of("/sys/class/dmi/id/product_name"));
	json_t *thp = json_pack("{s:o, s:o}", "enabled",
				choice_of("/sys/kernel/mm/transparent_hugepage/enabled"), "defrag",
				choice_of("/sys/kernel/mm/transparent_hugepage/defrag"));
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "cpu", cpu, "caches",
			 caches_json(), "cpus", cpus, "freq", freq, "hypervisor", hv, "mitigations",
			 mitigations_json(), "thp", thp, "preempt", preempt_json(&u),
			 "kernel_config", config_json(u.release));
}

json_t *machine_host_json(void)
{
	const char *p = getenv(MACHINE_HOST_ENV);
	if (!p || !*p)
		return NULL;
	json_t *j = json_load_file(p, 0, NULL);
	if (j && !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}
