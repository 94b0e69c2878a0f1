#!/bin/bash
# test_vm_failures.sh - the VM runner detects a kernel panic and a guest that
# misses its deadline, reports them with the console tail, exits 1, brings no
# result set back and leaves no QEMU running. Boots the Debian 6.12 cloud
# kernel (fetched with apt-get download, cached in build/vm/cache) with the
# stand-in payload; also checks that the stand-in run itself succeeds.
# Exit 77 = skip (no QEMU, no busybox-static, no kernel package reachable).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tests/integration/vm-lib.sh
. tests/integration/vm-lib.sh
vm_require

t=$(mktemp -d "${TMPDIR:-/tmp}/kmb-test-vmfail.XXXXXX")
trap 'rm -rf "$t"' EXIT
# QEMU processes started from our work dir (-serial file:$t/...): detection only.
qemus() { pgrep -f "qemu-system-x86_64.*$t/" || true; }

# Kernel panic: no /init to run, no root= -> "VFS: Unable to mount root fs".
VM_WORK=$t/w1 RESULTS=$t/r1 scripts/vm/run.sh --stub -a tcg -t 120 -c "rdinit=/nonexistent" 6.12 >"$t/out1" 2>&1
rc=$?
check "panic: exit 1" '[[ $rc -eq 1 ]]'
check "panic: reported as panic" 'grep -q "boot failed.*: panic" "$t/out1"'
check "panic: console tail shown" 'grep -q "Kernel panic" "$t/out1"'
check "panic: no result set" '[[ ! -e $t/r1 ]]'
check "panic: no QEMU left" '[[ -z $(qemus) ]]'

# Deadline: 3 s is too short for any boot under TCG (or KVM with a probe).
VM_WORK=$t/w2 RESULTS=$t/r2 scripts/vm/run.sh --stub -a tcg -t 3 6.12 >"$t/out2" 2>&1
rc=$?
check "deadline: exit 1" '[[ $rc -eq 1 ]]'
check "deadline: killed at the deadline" 'grep -q "killed: deadline" "$t/out2"'
check "deadline: verdict hang/no-init/no-output" 'grep -Eq "boot failed.*: (hang|no-init|no-output)" "$t/out2"'
check "deadline: no result set" '[[ ! -e $t/r2 ]]'
check "deadline: no QEMU left" '[[ -z $(qemus) ]]'

# The stand-in payload: du in a fresh v2 memory cgroup on the ext4 disk.
VM_WORK=$t/w3 RESULTS=$t/r3 scripts/vm/run.sh --stub -a tcg -t 300 6.12 >"$t/out3" 2>&1
rc=$?
stub=$(ls "$t"/r3/*/stub.txt 2>/dev/null | head -n 1)
check "stub: exit 0" '[[ $rc -eq 0 ]]'
check "stub: result came back" '[[ -f $stub ]]'
check "stub: guest kernel 6.12, cgroup v2, tcg" \
	'grep -q "^kernel 6\.12\." "$stub" && grep -qx "cgroup v2" "$stub" && grep -qx "virt tcg" "$stub"'
check "stub: child cgroup was charged slab" '[[ $(sed -n "s/^stat_slab //p" "$stub") -gt 0 ]]'
check "stub: no QEMU left" '[[ -z $(qemus) ]]'
[[ $fail -eq 0 ]] || { echo "--- run.sh output ---"; cat "$t"/out*; }
echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
