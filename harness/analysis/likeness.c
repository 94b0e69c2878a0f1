/* likeness.c - machine identity of a result set, and the workload-options guard (likeness.h). */
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jfield.h"
#include "likeness.h"

/* Sets @key in @flat to a string made from @fmt, unless a value is missing (NULL). */
static void put(json_t *flat, const char *key, const char *val)
{
	if (val && *val)
		json_object_set_new(flat, key, json_string(val));
}

/* "L1d" / "L1i" / "L2" / "L3" from a cache level and type. */
static void cache_key(int level, const char *type, char *key, size_t n)
{
	const char *t = !strcmp(type, "Data") ? "d" : !strcmp(type, "Instruction") ? "i" : "";
	snprintf(key, n, "%sL%d%s", "", level, t);
}

/* env.machine (or host_machine) into @flat, keys prefixed with @pre. */
static void flatten_machine(const json_t *m, const char *pre, json_t *flat)
{
	char key[64], v[256];
	const json_t *cpu = json_object_get(m, "cpu"), *cpus = json_object_get(m, "cpus");
#define KEY(k) (snprintf(key, sizeof(key), "%s%s", pre, k), key)
	put(flat, KEY("cpu"), jstr(cpu, "model_name", NULL));
	put(flat, KEY("vendor"), jstr(cpu, "vendor", NULL));
	snprintf(v, sizeof(v), "%s/%s/%s", jstr(cpu, "family", "?"), jstr(cpu, "model", "?"),
		 jstr(cpu, "stepping", "?"));
	if (cpu)
		put(flat, KEY("family/model/stepping"), v);
	put(flat, KEY("microcode"), jstr(cpu, "microcode", NULL));
	if (json_is_integer(json_object_get(cpus, "logical"))) {
		snprintf(v, sizeof(v), "%lld", (long long)jint(cpus, "logical", 0));
		put(flat, KEY("cpus"), v);
	}
	put(flat, KEY("smt"), jstr(cpus, "smt_active", NULL));
	const json_t *hv = json_object_get(m, "hypervisor");
	snprintf(v, sizeof(v), "%s %s %s", jstr(hv, "type", ""), jstr(hv, "vendor", ""),
		 jstr(hv, "product", ""));
	if (strspn(v, " ") < strlen(v))
		put(flat, KEY("hypervisor"), v);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(m, "caches"), i, c)
	{
		char ck[16];
		cache_key((int)jint(c, "level", 0), jstr(c, "type", ""), ck, sizeof(ck));
		snprintf(v, sizeof(v), "%lldK", (long long)jint(c, "size_kb", 0));
		put(flat, KEY(ck), v);
	}
#undef KEY
}

/* The whole of an .xz file, decoded, NUL-terminated (malloc'ed), or NULL. */
static char *read_xz(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = 1 << 20, used = 0;
	char *out = malloc(cap);
	uint8_t in[1 << 14];
	lzma_ret r = out ? lzma_stream_decoder(&s, UINT64_MAX, 0) : LZMA_MEM_ERROR;
	s.next_in = in;
	while (r == LZMA_OK) {
		if (!s.avail_in && !feof(f)) {
			s.avail_in = fread(in, 1, sizeof(in), f);
			s.next_in = in;
		}
		if (cap - used < 2) {
			char *o = realloc(out, cap *= 2);
			if (!o) {
				r = LZMA_MEM_ERROR;
				break;
			}
			out = o;
		}
		s.next_out = (uint8_t *)out + used;
		s.avail_out = cap - used - 1;
		r = lzma_code(&s, feof(f) && !s.avail_in ? LZMA_FINISH : LZMA_RUN);
		used = cap - 1 - s.avail_out;
	}
	lzma_end(&s);
	fclose(f);
	if (r != LZMA_STREAM_END) {
		free(out);
		return NULL;
	}
	out[used] = '\0';
	return out;
}

/* Google Benchmark's context of a micro set (DIR/gbench.json or .xz), or NULL. */
static json_t *gbench_context(const char *dir)
{
	char p[4096];
	snprintf(p, sizeof(p), "%s/gbench.json", dir);
	json_t *j = json_load_file(p, 0, NULL);
	if (!j) {
		snprintf(p, sizeof(p), "%s/gbench.json.xz", dir);
		char *text = read_xz(p);
		j = text ? json_loads(text, 0, NULL) : NULL;
		free(text);
	}
	json_t *c = json_incref(json_object_get(j, "context"));
	json_decref(j);
	return c;
}

/* The flat identity from a Google Benchmark context. */
static void flatten_gbench(const json_t *ctx, json_t *flat)
{
	char v[64], ck[16];
	snprintf(v, sizeof(v), "%lld", (long long)jint(ctx, "num_cpus", 0));
	put(flat, "cpus", v);
	snprintf(v, sizeof(v), "%lld", (long long)jint(ctx, "mhz_per_cpu", 0));
	put(flat, "mhz", v);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(ctx, "caches"), i, c)
	{
		cache_key((int)jint(c, "level", 0), jstr(c, "type", ""), ck, sizeof(ck));
		snprintf(v, sizeof(v), "%lldK", (long long)jint(c, "size", 0) / 1024);
		put(flat, ck, v);
	}
}

json_t *likeness_machine(const char *path, const struct result_set *r)
{
	const json_t *m = json_object_get(r->env, "machine");
	json_t *flat = json_object();
	if (json_is_object(m)) {
		flatten_machine(m, "", flat);
		const json_t *h = json_object_get(r->env, "host_machine");
		if (json_is_object(h))
			flatten_machine(h, "host.", flat);
		json_object_set_new(flat, "source", json_string("env.machine"));
		return flat;
	}
	/* A guest's gbench context describes QEMU's CPU, not the host that set its speed. */
	json_t *ctx = strcmp(r->virt, "tcg") ? gbench_context(path) : NULL;
	if (ctx) {
		flatten_gbench(ctx, flat);
		json_decref(ctx);
		json_object_set_new(flat, "source", json_string("gbench context"));
		return flat;
	}
	json_decref(flat);
	return NULL;
}

int likeness_machine_diff(const json_t *a, const json_t *b, char *buf, size_t len)
{
	const char *k;
	json_t *va;
	int shared = 0, n = 0;
	size_t used = 0;
	buf[0] = '\0';
	if (!a || !b)
		return -1;
	json_object_foreach((json_t *)a, k, va)
	{
		const json_t *vb = json_object_get(b, k);
		if (!strcmp(k, "source") || !vb)
			continue;
		shared++;
		if (json_equal(va, vb))
			continue;
		int w = snprintf(buf + used, len - used, "%s%s %s vs %s", n ? ", " : "", k,
				 json_string_value(va), json_string_value(vb));
		if (w > 0 && (size_t)w < len - used)
			used += (size_t)w;
		n++;
	}
	return shared ? n : -1;
}

/* env.scratch_fs's type: an object's "type" or the string itself. */
static const char *fs_type_of(const struct result_set *r)
{
	const json_t *fs = json_object_get(r->env, "scratch_fs");
	return json_is_string(fs) ? json_string_value(fs) : jstr(fs, "type", "");
}

bool likeness_workload_same(const struct result_set *a, const struct result_set *b, const char *wl,
			    char *why, size_t len)
{
	const json_t *oa = json_object_get(
			 json_object_get(json_object_get(a->env, "workloads"), wl), "options"),
		     *ob = json_object_get(
			 json_object_get(json_object_get(b->env, "workloads"), wl), "options");
	size_t used = 0;
	const char *k;
	json_t *v;
	why[0] = '\0';
	json_object_foreach((json_t *)oa, k, v)
	{
		const json_t *w = json_object_get(ob, k);
		if (!w || json_equal(v, w))
			continue;
		char *x = json_dumps(v, JSON_ENCODE_ANY), *y = json_dumps(w, JSON_ENCODE_ANY);
		int n = snprintf(why + used, len - used, "%s%s %s vs %s",
				 used ? ", " : "options differ: ", k, x ? x : "?", y ? y : "?");
		free(x);
		free(y);
		if (n > 0 && (size_t)n < len - used)
			used += (size_t)n;
	}
	const char *fa = fs_type_of(a), *fb = fs_type_of(b);
	if (*fa && *fb && strcmp(fa, fb))
		snprintf(why + used, len - used, "%sscratch filesystem %s vs %s", used ? "; " : "",
			 fa, fb);
	return why[0] == '\0';
}

json_t *likeness_model(const char *const *paths, const char *const *names,
		       const struct result_set *runs, size_t n)
{
	json_t *base = n ? likeness_machine(paths[0], &runs[0]) : NULL, *sets = json_array();
	for (size_t i = 1; i < n; i++) {
		char diff[1024];
		json_t *id = likeness_machine(paths[i], &runs[i]);
		int d = likeness_machine_diff(base, id, diff, sizeof(diff));
		json_array_append_new(sets, json_pack("{s:s, s:b, s:b, s:s}", "name", names[i],
						      "known", d >= 0, "differs", d > 0, "text",
						      d > 0 ? diff : ""));
		json_decref(id);
	}
	return json_pack("{s:o, s:o}", "base", base ? base : json_null(), "sets", sets);
}

bool likeness_differs(const json_t *machine, size_t i)
{
	const json_t *s = json_array_get(json_object_get(machine, "sets"), i - 1);
	return json_is_true(json_object_get(s, "differs"));
}

const char *likeness_change_label(const json_t *model, size_t i)
{
	return likeness_differs(json_object_get(model, "machine"), i) ? "kernel+machine" : "change";
}

void likeness_print(const json_t *model, bool md, FILE *f)
{
	const json_t *m = json_object_get(model, "machine");
	const char *b = md ? "**" : "", *end = md ? "  \n" : "\n";
	const char *base = jstr(model, "base", "");
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(m, "sets"), i, s)
	{
		if (json_is_true(json_object_get(s, "differs")))
			fprintf(f,
				"%sMACHINE DIFFERS%s: %s vs %s ran on different machines (%s); its "
				"change column is kernel+machine, not the kernel's alone%s",
				b, b, base, jstr(s, "name", ""), jstr(s, "text", ""), end);
		else if (!json_is_true(json_object_get(s, "known")))
			fprintf(f,
				"machine unknown: %s vs %s: a set does not record its machine "
				"(env.machine, since 2026-12-03): a change may be the machine's%s",
				base, jstr(s, "name", ""), end);
	}
	json_array_foreach(json_object_get(model, "not_compared"), i, s)
	    fprintf(f, "%sNOT COMPARED%s: %s in %s against the base: %s%s", b, b,
		    jstr(s, "workload", ""), jstr(s, "set", ""), jstr(s, "why", ""), end);
}
