#!/usr/bin/env bash
# test_micro.sh - kmembench micro end to end through $KMB on this box's real memory cgroup:
#   1. a 5-second run of two ops: exit 0, run.json with the contract keys (micro[],
#      overhead[]), gbench.json kept, show/compare/plot of the set, nothing left behind;
#   2. SIGINT mid-run: incomplete result set, nothing left behind.
# No timing value is asserted. Its bad-input cases are rows of test_cli.sh's table.
# Needs root and a cgroup v1 memory hierarchy (exit 77 otherwise).
# Env: KMB (kmembench binary built with its workloads/kmembench-micro beside it).
set -u

CG=/sys/fs/cgroup/memory/kmembench # the suite's parent cgroup
SCR=/var/tmp/kmembench             # the default scratch root
GUARD=120                          # hang guard per kmembench call, seconds (not a timing)

skip() { echo "test_micro.sh: SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (kmembench micro creates cgroups)"
[ -f /sys/fs/cgroup/memory/cgroup.procs ] || skip "no cgroup v1 memory hierarchy"
: "${KMB:?KMB must point at the kmembench binary}"
command -v jq >/dev/null || { echo "test_micro.sh: jq is required"; exit 1; }

T=$(mktemp -d /tmp/kmb-micro.XXXXXX)
trap 'rm -rf "$T"' EXIT
# The smallest set of trials, for the "do not mix kinds" check.
TRIALS_SET=$T/trials
mkdir "$TRIALS_SET" && echo '{"schema": 1, "trials": [{"workload": "w", "step": "root",
	"sys_s": 1.0, "status": "ok"}]}' >"$TRIALS_SET/run.json"
# shellcheck source=tests/integration/check-lib.sh
. "$(dirname "$0")/check-lib.sh"

jqt() { jq -e "$2" "$1" >/dev/null 2>&1; }
# leftovers PID: cgroups and scratch trees owned by PID (empty when none).
leftovers() { ls -d "$CG"/r"$1"-* "$SCR/run-$1" 2>/dev/null; }
no_leftovers() { [ -z "$(leftovers "$1")" ]; }

TOP_KEYS='["schema","kernel","cmdline","cgroup_version","virt","profile","label","trials"]'
MICRO_KEYS='["op","arm","ns_per_op","mean_ns","ci95_ns"]'
OVH_KEYS='["op","arm","pct","ci95_pct"]'

test_run() {
	local d=$T/m
	timeout -s INT "$GUARD" "$KMB" micro --ops pipe,open-close --time 5 -o "$d" \
		>"$T/m.out" 2>"$T/m.err" &
	local pid=$!
	wait $pid
	local rc=$?
	[ $rc -eq 0 ] || echo "# $(tail -3 "$T/m.err")"
	check "micro exits 0 (rc $rc)" [ $rc -eq 0 ]
	check "micro prints the result directory" grep -qx "$d" "$T/m.out"
	check "micro: header keys, complete" \
		jqt "$d/run.json" "($TOP_KEYS - keys == []) and .complete == true"
	check "micro: micro[] = pipe, open-close x root, unlimited, with the keys" \
		jqt "$d/run.json" "([.micro[] | .op + \"@\" + .arm] | sort) == [\"open-close@root\",
		\"open-close@unlimited\", \"pipe@root\", \"pipe@unlimited\"] and all(.micro[];
		($MICRO_KEYS - keys == []) and (.ns_per_op | length) >= 5 and
		(.mean_ns | type) == \"number\" and (.ci95_ns | type) == \"number\")"
	check "micro: overhead[] per op for unlimited, with pct and ci95_pct" \
		jqt "$d/run.json" "([.overhead[] | .op + \"@\" + .arm] | sort) ==
		[\"open-close@unlimited\", \"pipe@unlimited\"] and all(.overhead[];
		($OVH_KEYS - keys == []) and (.pct | type) == \"number\")"
	check "micro: env records the plan and the fresh ext4 loop filesystem of the disk ops" \
		jqt "$d/run.json" '(.env.micro.reps > 0) and .env.scratch_fs.type == "ext4" and
		.env.scratch_fs.source == "loop"'
	check "micro: Google Benchmark's JSON kept as gbench.json" \
		jqt "$d/gbench.json" '.benchmarks | length > 0'
	check "micro: no cgroup or scratch left for pid $pid" no_leftovers "$pid"

	"$KMB" show "$d" >"$T/show.out" 2>&1
	check "show of a micro set exits 0 with a pipe table" \
		'[ $? -eq 0 ] && grep -q "^pipe" "$T/show.out" && grep -q "vs root" "$T/show.out"'
	check "show --json of a micro set" \
		'"$KMB" show --json "$d" | jq -e ".kind == \"micro\" and (.ops | length) == 2" >/dev/null'
	"$KMB" compare "$d" "$d" >"$T/cmp.out" 2>&1
	check "compare of two micro sets exits 0 with a change column" \
		'[ $? -eq 0 ] && grep -q "unlimited vs root" "$T/cmp.out" && grep -q " pp" "$T/cmp.out"'
	"$KMB" compare "$d" "$TRIALS_SET" >"$T/mix.out" 2>&1
	check "compare of a micro set with a set of trials exits 2" '[ $? -eq 2 ]'
	"$KMB" plot -o "$T/m.png" "$d" >"$T/plot.out" 2>&1
	check "plot of a micro set draws the per-op overhead (gnuplot ran, png written)" \
		'[ $? -eq 0 ] && [ -s "$T/m.png" ] && grep -q "'"'pipe' [01]"'" "$T/m.data/meta.gp" \
		 && [ -s "$T/m.data/1.dat" ]'
	"$KMB" report -o "$T/report.md" "$d" >"$T/report.out" 2>&1
	check "report of a micro set has the per-operation section, pipe, open-close, its plot" \
		'[ $? -eq 0 ] && [ -s "$T/plots/limit-vs-sys-micro.png" ] && grep -q "^## Per-operation cost" "$T/report.md" \
		 && grep -q "^| pipe " "$T/report.md" && grep -q "^| open-close " "$T/report.md"'
	# An A/B group folder (as make ab writes it), its boots the same set twice a side.
	mkdir -p "$T/group" && cp -r "$d" "$T/group/a1" && cp -r "$d" "$T/group/a2" &&
		cp -r "$d" "$T/group/b1" && cp -r "$d" "$T/group/b2"
	echo '{"a": "K1", "b": "K2", "profile": "p.ini", "order": "ABBA", "sets": [
		{"path": "a1", "side": "a"}, {"path": "b1", "side": "b"},
		{"path": "b2", "side": "b"}, {"path": "a2", "side": "a"}]}' >"$T/group/manifest.json"
	"$KMB" report -o "$T/report2.md" "$d" "$T/group" >"$T/report2.out" 2>&1
	check "report of a set and an A/B group has the group's multi-boot table" \
		'[ $? -eq 0 ] && grep -q "^## Kernel A/B over several boots" "$T/report2.md" \
		 && grep -q "A = .K1., B = .K2." "$T/report2.md" && grep -q "^  pipe " "$T/report2.md" \
		 && grep -q "(A/B group)" "$T/report2.md"'
}

test_sigint() {
	local d=$T/int i
	"$KMB" micro --ops pipe,fork --time 60 -o "$d" >"$T/int.out" 2>"$T/int.err" &
	local pid=$!
	for ((i = 0; i < GUARD * 10; i++)); do
		leftovers "$pid" | grep -q micro-unlimited && break
		sleep 0.1
	done
	sleep 1
	kill -INT "$pid"
	timeout "$GUARD" tail --pid="$pid" -f /dev/null
	kill -0 "$pid" 2>/dev/null && { echo "# pid $pid hangs after SIGINT: killing it"; kill -KILL "$pid"; }
	wait "$pid"
	local rc=$?
	check "micro SIGINT: exit non-zero (rc $rc)" [ $rc -ne 0 ]
	check "micro SIGINT: run.json complete=false with interrupted_by" \
		jqt "$d/run.json" '.complete == false and (.env.interrupted_by | type == "string")'
	check "micro SIGINT: no cgroup or scratch left for pid $pid" no_leftovers "$pid"
}

echo "# test_micro.sh: KMB=$KMB temp=$T"
test_run
test_sigint
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
