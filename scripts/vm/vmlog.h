/* vmlog.h - reads the serial console log of a kmembench QEMU guest.
 *
 * The guest's init (scripts/vm/init) prints lines starting "KMB: " at each
 * step; the kernel prints its own messages (and "Kernel panic" when it dies).
 * vmlog collects both and decides what happened to the boot, so the host
 * script can report a panic, a hang or a silent guest instead of guessing.
 */
#ifndef KMB_VMLOG_H
#define KMB_VMLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define VMLOG_TEXT 256

enum vm_verdict {
	VM_OK,		/* run ended with status 0 and results were written */
	VM_RUN_FAILED,	/* the payload ended with a non-zero status */
	VM_NO_RESULTS,	/* the payload ended but no results were written */
	VM_GUEST_ERROR, /* init reported an error (no disk, no cgroup ...) */
	VM_PANIC,	/* the kernel panicked */
	VM_NO_OUTPUT,	/* the console stayed empty */
	VM_NO_INIT,	/* the kernel printed but init never started */
	VM_HANG,	/* killed at the deadline before the run ended */
	VM_DIED,	/* QEMU exited before the run ended, no panic seen */
};

struct vmlog {
	size_t bytes;	    /* console bytes seen */
	size_t lines;	    /* console lines seen */
	bool init;	    /* "KMB: init-start" */
	bool probe_ok;	    /* "KMB: probe-ok" */
	bool run_begin;	    /* "KMB: run-begin" */
	bool run_end;	    /* "KMB: run-end status=N" */
	int status;	    /* N of run-end, -1 before */
	bool results;	    /* "KMB: results bytes=N" */
	long results_bytes; /* N of results */
	bool poweroff;	    /* "KMB: poweroff" */
	bool panic;	    /* "Kernel panic" seen */
	int oopses;	    /* "Oops:" / "BUG:" lines */
	char uname[VMLOG_TEXT];
	char cmdline[VMLOG_TEXT * 4];
	char error[VMLOG_TEXT];
	char panic_line[VMLOG_TEXT];
};

/* Resets @log to "nothing seen yet". */
void vmlog_init(struct vmlog *log);

/* Takes one console line (trailing \r\n allowed) into @log. */
void vmlog_feed_line(struct vmlog *log, const char *line);

/* Reads the whole console log @f into @log. Returns 0, or -1 on a read error. */
int vmlog_read(struct vmlog *log, FILE *f);

/* What happened to the boot. @probe: a probe boot (only init must be reached);
 * @killed: the host killed QEMU at its deadline. */
enum vm_verdict vmlog_verdict(const struct vmlog *log, bool probe, bool killed);

/* Stable lower-case name of @v ("ok", "panic", "hang" ...). */
const char *vmlog_verdict_name(enum vm_verdict v);

#endif
