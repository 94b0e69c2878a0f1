/* report_caches.h - the report's section "What gets charged, per cache". */
#ifndef KMB_REPORT_CACHES_H
#define KMB_REPORT_CACHES_H

#include <stdio.h>

#include "setlist.h"

/* Caches per workload shown; caches per micro op shown. */
#define REPORT_CACHES_TOP    8
#define REPORT_CACHES_OP_TOP 3

/* "## What gets charged, per cache": for every set of @rs with breakdown trials (run
 * --caches) a table per workload of its top caches at the unlimited step (else the first
 * step that has a breakdown), and for every micro set of @micro with caches[] a table of
 * its ops with their top caches per op. Nothing when no set has a breakdown. */
void report_caches_section(const struct setlist *rs, const struct setlist *micro, FILE *f);

#endif
