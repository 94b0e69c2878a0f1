#!/usr/bin/env bash
# Runs every test: cmocka binaries in BUILD/tests (unit and integration), then
# executable tests/integration/*.sh with BUILD exported. Exit 77 from a script
# means skipped. Prints one closing line "N passed, N failed, N skipped".
set -u
BUILD=${1:-build/test}
export BUILD KMB=$PWD/$BUILD/kmembench
# ASan: leaks are reported but the suite forks/execs a lot; keep errors fatal.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
pass=0 fail=0 skip=0 failed=()
run_one() {
	local name=$1; shift
	echo "=== $name"
	timeout --kill-after=10 "${TEST_TIMEOUT:-900}" "$@"
	local rc=$?
	case $rc in
	0) pass=$((pass + 1)) ;;
	77) skip=$((skip + 1)); echo "--- $name: skipped" ;;
	*) fail=$((fail + 1)); failed+=("$name (exit $rc)") ;;
	esac
}
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	run_one "$(basename "$t")" "$t"
done
for t in tests/integration/*.sh; do
	[ -x "$t" ] || continue
	[ -n "${SKIP_VM:-}" ] && [[ $t == *vm* ]] && { skip=$((skip + 1)); continue; }
	run_one "$(basename "$t")" "$t"
done
echo
for f in "${failed[@]}"; do echo "FAILED: $f"; done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
