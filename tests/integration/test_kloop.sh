#!/usr/bin/env bash
# test_kloop.sh - kmembench micro's in-kernel loop ops (k:...) where they cannot run, and cleanup:
#   1. on a kernel without module loading (this test box: no /proc/modules) `micro --ops
#      k:kmalloc-64` refuses with exit 1 and one line naming the cause; on a kernel that
#      loads modules, the same with the module file missing (KMEMBENCH_KLOOP_DIR empty);
#      either way no result set, no cgroup, no module left;
#   2. a bad k: name is bad input: exit 2, one line, nothing made;
#   3. `cleanup` drops the module record a SIGKILLed run left (and unloads the module when
#      one is loaded).
# Needs root (exit 77 otherwise). Env: KMB (the kmembench binary).
set -u
skip() { echo "test_kloop.sh: SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (kmembench micro creates cgroups)"
: "${KMB:?KMB must point at the kmembench binary}"
CG=/sys/fs/cgroup/memory/kmembench
[ -d /sys/fs/cgroup/memory ] || CG=/sys/fs/cgroup/kmembench
T=$(mktemp -d /tmp/kmb-kloop.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/integration/check-lib.sh
. "$(dirname "$0")/check-lib.sh"
export KMEMBENCH_STATE=$T/state

echo "# test_kloop.sh: KMB=$KMB temp=$T"
before=$(ls -d "$CG"/r*-micro-* 2>/dev/null | wc -l)
if [ -e /proc/modules ]; then
	why="is missing"
	KMEMBENCH_KLOOP_DIR=$T/none "$KMB" micro --ops k:kmalloc-64 --time 5 -o "$T/set" 2>"$T/err"
else
	why="cannot load modules"
	"$KMB" micro --ops k:kmalloc-64 --time 5 -o "$T/set" 2>"$T/err"
fi
rc=$?
check "k: op where it cannot run: exit 1 (rc $rc)" '[ $rc -eq 1 ]'
check "k: op refusal: one line naming the cause ($why)" \
	'[ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "$why" "$T/err"'
check "k: op refusal: no result set" '[ ! -e "$T/set" ]'
check "k: op refusal: no cgroup left" '[ "$(ls -d "$CG"/r*-micro-* 2>/dev/null | wc -l)" -eq "$before" ]'
check "k: op refusal: no module loaded" '[ ! -e /sys/module/kmb_kloop ]'

"$KMB" micro --ops k:kmalloc-63 --time 5 -o "$T/bad" 2>"$T/bad.err"
rc=$?
check "bad k: name: exit 2 (rc $rc)" '[ $rc -eq 2 ]'
check "bad k: name: one line naming it and the accepted form" \
	'[ "$(wc -l <"$T/bad.err")" -eq 1 ] && grep -q "k:kmalloc-63" "$T/bad.err" &&
	 grep -q "k:{kmalloc,cache}-{8..4096}" "$T/bad.err"'
check "bad k: name: nothing made" '[ ! -e "$T/bad" ]'

# A run killed with SIGKILL leaves <state>/<pid>.kmod; a finished child's pid is a dead run's.
sleep 0 &
dead=$!
wait "$dead"
mkdir -p "$KMEMBENCH_STATE"
: >"$KMEMBENCH_STATE/$dead.kmod"
"$KMB" cleanup >"$T/clean.out" 2>&1
rc=$?
check "cleanup after a killed k: run: exit 0 (rc $rc)" '[ $rc -eq 0 ]'
check "cleanup drops the dead run's module record" '[ ! -e "$KMEMBENCH_STATE/$dead.kmod" ]'
check "cleanup leaves no kmb_kloop loaded" '[ ! -e /sys/module/kmb_kloop ]'
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
