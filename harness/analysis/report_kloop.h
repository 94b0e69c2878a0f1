/* report_kloop.h - the report's in-kernel loop table: ns per object with kmem disabled, at root, in a child. */
#ifndef KMB_REPORT_KLOOP_H
#define KMB_REPORT_KLOOP_H

#include <stdio.h>

#include "setlist.h"

/* "## In-kernel loop (ns per object)": for every kernel (with its virt and cgroup version)
 * that has micro sets with in-kernel loop ops ("k:...") and arms root and unlimited, per
 * op a row in Roman Gushchin's layout: kmem disabled (the root arm of boots with
 * cgroup.memory=nokmem), root and child (the arms of the other boots), ns per object as
 * the mean over boots with a 95% CI (between boots, t with boots - 1 df; one boot: that
 * run's own CI, marked), and root/disabled and child/disabled with their CIs (delta
 * method). Gushchin's 6.7 figures follow as the reference. Nothing when no set has k: ops. */
void report_kloop_section(const struct setlist *micro, FILE *f);

#endif
