/* perfscript.h - `perf script -F comm,tid,ip,sym,dso` text (with call chains) -> samples.
 *
 * The text is one block per sample: a header line "COMM TID" at column 0, then one
 * indented line per frame, leaf first: "ADDR SYMBOL (DSO)", then a blank line.
 */
#ifndef KMB_PERFSCRIPT_H
#define KMB_PERFSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Call-chain frames kept per sample; deeper frames (rare) are dropped. */
#define PERFSCRIPT_MAX_FRAMES 256

struct perf_frame {
	unsigned long long ip;
	const char *sym; /* as perf prints it, "+0x.." offset removed; "[unknown]" */
	const char *dso; /* "[kernel.kallsyms]", "/usr/lib/.../libc.so.6", "[unknown]" */
};

struct perf_sample {
	const char *comm;
	const struct perf_frame *frames; /* leaf first */
	size_t nframes;
};

/* Called once per sample; the strings live until the callback returns. */
typedef void (*perfscript_fn)(const struct perf_sample *s, void *arg);

/* True when @ip is a kernel address (the upper half of the address space). */
bool perfscript_is_kernel(unsigned long long ip);

/* Reads @f to its end, calling @fn for every sample with at least one frame.
 * Returns the number of samples, or -1 on ENOMEM or a read error. */
long perfscript_parse(FILE *f, perfscript_fn fn, void *arg);

#endif
