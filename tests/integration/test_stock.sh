#!/usr/bin/env bash
# test_stock.sh - kmembench stock (the stock sweep) end to end on this box's memory cgroup:
#   1. a tiny sweep (M = 1,2,3, 3 rounds): exit 0, a micro set with ops stock-M and arms
#      root/same/sep in micro[] and same/sep in overhead[], gbench.json kept, show reads it,
#      no cgroup left behind;
#   2. SIGTERM mid-run: exit 1, incomplete set, no cgroup left behind;
#   3. bad input: exit 2 before anything is made.
# No timing value is asserted. Needs root and a memory cgroup hierarchy (exit 77 otherwise);
# run it under `flock /work/kmb-test.lock` on a shared box (it creates cgroups).
# Env: KMB (the kmembench binary).
set -u

skip() { echo "test_stock.sh: SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (kmembench stock creates cgroups)"
CG=/sys/fs/cgroup/memory/kmembench
[ -d /sys/fs/cgroup/memory ] || CG=/sys/fs/cgroup/kmembench
: "${KMB:?KMB must point at the kmembench binary}"
command -v jq >/dev/null || { echo "test_stock.sh: jq is required"; exit 1; }

T=$(mktemp -d /tmp/kmb-stock.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/integration/check-lib.sh
. "$(dirname "$0")/check-lib.sh"

jqt() { jq -e "$2" "$1" >/dev/null 2>&1; }
no_leftovers() { [ -z "$(ls -d "$CG"/r"$1"-stock-* 2>/dev/null)" ]; }

test_run() {
	local d=$T/s
	timeout 120 "$KMB" stock --m 1,2,3 --rounds 3 --ops 64 -o "$d" >"$T/run.out" 2>"$T/run.err" &
	local pid=$!
	wait "$pid"
	check "stock tiny sweep: exit 0 (rc $?)" '[ $? -eq 0 ]'
	local j=$d/run.json
	check "stock: complete micro set" jqt "$j" '.complete == true and (.trials | length) == 0'
	check "stock: micro[] is 3 ops x 3 arms, 3 rounds each" jqt "$j" \
		'[.micro[] | "\(.op)/\(.arm)/\(.ns_per_op | length)"] == ["stock-1/root/3",
		"stock-1/same/3", "stock-1/sep/3", "stock-2/root/3", "stock-2/same/3", "stock-2/sep/3",
		"stock-3/root/3", "stock-3/same/3", "stock-3/sep/3"]'
	check "stock: overhead[] has same and sep per op, with CIs" jqt "$j" \
		'(.overhead | length) == 6 and all(.overhead[]; .base == "root" and
		 (.arm == "same" or .arm == "sep") and (.ci95_pct | type) == "number")'
	check "stock: env.stock and env.micro name the sweep" jqt "$j" \
		'.env.stock.ms == [1,2,3] and .env.micro.kind == "stock" and .env.machine != null'
	check "stock: gbench.json kept" test -s "$d/gbench.json"
	check "stock: show reads the set" '"$KMB" show "$d" | grep -q "^stock-3"'
	check "stock: no cgroup left for pid $pid" no_leftovers "$pid"
}

test_sigterm() {
	local d=$T/t
	"$KMB" stock --m 1,4 --rounds 100000 --ops 2000 -o "$d" >/dev/null 2>"$T/term.err" &
	local pid=$!
	sleep 1.5
	kill -TERM "$pid"
	wait "$pid"
	check "stock SIGTERM: exit 1 (rc $?)" '[ $? -eq 1 ]'
	check "stock SIGTERM: incomplete set" jqt "$d/run.json" '.complete == false'
	check "stock SIGTERM: no cgroup left for pid $pid" no_leftovers "$pid"
}

test_bad() {
	"$KMB" stock --m 1,1 -o "$T/b1" 2>"$T/bad.err"
	check "stock --m 1,1: exit 2 (rc $?)" '[ $? -eq 2 ]'
	check "stock bad input: one line naming it" '[ "$(wc -l <"$T/bad.err")" -eq 1 ] &&
		grep -q "task count 1 given twice" "$T/bad.err"'
	check "stock bad input: no result set" '[ ! -e "$T/b1" ]'
	"$KMB" stock --rounds 1 2>/dev/null
	check "stock --rounds 1: exit 2 (rc $?)" '[ $? -eq 2 ]'
}

echo "# test_stock.sh: KMB=$KMB temp=$T"
test_run
test_sigterm
test_bad
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
