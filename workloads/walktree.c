/* walktree.c - dentry-walk's tree, prepared for another workload from its options. */
#include <stdio.h>

#include "walktree.h"

extern const struct workload wl_dentry_walk;

int walktree_prepare(const struct workload *wl, const struct wl_ctx *ctx)
{
	struct wl_ctx dw = {.dir = ctx->dir, .verbose = ctx->verbose};
	wl_ctx_defaults(&wl_dentry_walk, &dw);
	for (size_t i = 0; i < wl->nopts; i++) {
		int j = wl_opt_index(&wl_dentry_walk, wl->opts[i].name);
		if (j >= 0)
			dw.val[j] = ctx->val[i];
	}
	return wl_dentry_walk.prepare(&dw);
}

void walktree_path(const struct wl_ctx *ctx, char *buf, size_t n)
{
	snprintf(buf, n, "%s/tree", ctx->dir);
}
