/* tpformat.h - a tracepoint's format file in tracefs: its fields and the __GFP_ACCOUNT bit.
 *
 * `run --caches` asks the kernel to filter kmem events before perf sees them: on the
 * `accounted` field where the tracepoint has one (kmem_cache_alloc since 5.19, kmalloc
 * until 6.1), else on gfp_flags & __GFP_ACCOUNT, whose value is read from the format's
 * own flag table (its bit has moved between kernels).
 */
#ifndef KMB_TPFORMAT_H
#define KMB_TPFORMAT_H

#include <stdbool.h>
#include <stddef.h>

/* Reads the format of @event ("kmem:kmalloc") from /sys/kernel/tracing or
 * /sys/kernel/debug/tracing into @buf; 0, or -1 with errno. */
int tpformat_read(const char *event, char *buf, size_t n);

/* True when @format declares a field called @name. */
bool tpformat_has_field(const char *format, const char *name);

/* The value of __GFP_ACCOUNT in @format's flag table ("<< (22)" or "0x400000"),
 * 0 when it has none. */
unsigned long tpformat_gfp_account(const char *format);

#endif
