/* report_caches.c - per-cache breakdowns in the markdown report (report_caches.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jfield.h"
#include "caches_view.h"
#include "fmt.h"
#include "metrics.h"
#include "report_caches.h"
#include "table.h"

/* The breakdown of workload @wl at unlimited, else at its first step that has one; the
 * step's label in *@step. JSON null when none. */
static json_t *pick_cell(const struct result_set *r, const char *wl, const char **step)
{
	const char **steps;
	size_t ns = metric_steps(r, wl, &steps);
	json_t *c = caches_view_cell(r, wl, "unlimited");
	*step = "unlimited";
	for (size_t j = 0; j < ns && !json_is_object(c); j++) {
		json_decref(c);
		c = caches_view_cell(r, wl, steps[j]);
		*step = steps[j];
	}
	free(steps);
	return c;
}

/* The markdown table of one workload's top caches. */
static void workload_table(const char *wl, const char *step, const json_t *c, FILE *f)
{
	static const char *const head[] = {"cache", "kind", "objects", "bytes", "% of accounted"};
	struct table t;
	char b[32];
	size_t i;
	json_t *e;
	table_init_head(&t, head, 5);
	t.left = 3;
	json_array_foreach(json_object_get(c, "caches"), i, e)
	{
		if (i >= REPORT_CACHES_TOP)
			break;
		size_t row = (size_t)table_add_row(&t);
		table_set(&t, row, 0, "`%s`", jstr(e, "name", ""));
		table_set(&t, row, 1, "%s", jstr(e, "kind", ""));
		table_set(&t, row, 2, "%.0f", jnum(e, "objects"));
		table_set(&t, row, 3, "%s", fmt_bytes(b, sizeof(b), round(jnum(e, "bytes"))));
		table_set(&t, row, 4, "%.1f", jnum(e, "pct"));
	}
	fprintf(f, "**%s at %s**: %.0f objects, %s accounted per trial%s%s\n\n", wl, step,
		jnum(c, "total_objects"), fmt_bytes(b, sizeof(b), round(jnum(c, "total_bytes"))),
		json_is_string(json_object_get(c, "error")) ? "; " : "", jstr(c, "error", ""));
	table_print_md(&t, f);
	fputc('\n', f);
	table_free(&t);
}

/* Every workload of set @k with a breakdown. */
static void set_tables(const struct setlist *rs, size_t k, FILE *f)
{
	const struct result_set *r = &rs->runs[k];
	const char **wl;
	size_t nw = metric_workloads(r, &wl);
	fprintf(f, "`%s` (kernel %s, %s, cgroup v%d):\n\n", rs->paths[k], r->kernel, r->virt,
		r->cgroup_version);
	for (size_t i = 0; i < nw; i++) {
		const char *step;
		json_t *c = pick_cell(r, wl[i], &step);
		if (json_is_object(c))
			workload_table(wl[i], step, c, f);
		json_decref(c);
	}
	free(wl);
}

/* "`dentry` 192 B (1.00)" of the caches of @op, the top REPORT_CACHES_OP_TOP. */
static void op_top(const json_t *op, char *buf, size_t len)
{
	size_t i, off = 0;
	json_t *e;
	char b[32];
	buf[0] = '\0';
	json_array_foreach(json_object_get(op, "caches"), i, e)
	{
		if (i >= REPORT_CACHES_OP_TOP || off >= len)
			break;
		off += (size_t)snprintf(buf + off, len - off, "%s`%s` %s (%.2f)", i ? ", " : "",
					jstr(e, "name", ""),
					fmt_bytes(b, sizeof(b), round(jnum(e, "bytes_per_op"))),
					jnum(e, "objects_per_op"));
	}
}

/* The ops of micro set @k: bytes and objects per op and the top caches. */
static void micro_table(const struct setlist *micro, size_t k, FILE *f)
{
	static const char *const head[] = {"op", "bytes/op", "objects/op",
					   "top caches: bytes/op (objects/op)"};
	const struct result_set *r = &micro->runs[k];
	struct table t;
	char b[32], top[1024];
	size_t i;
	json_t *op;
	table_init_head(&t, head, 4);
	t.left = 9; /* op and the list */
	json_array_foreach(r->caches, i, op)
	{
		size_t row = (size_t)table_add_row(&t);
		op_top(op, top, sizeof(top));
		table_set(&t, row, 0, "%s", jstr(op, "op", ""));
		table_set(&t, row, 1, "%s",
			  fmt_bytes(b, sizeof(b), round(jnum(op, "bytes_per_op"))));
		table_set(&t, row, 2, "%.2f", jnum(op, "objects_per_op"));
		table_set(&t, row, 3, "%s%s%s", top,
			  json_is_string(json_object_get(op, "error")) ? "; " : "",
			  jstr(op, "error", ""));
	}
	fprintf(f, "`%s` (kernel %s, %s, cgroup v%d), per op in an unlimited cgroup:\n\n",
		micro->paths[k], r->kernel, r->virt, r->cgroup_version);
	table_print_md(&t, f);
	fputc('\n', f);
	table_free(&t);
}

void report_caches_section(const struct setlist *rs, const struct setlist *micro, FILE *f)
{
	bool any = false;
	for (size_t k = 0; k < rs->n; k++)
		any |= caches_view_any(&rs->runs[k]);
	for (size_t k = 0; k < micro->n; k++)
		any |= caches_view_any(&micro->runs[k]);
	if (!any)
		return;
	fprintf(
	    f,
	    "## What gets charged, per cache\n\nFrom breakdown trials (`run --caches`, "
	    "`micro --caches`): the workload under `perf record` of the kmem tracepoints "
	    "(kmem_cache_alloc, kmalloc, mm_page_alloc), counting every allocation that is "
	    "accounted to a memory cgroup (a SLAB_ACCOUNT cache or __GFP_ACCOUNT). Slab "
	    "caches by name, kmalloc by call site, pages by order and GFP flags. Allocations, "
	    "not net usage: what is freed again is counted too. Charges made outside the "
	    "allocators (kernel stacks, user pages, socket buffers, percpu) are not listed.\n\n");
	for (size_t k = 0; k < rs->n; k++)
		if (caches_view_any(&rs->runs[k]))
			set_tables(rs, k, f);
	for (size_t k = 0; k < micro->n; k++)
		if (caches_view_any(&micro->runs[k]))
			micro_table(micro, k, f);
}
