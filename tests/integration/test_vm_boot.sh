#!/bin/bash
# test_vm_boot.sh - integration test of the cgroup v2 backend: boots the Debian
# 6.12 cloud kernel (v2 only) under QEMU with the statically linked kmembench
# (make static) and tests/integration/vm-tiny.ini, and checks the result set
# that comes back: run.json says guest kernel, command line, cgroup_version 2,
# virt kvm|tcg, and holds every planned trial, all ok, with v2 counters; the
# profile's [stock] comes back as NAME-stock, a stock sweep set of the guest.
# Exit 77 = skip (no QEMU/busybox-static/jq, no kernel package reachable).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tests/integration/vm-lib.sh
. tests/integration/vm-lib.sh
vm_require jq

vm_static_build

t=$(mktemp -d "${TMPDIR:-/tmp}/kmb-test-vmboot.XXXXXX")
trap 'rm -rf "$t"' EXIT
VM_WORK=$t/work RESULTS=$t/results scripts/vm/run.sh -p tests/integration/vm-tiny.ini -t 600 6.12 \
	>"$t/out" 2>&1
rc=$?
check "run.sh exit 0" '[[ $rc -eq 0 ]]'
dir=$(ls -d "$t"/results/*/ 2>/dev/null | grep -v -- '-stock/$' | head -n 1)
j=${dir}run.json
sj=${dir%/}-stock/run.json
check "a result set and its stock set came back" '[[ $(ls "$t/results" 2>/dev/null | wc -l) -eq 2 && -f $j ]]'
q() { jq -e "$1" "$j" >/dev/null 2>&1; }
check "cgroup_version is 2" 'q ".cgroup_version == 2"'
check "guest kernel recorded (6.12)" 'q ".kernel | startswith(\"6.12.\")"'
check "guest command line recorded" 'q ".cmdline | contains(\"console=ttyS0\")"'
check "virt is kvm or tcg" 'q ".virt == \"tcg\" or .virt == \"kvm\""'
check "label names virt and cgroup" 'q ".label == \"vm-\" + .virt + \"-v2\""'
check "2 workloads x 3 steps x 2 reps = 12 trials" 'q ".trials | length == 12"'
check "every trial ok" 'q "all(.trials[]; .exit_status == 0 and .signal == 0 and (.oom_killed | not))"'
check "every trial timed" 'q "all(.trials[]; (.real_s > 0) and (.sys_s >= 0))"'
check "both workloads ran" 'q "[.trials[].workload] | unique == [\"dentry-walk\", \"inode-storm\"]"'
check "cgroup trials have v2 peak and events" \
	'q "all(.trials[] | select(.step != \"root\"); (.peak_bytes > 0) and (.events | type == \"object\"))"'
check "limited trials have hard_bytes 4M" 'q "all(.trials[] | select(.step == \"4M/2M\"); .hard_bytes == 4194304)"'
check "kmembench show reads it" '"${KMB:-build/static/kmembench}" show "$dir" >/dev/null'
check "stock set: ops stock-1, stock-2 in 3 arms, 2 rounds, guest kernel" \
	'jq -e "(.kernel | startswith(\"6.12.\")) and ([.micro[] | \"\(.op)/\(.arm)/\(.ns_per_op | length)\"]
	| sort == [\"stock-1/root/2\", \"stock-1/same/2\", \"stock-1/sep/2\", \"stock-2/root/2\",
	\"stock-2/same/2\", \"stock-2/sep/2\"])" "$sj" >/dev/null'
[[ $fail -eq 0 ]] || { echo "--- run.sh output ---"; tail -n 40 "$t/out"; }
echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
