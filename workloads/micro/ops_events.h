/* ops_events.h - micro ops for epoll, queued signals, file locks and poll (micro_ops.c's table). */
#ifndef KMB_OPS_EVENTS_H
#define KMB_OPS_EVENTS_H

#include "micro_ops.h"

/* File descriptors epoll adds per op and poll waits on per op. */
#define OPS_EPOLL_FDS 16
#define OPS_POLL_FDS  128

/* epoll: setup makes OPS_EPOLL_FDS eventfds; op = epoll_create1 + EPOLL_CTL_ADD of each +
 * close (eventpoll, epitem x N, eppoll_entry x N, file). */
int ops_epoll_setup(struct micro_ctx *c);
int ops_epoll_op(struct micro_ctx *c);

/* signal: setup blocks SIGRTMIN+1; op = sigqueue to self + sigtimedwait (a sigqueue). */
int ops_signal_setup(struct micro_ctx *c);
int ops_signal_op(struct micro_ctx *c);
void ops_signal_teardown(struct micro_ctx *c);

/* flock: setup opens a tmpfs file; op = fcntl F_SETLK write lock + unlock (file_lock_cache;
 * its accounting was reverted upstream: a control). */
int ops_flock_setup(struct micro_ctx *c);
int ops_flock_op(struct micro_ctx *c);

/* poll: setup makes OPS_POLL_FDS eventfds; op = poll of all with timeout 0 (the poll_list
 * kmalloc beyond the on-stack part; its accounting was reverted upstream: a control). */
int ops_poll_setup(struct micro_ctx *c);
int ops_poll_op(struct micro_ctx *c);

/* Closes what the epoll, flock and poll setups opened and frees ctx->priv. */
void ops_fds_teardown(struct micro_ctx *c);

#endif
