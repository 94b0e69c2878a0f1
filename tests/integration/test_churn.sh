#!/usr/bin/env bash
# test_churn.sh - cgroup-churn on this box's real v1 memory hierarchy:
#   1. standalone, tiny: key=value output, no cgroup of its pid left anywhere in the hierarchy;
#   2. under kmembench run (root, unlimited, 16M/4M): extra keys in run.json, `show`'s extra
#      table, nothing left behind;
#   3. SIGINT mid-run, standalone and under kmembench run: nothing left behind;
#   4. SIGKILL of a standalone run: `kmembench cleanup` removes what it left;
#   5. bad options: exit 2 with one stderr line naming the value.
# Needs root (exit 77 otherwise). Every check looks only at pids this test started.
# Env: KMB (kmembench binary), BUILD (build dir).
set -u

CG_MOUNT=/sys/fs/cgroup/memory
GUARD=300 # hang guard per call, seconds (not a timing)

skip() { echo "test_churn.sh: SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (cgroups, drop_caches)"
awk -v m="$CG_MOUNT" '$5 == m && / - cgroup .*[ ,]memory/ { f = 1 } END { exit !f }' \
	/proc/self/mountinfo || skip "no cgroup v1 memory hierarchy at $CG_MOUNT"
: "${KMB:?KMB must point at the kmembench binary}" "${BUILD:?BUILD must be the build dir}"
command -v jq >/dev/null || { echo "test_churn.sh: jq is required"; exit 1; }
CC=$(realpath "$BUILD/workloads/cgroup-churn")

T=$(mktemp -d /var/tmp/kmb-churn-test.XXXXXX)
PIDS=()
# shellcheck source=tests/integration/check-lib.sh
. "$(dirname "$0")/check-lib.sh"

cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	"$KMB" cleanup >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ours PID: memory cgroups anywhere in the hierarchy named after PID (r<PID>-..., churn<PID>...).
ours() { find "$CG_MOUNT" -mindepth 1 -type d \( -name "r$1-*" -o -name "*churn$1*" \) 2>/dev/null; }
none_of() { [ -z "$(ours "$1")" ]; }

# wait_for SECONDS CMD...: polls CMD every 0.05 s.
wait_for() {
	local i n=$(($1 * 20)); shift
	for ((i = 0; i < n; i++)); do "$@" && return 0; sleep 0.05; done
	return 1
}
some_of() { [ -n "$(ours "$1")" ]; }
# jqt FILTER FILE: true when FILTER is true of FILE.
jqt() { jq -e "$1" "$2" >/dev/null 2>&1; }

# finish PID: waits (past the guard: SIGKILL); sets RC.
finish() {
	local i
	for ((i = 0; i < GUARD * 10; i++)); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$1" 2>/dev/null
	wait "$1"
	RC=$?
}

# ---- 1. standalone ---------------------------------------------------------------
"$CC" --dir "$T/s1" --cycles 5 --files 10 --settle 0 >"$T/s1.out" 2>"$T/s1.err" &
pid=$!; PIDS+=("$pid"); finish "$pid"
check "standalone: exit 0 (rc $RC)" [ "$RC" -eq 0 ]
check "standalone: cycles=5" grep -qx "cycles=5" "$T/s1.out"
for k in cycles_per_s rmdir_median_ns rmdir_p99_ns dying_after_run dying_after_settle \
	parent_kmem_run_bytes; do
	check "standalone: reports $k" grep -q "^$k=[0-9-]" "$T/s1.out"
done
check "standalone: nothing left in the hierarchy" none_of "$pid"
check "standalone: scratch tree removed by 'all'" '[ ! -e "$T/s1" ]'

# ---- 2. under kmembench run --------------------------------------------------------
cat >"$T/tiny.ini" <<'EOF'
[suite]
workloads = cgroup-churn
ladder = root, unlimited, 16M/4M
reps = 1
timeout = 120
[cgroup-churn]
cycles = 8
files = 16
settle = 0
EOF
"$KMB" run -p "$T/tiny.ini" -o "$T/set" --label churn-test >"$T/run.out" 2>"$T/run.err" &
pid=$!; PIDS+=("$pid"); finish "$pid"
check "run: exit 0 (rc $RC)" [ "$RC" -eq 0 ]
check "run: 3 ok trials" jqt '[.trials[] | select(.status == "ok")] | length == 3' "$T/set/run.json"
check "run: extra has the churn keys" jqt '[.trials[].extra | .cycles == 8 and
	(.rmdir_median_ns > 0) and (.dying_after_settle | type == "number") and
	(.parent_kmem_run_bytes | type == "number")] | all' "$T/set/run.json"
check "run: own memcg is the parent at unlimited" \
	jqt '.trials[] | select(.step == "unlimited") | .extra.parent_own == 1' "$T/set/run.json"
"$KMB" show "$T/set" >"$T/show.out" 2>&1
check "show: extra table with cycles_per_s" grep -q "cycles_per_s" "$T/show.out"
check "show --json: extra medians" '"$KMB" show "$T/set" --json |
	jq -e ".workloads[0].steps[0].extra.cycles_per_s > 0" >/dev/null'
check "run: nothing left in the hierarchy" none_of "$pid"

# ---- 3. SIGINT mid-run ---------------------------------------------------------------
"$CC" --dir "$T/s3" --cycles 100000 --files 4 --settle 0 >"$T/s3.out" 2>"$T/s3.err" &
pid=$!; PIDS+=("$pid")
if wait_for 60 some_of "$pid"; then
	sleep 0.3; kill -INT "$pid"; finish "$pid"
	check "standalone SIGINT: exit 1 (rc $RC)" [ "$RC" -eq 1 ]
	check "standalone SIGINT: says interrupted" grep -q "interrupted" "$T/s3.err"
	check "standalone SIGINT: nothing left" none_of "$pid"
else
	not_ok "standalone SIGINT: never made a cgroup"; finish "$pid"
fi

sed -e 's/^cycles = 8/cycles = 100000/' -e 's/^files = 16/files = 4/' "$T/tiny.ini" >"$T/long.ini"
"$KMB" run -p "$T/long.ini" -o "$T/set-int" >"$T/int.out" 2>"$T/int.err" &
pid=$!; PIDS+=("$pid")
# Wait for a cycle's child memcg (a name holding "churn"), then interrupt.
if wait_for 120 eval '[ -n "$(find "$CG_MOUNT/kmembench" -path "*r$pid-*" -name "*churn*" 2>/dev/null)" ]'; then
	sleep 0.3; kill -INT "$pid"; finish "$pid"
	check "run SIGINT: exit non-zero (rc $RC)" [ "$RC" -ne 0 ]
	check "run SIGINT: nothing left" none_of "$pid"
else
	not_ok "run SIGINT: never reached a churn cycle"; finish "$pid"
fi

# ---- 4. SIGKILL, then kmembench cleanup -----------------------------------------------
"$CC" --dir "$T/s4" --cycles 100000 --files 4 --settle 0 >/dev/null 2>&1 &
pid=$!; PIDS+=("$pid")
if wait_for 60 some_of "$pid"; then
	kill -KILL "$pid"; wait "$pid" 2>/dev/null
	check "SIGKILL: left its cgroups" some_of "$pid"
	"$KMB" cleanup >"$T/clean.out" 2>&1
	check "cleanup: removed them" none_of "$pid"
	check "cleanup: said so" grep -q "r$pid-churn$pid" "$T/clean.out"
else
	not_ok "SIGKILL: never made a cgroup"
fi
rm -rf "$T/s4" # the killed run's scratch (marked, ours)

# ---- 5. bad options: exit 2, one line ------------------------------------------------
bad() {
	local want=$1; shift
	"$CC" --dir "$T/bad" "$@" >"$T/bad.out" 2>"$T/bad.err"
	local rc=$?
	check "bad $*: exit 2 (rc $rc)" [ "$rc" -eq 2 ]
	check "bad $*: one line naming $want" \
		'[ "$(wc -l <"$T/bad.err")" -eq 1 ] && grep -q -- "$want" "$T/bad.err"'
}
bad "'0'" --cycles 0
bad "'100001'" --cycles 100001
bad "'601'" --settle 601
bad "'2'" --keep 2
bad "'x'" --files x
bad "'--nope'" --nope 1
printf '[suite]\nworkloads = cgroup-churn\n[cgroup-churn]\nfiles = -1\n' >"$T/badv.ini"
"$KMB" run -p "$T/badv.ini" -o "$T/set-bad" >/dev/null 2>"$T/badv.err"
rc=$?
check "run bad files: exit 2 (rc $rc)" [ "$rc" -eq 2 ]
check "run bad files: one line naming '-1'" \
	'[ "$(wc -l <"$T/badv.err")" -eq 1 ] && grep -q -- "-1" "$T/badv.err"'

echo "# test_churn.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
