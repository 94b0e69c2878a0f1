#!/usr/bin/env bash
# test_shrink.sh - limit-shrink and enomem-walk through $KMB on this box's real v1 memory cgroup:
#   1. limit-shrink: every lowered limit below usage is recorded (ok or EBUSY), the run
#      completes, `show` prints the table, nothing is left behind;
#   2. enomem-walk with oom_kill_disable=1 under a limit below the working set: the walk
#      ends (done or timeout, never a hang), errors are counted per syscall, nothing left;
#   3. SIGINT mid-run: exit non-zero, nothing left behind;
#   4. bad options: exit 2 with one stderr line.
# Needs root and cgroup v1 memory (exit 77 otherwise). Functional checks, not timings.
set -u

CG_MOUNT=/sys/fs/cgroup/memory
CG=$CG_MOUNT/kmembench
SCR=/var/tmp/kmembench
GUARD=300

skip() { echo "test_shrink.sh: SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root"
awk -v m="$CG_MOUNT" '$5 == m && / - cgroup .*[ ,]memory/ { f = 1 } END { exit !f }' \
	/proc/self/mountinfo || skip "no cgroup v1 memory hierarchy at $CG_MOUNT"
: "${KMB:?KMB must point at the kmembench binary}"
command -v jq >/dev/null || { echo "test_shrink.sh: jq is required"; exit 1; }

T=$(mktemp -d /tmp/kmb-shrink.XXXXXX)
PIDS=()
# shellcheck source=tests/integration/check-lib.sh
. "$(dirname "$0")/check-lib.sh"

# shellcheck source=tests/integration/run-lib.sh
. "$(dirname "$0")/run-lib.sh"

kmb() { start "$@"; finish "$PID"; }

leftovers() {
	ls -d "$CG"/r"$1"-* "$SCR/run-$1" "$SCR/run-$1.img" 2>/dev/null
	awk -v m="$SCR/run-$1" '$5 == m' /proc/self/mountinfo
}
no_leftovers() { [ -z "$(leftovers "$1")" ]; }
jqt() { jq -e "$2" "$1" >/dev/null 2>&1; }

cat >"$T/shrink.ini" <<'EOF'
[suite]
workloads = limit-shrink
ladder = unlimited
reps = 1
timeout = 120

[limit-shrink]
depth = 1
fanout = 4
files = 1000
steps = 4
cache = 2M
reclaim_writes = 2
EOF

cat >"$T/enomem.ini" <<'EOF'
[suite]
workloads = enomem-walk
ladder = 4M
reps = 1
timeout = 120

[enomem-walk]
depth = 1
fanout = 4
files = 2000
oom_kill_disable = 1
wait = 20
EOF

test_limit_shrink() {
	local d=$T/ls
	kmb ls run -p "$T/shrink.ini" -o "$d"
	local pid=$PID
	check "limit-shrink: exit 0 (rc $RC)" [ "$RC" -eq 0 ]
	check "limit-shrink: complete, one ok trial" \
		jqt "$d/run.json" '.complete and (.trials | length == 1) and .trials[0].status == "ok"'
	check "limit-shrink: usage recorded" jqt "$d/run.json" '.trials[0].extra.usage_bytes > 0'
	check "limit-shrink: every lowered limit is ok or EBUSY, below usage" jqt "$d/run.json" '
		.trials[0].extra as $x | $x.shrink_steps >= 1 and
		([range(1; $x.shrink_steps + 1) | tostring | "shrink_" + . ] |
		 all(. as $p | ($x[$p + "_result"] | IN("ok", "EBUSY")) and
		     $x[$p + "_limit_bytes"] < $x.usage_bytes and ($x[$p + "_ns"] > 0)))'
	check "limit-shrink: force_empty recorded for slab and cache" jqt "$d/run.json" '
		.trials[0].extra | .reclaim_knob == "memory.force_empty" and
		.reclaim_slab_1_result == "ok" and (.reclaim_cache_before | type == "number")'
	"$KMB" show "$d" >"$T/ls.show" 2>&1
	check "limit-shrink: show prints the lowered limits" grep -q "lowered limits" "$T/ls.show"
	check "limit-shrink: show prints the explicit shrink" grep -q "memory.force_empty" "$T/ls.show"
	check "limit-shrink: nothing left for pid $pid" no_leftovers "$pid"
}

test_enomem_walk() {
	local d=$T/en
	kmb en run -p "$T/enomem.ini" -o "$d"
	local pid=$PID
	check "enomem-walk: exit 0 (rc $RC)" [ "$RC" -eq 0 ]
	check "enomem-walk: oom_kill_disable was on, the walk ended" jqt "$d/run.json" '
		.trials[0].extra | .oom_kill_disable == 1 and (.walk_result | IN("done", "timeout", "died"))'
	check "enomem-walk: calls and ENOMEM counted per syscall" jqt "$d/run.json" '
		.trials[0].extra | .newfstatat_calls > 0 and (.newfstatat_enomem | type == "number")
		and (.openat_enomem | type == "number") and (.getdents64_enomem | type == "number")'
	"$KMB" show "$d" >"$T/en.show" 2>&1
	check "enomem-walk: show prints errors by syscall" grep -q "newfstatat" "$T/en.show"
	check "enomem-walk: nothing left for pid $pid" no_leftovers "$pid"
}

test_sigint() {
	sed 's/^reps = 1/reps = 50/' "$T/shrink.ini" >"$T/long.ini"
	local d=$T/int i
	start int run -p "$T/long.ini" -o "$d"
	local pid=$PID
	for ((i = 0; i < GUARD * 10; i++)); do
		[ "$(jq '.trials | length' "$d/run.json" 2>/dev/null || echo 0)" -ge 1 ] && break
		sleep 0.1
	done
	sleep 0.3
	kill -INT "$pid"
	finish "$pid"
	check "SIGINT: exit non-zero (rc $RC)" [ "$RC" -ne 0 ]
	check "SIGINT: run.json incomplete" jqt "$d/run.json" '.complete == false'
	check "SIGINT: nothing left for pid $pid" no_leftovers "$pid"
}

# bad NAME PROFILE-TEXT: the run is refused with exit 2 and one stderr line.
bad() {
	printf '%s\n' "$2" >"$T/bad.ini"
	kmb bad run -p "$T/bad.ini" -o "$T/bad-out"
	check "bad input $1: exit 2 (rc $RC)" [ "$RC" -eq 2 ]
	check "bad input $1: one stderr line" [ "$(wc -l <"$T/bad.err")" -eq 1 ]
}

test_bad_inputs() {
	bad "oom_kill_disable=2" $'[suite]\nworkloads = enomem-walk\n[enomem-walk]\noom_kill_disable = 2'
	bad "steps=9" $'[suite]\nworkloads = limit-shrink\n[limit-shrink]\nsteps = 9'
	bad "reclaim_writes=0" $'[suite]\nworkloads = limit-shrink\n[limit-shrink]\nreclaim_writes = 0'
	bad "unknown key" $'[suite]\nworkloads = limit-shrink\n[limit-shrink]\nlimit = 1M'
	bad "min_limit=1" $'[suite]\nworkloads = limit-shrink\n[limit-shrink]\nmin_limit = 1'
	local w=${BUILD:-build}/workloads/enomem-walk
	if [ -x "$w" ]; then
		"$w" --oom_kill_disable=3 run >"$T/w.out" 2>"$T/w.err"
		RC=$?
		check "standalone enomem-walk --oom_kill_disable=3: exit 2 (rc $RC)" [ "$RC" -eq 2 ]
		check "standalone: one stderr line" [ "$(wc -l <"$T/w.err")" -eq 1 ]
	fi
}

echo "# test_shrink.sh: KMB=$KMB temp=$T"
test_limit_shrink
test_enomem_walk
test_sigint
test_bad_inputs
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
