#!/bin/bash
# test_vm_history.sh - the kmem-history experiments (profiles/vm-history.ini) on cgroup v2:
# boots the Debian 6.12 cloud kernel (v2 only) under QEMU with
# tests/integration/vm-history-tiny.ini and checks the result set: cgroup-churn reads
# nr_dying_descendants (dying_scope parent), limit-shrink writes memory.max and
# memory.reclaim with results, enomem-walk (oom_kill_disable = 1, v1 only) is skipped with
# a note in env.skipped and `show` while enomem-walk.killer runs.
# Exit 77 = skip (no QEMU/busybox-static/jq, no kernel package reachable).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tests/integration/vm-lib.sh
. tests/integration/vm-lib.sh
vm_require jq

vm_static_build

t=$(mktemp -d "${TMPDIR:-/tmp}/kmb-test-vmhist.XXXXXX")
trap 'rm -rf "$t"' EXIT
VM_WORK=$t/work RESULTS=$t/results scripts/vm/run.sh -p tests/integration/vm-history-tiny.ini \
	-t 600 6.12 >"$t/out" 2>&1
rc=$?
check "run.sh exit 0" '[[ $rc -eq 0 ]]'
dir=$(ls -d "$t"/results/*/ 2>/dev/null | head -n 1)
j=${dir}run.json
check "one result set came back" '[[ $(ls "$t/results" 2>/dev/null | wc -l) -eq 1 && -f $j ]]'
q() { jq -e "$1" "$j" >/dev/null 2>&1; }
sel() { echo ".trials[] | select(.workload == \"$1\")"; }
check "cgroup_version is 2, run complete" 'q ".cgroup_version == 2 and .complete"'
check "enomem-walk skipped on v2, in env.skipped with why" \
	'q "[.env.skipped[] | select(.workload == \"enomem-walk\" and (.reason | contains(\"needs cgroup v1\")))] | length == 1"'
check "the skipped instance has no trials and no env.workloads entry" \
	'q "([$(sel enomem-walk)] | length == 0) and (.env.workloads | has(\"enomem-walk\") | not)"'
check "3 churn + 1 shrink + 1 enomem-walk.killer trials, all ok" \
	'q "(.trials | length == 5) and all(.trials[]; .status == \"ok\")"'
check "cgroup-churn: dying memcgs from the parent's cgroup.stat (scope parent), 0..cycles new" \
	'q "[$(sel cgroup-churn) | .extra | .dying_scope == \"parent\" and .dying_new_run >= 0 and .dying_new_run <= 10] | length == 3 and all"'
check "limit-shrink: memory.max written below usage (ok), the walker alive" \
	'q "$(sel limit-shrink) | .extra | .reclaim_knob == \"memory.reclaim\" and .shrink_1_result == \"ok\" and .shrink_1_limit_bytes < .usage_bytes and .walker_end == \"alive\""'
check "limit-shrink: memory.reclaim writes ran for slab and cache (ok or EAGAIN)" \
	'q "$(sel limit-shrink) | .extra | ([.reclaim_slab_1_result, .reclaim_cache_1_result] | all(. == \"ok\" or . == \"EAGAIN\")) and .reclaim_slab_freed_bytes >= 0"'
check "enomem-walk.killer ran at 2M" \
	'q "$(sel enomem-walk.killer) | .step == \"2M\" and (.extra.walk_result | IN(\"done\", \"timeout\", \"died\"))"'
"${KMB:-build/static/kmembench}" show "$dir" >"$t/show" 2>&1
check "kmembench show reads it and names the skipped instance" \
	'[[ $? -eq 0 ]] && grep -q "^skipped: \[enomem-walk\] oom_kill_disable = 1 needs cgroup v1" "$t/show"'
[[ $fail -eq 0 ]] || { echo "--- run.sh output ---"; tail -n 40 "$t/out"; }
echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
