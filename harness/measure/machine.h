/* machine.h - the machine's identity (CPU, caches, SMT, mitigations, kernel config) for env. */
#ifndef KMB_MACHINE_H
#define KMB_MACHINE_H

#include <jansson.h>

/* A guest run finds its host's identity in this file (written by scripts/vm/run.sh). */
#define MACHINE_HOST_ENV "KMEMBENCH_HOST_MACHINE"
/* The kernel config to read instead of /proc/config.gz or /boot/config-RELEASE (a guest:
 * its kernel's config file, shipped by run.sh). */
#define MACHINE_KCONFIG_ENV "KMEMBENCH_KCONFIG"

/* env.machine of this machine, read afresh:
 *   cpu {vendor, model_name, family, model, stepping, microcode, flags_hypervisor}
 *   caches [{level, type, size_kb, ways, shared_cpus}]
 *   cpus {logical, cores, smt_control, smt_active}
 *   freq {driver, governor, boost} (null where not visible)
 *   hypervisor (from DMI / the hypervisor flag), mitigations {name: text},
 *   thp {enabled, defrag}, preempt, kernel_config {source, crc32, options {NAME: value}}
 * Fields that cannot be read are null; never fails but on ENOMEM (NULL). */
json_t *machine_json(void);

/* The host's machine object from $KMEMBENCH_HOST_MACHINE, or NULL when unset/unreadable. */
json_t *machine_host_json(void);

#endif
