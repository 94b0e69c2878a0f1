/* walktree.c - dentry-walk's tree, prepared for another workload from its options. */
#include <stdio.h>

#include "registry.h"
#include "walktree.h"

int walktree_prepare(const struct workload *wl, const struct wl_ctx *ctx)
{
	const struct workload *d = wl_find("dentry-walk");
	struct wl_ctx dw = {.dir = ctx->dir, .verbose = ctx->verbose};
	wl_ctx_defaults(d, &dw);
	for (size_t i = 0; i < wl->nopts; i++) {
		int j = wl_opt_index(d, wl->opts[i].name);
		if (j >= 0)
			dw.val[j] = ctx->val[i];
	}
	return d->prepare(&dw);
}

void walktree_path(const struct wl_ctx *ctx, char *buf, size_t n)
{
	snprintf(buf, n, "%s/tree", ctx->dir);
}
