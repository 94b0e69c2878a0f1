/* fio_drop.h - fio-meta's cold stats: the exec_prerun command that drops the dentry and
 * inode caches (the kmb-drop-caches helper) and what those drops cost, read from their log. */
#ifndef KMB_FIO_DROP_H
#define KMB_FIO_DROP_H

#include <stddef.h>

#define FIO_DROP_HELPER	 "kmb-drop-caches"
#define FIO_DROP_LOG_ENV "KMB_DROP_LOG"

/* The drops of one fio run: one per stat job clone. */
struct fio_drop {
	long long n;   /* drops logged */
	double cpu_s;  /* their CPU time (nearly all sys), summed */
	double wall_s; /* their wall time, summed */
};

/* The shell command that runs @helper ('PATH', quoted for system(3)) into @buf; -1 when
 * the path holds a quote or does not fit. */
int fio_drop_command(const char *helper, char *buf, size_t len);

/* Creates or empties the log @log; 0 or -1 with errno. */
int fio_drop_reset(const char *log);

/* Sums the "CPU_NS WALL_NS" lines of @log into @d; 0, or -1 (errno set; EINVAL: a bad line). */
int fio_drop_read(const char *log, struct fio_drop *d);

#endif
