/* vmlog.c - reads the serial console log of a kmembench QEMU guest. */
#include "vmlog.h"

#include <stdlib.h>
#include <string.h>

#define MARK "KMB: "

void vmlog_init(struct vmlog *log)
{
	memset(log, 0, sizeof(*log));
	log->status = -1;
	log->results_bytes = -1;
}

/* Copies @src up to its line end into @dst (size @n), dropping \r and \n. */
static void copy_text(char *dst, size_t n, const char *src)
{
	size_t len = strcspn(src, "\r\n");

	if (len >= n)
		len = n - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* True when @s starts with @word followed by the end of the text or a blank. */
static bool is_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	return !strncmp(s, word, n) && (s[n] == '\0' || strchr(" \t\r\n", s[n]));
}

/* Parses "KEY=N" at @s into *out; false when @s is not that. */
static bool parse_num(const char *s, const char *key, long *out)
{
	size_t n = strlen(key);
	char *end;

	if (strncmp(s, key, n) || s[n] != '=')
		return false;
	*out = strtol(s + n + 1, &end, 10);
	return end != s + n + 1;
}

/* Handles the text after "KMB: ". */
static void feed_marker(struct vmlog *log, const char *m)
{
	long n;

	if (is_word(m, "init-start"))
		log->init = true;
	else if (is_word(m, "probe-ok"))
		log->probe_ok = true;
	else if (is_word(m, "run-begin"))
		log->run_begin = true;
	else if (!strncmp(m, "run-end ", 8) && parse_num(m + 8, "status", &n)) {
		log->run_end = true;
		log->status = (int)n;
	} else if (!strncmp(m, "results ", 8) && parse_num(m + 8, "bytes", &n)) {
		log->results = true;
		log->results_bytes = n;
	} else if (is_word(m, "poweroff"))
		log->poweroff = true;
	else if (!strncmp(m, "uname ", 6))
		copy_text(log->uname, sizeof(log->uname), m + 6);
	else if (!strncmp(m, "cmdline ", 8))
		copy_text(log->cmdline, sizeof(log->cmdline), m + 8);
	else if (!strncmp(m, "error ", 6) && !log->error[0])
		copy_text(log->error, sizeof(log->error), m + 6);
}

void vmlog_feed_line(struct vmlog *log, const char *line)
{
	const char *m = strstr(line, MARK);
	const char *p;

	log->bytes += strlen(line);
	log->lines++;
	if (m)
		feed_marker(log, m + strlen(MARK));
	p = strstr(line, "Kernel panic");
	if (p && !log->panic) {
		log->panic = true;
		copy_text(log->panic_line, sizeof(log->panic_line), p);
	}
	if (strstr(line, "Oops:") || strstr(line, "BUG: "))
		log->oopses++;
}

int vmlog_read(struct vmlog *log, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;

	while (getline(&line, &cap, f) != -1)
		vmlog_feed_line(log, line);
	free(line);
	return ferror(f) ? -1 : 0;
}

enum vm_verdict vmlog_verdict(const struct vmlog *log, bool probe, bool killed)
{
	if (log->panic)
		return VM_PANIC;
	if (log->bytes == 0)
		return VM_NO_OUTPUT;
	if (!log->init)
		return VM_NO_INIT;
	if (log->error[0])
		return VM_GUEST_ERROR;
	if (probe)
		return log->probe_ok ? VM_OK : killed ? VM_HANG : VM_DIED;
	if (!log->run_end)
		return killed ? VM_HANG : VM_DIED;
	if (log->status != 0)
		return VM_RUN_FAILED;
	if (!log->results)
		return VM_NO_RESULTS;
	return VM_OK;
}

const char *vmlog_verdict_name(enum vm_verdict v)
{
	static const char *const names[] = {
	    [VM_OK] = "ok",
	    [VM_RUN_FAILED] = "run-failed",
	    [VM_NO_RESULTS] = "no-results",
	    [VM_GUEST_ERROR] = "guest-error",
	    [VM_PANIC] = "panic",
	    [VM_NO_OUTPUT] = "no-output",
	    [VM_NO_INIT] = "no-init",
	    [VM_HANG] = "hang",
	    [VM_DIED] = "died",
	};

	if ((size_t)v >= sizeof(names) / sizeof(names[0]) || !names[v])
		return "unknown";
	return names[v];
}
