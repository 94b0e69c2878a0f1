/* vmlog_main.c - `vmlog [--probe] [--killed] CONSOLE_LOG`: prints what
 * happened to a QEMU guest boot as KEY=VALUE lines (verdict, status, uname,
 * cmdline, results_bytes, error, panic, oopses) for scripts/vm/run.sh.
 * Exit 0 when the verdict is ok, 1 otherwise, 2 on bad usage or an
 * unreadable log. Built by run.sh from this file and harness/vmlog.c. */
#include <stdio.h>
#include <string.h>

#include "vmlog.h"

/* Prints @key=@val unless @val is empty. */
static void put(const char *key, const char *val)
{
	if (val[0])
		printf("%s=%s\n", key, val);
}

int main(int argc, char **argv)
{
	bool probe = false, killed = false;
	struct vmlog log;
	enum vm_verdict v;
	FILE *f;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--probe"))
			probe = true;
		else if (!strcmp(argv[i], "--killed"))
			killed = true;
		else {
			fprintf(stderr,
				"vmlog: unknown option '%s' (accepted: --probe, --killed)\n",
				argv[i]);
			return 2;
		}
	}
	if (i != argc - 1) {
		fprintf(stderr, "usage: vmlog [--probe] [--killed] CONSOLE_LOG\n");
		return 2;
	}
	f = fopen(argv[i], "r");
	if (!f) {
		fprintf(stderr, "vmlog: cannot read console log '%s'\n", argv[i]);
		return 2;
	}
	vmlog_init(&log);
	if (vmlog_read(&log, f)) {
		fclose(f);
		fprintf(stderr, "vmlog: read error on '%s'\n", argv[i]);
		return 2;
	}
	fclose(f);
	v = vmlog_verdict(&log, probe, killed);
	printf("verdict=%s\n", vmlog_verdict_name(v));
	printf("status=%d\n", log.status);
	printf("results_bytes=%ld\n", log.results_bytes);
	printf("oopses=%d\n", log.oopses);
	put("uname", log.uname);
	put("cmdline", log.cmdline);
	put("error", log.error);
	put("panic", log.panic_line);
	return v == VM_OK ? 0 : 1;
}
