/* walktree.h - dentry-walk's tree, prepared for another workload from its options. */
#ifndef KMB_WALKTREE_H
#define KMB_WALKTREE_H

#include <stddef.h>

#include "wl.h"

/* Runs dentry-walk's prepare in ctx->dir with the options of @wl that dentry-walk also
 * has (same names: fanout, depth, files ...); its tree is then ctx->dir/tree. */
int walktree_prepare(const struct workload *wl, const struct wl_ctx *ctx);

/* ctx->dir/tree into @buf. */
void walktree_path(const struct wl_ctx *ctx, char *buf, size_t n);

#endif
