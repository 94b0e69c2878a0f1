/* signals.h - SIGINT/SIGTERM/SIGHUP turn into a flag the run loop checks. */
#ifndef KMB_SIGNALS_H
#define KMB_SIGNALS_H

#include <signal.h>

/* Installs handlers (no SA_RESTART, so blocking waits return EINTR). */
void signals_install(void);
/* The signal that asked us to stop, or 0. */
int signals_pending(void);
/* Restores default dispositions (in a child before exec). */
void signals_reset(void);

#endif
