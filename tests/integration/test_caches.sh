#!/usr/bin/env bash
# test_caches.sh - run --caches and micro --caches end to end through $KMB on this box:
#   1. run --caches on a tiny walk (root, unlimited, 1 rep): one breakdown trial per step
#      after the timing trials, a dentry entry with objects > 0 at unlimited, env.caches,
#      no perf.data and nothing else left behind; show --caches, show's hint line, report;
#   2. micro --caches of pipe and open-close: caches[] per op, open-close's filp at about
#      1 per op, pipe's at about 2; nothing left behind;
#   3. tracefs as on a fresh machine: the test runs in a private mount namespace with
#      tracefs and debugfs unmounted, so kmembench must mount tracefs itself; it is gone
#      after a normal run, after SIGINT, and after SIGKILL + `kmembench cleanup`.
# No timing value is asserted. Bad --caches inputs are rows of test_cli.sh's table.
# Needs root, a cgroup v1 memory hierarchy and a perf that records the kmem tracepoints
# (exit 77 otherwise).
# Env: KMB (kmembench binary, its workloads and kmembench-micro beside it).
set -u

CG=/sys/fs/cgroup/memory/kmembench # the suite's parent cgroup
SCR=/var/tmp/kmembench             # the default scratch root
GUARD=300                          # hang guard per kmembench call, seconds (not a timing)

skip() { echo "test_caches.sh: SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (kmembench run creates cgroups, drops caches)"
[ -f /sys/fs/cgroup/memory/cgroup.procs ] || skip "no cgroup v1 memory hierarchy"
: "${KMB:?KMB must point at the kmembench binary}"
# A fresh machine has no tracefs: run in a private mount namespace without it (the host's
# mounts stay as they are), with kmembench's mount records in a state directory of ours.
if [ -z "${KMB_CACHES_NS:-}" ]; then
	command -v unshare >/dev/null || skip "unshare (util-linux) not installed"
	KMB_CACHES_NS=1 exec unshare -m --propagation private "$0" "$@"
fi
for m in /sys/kernel/debug/tracing /sys/kernel/tracing /sys/kernel/debug; do
	while awk -v m="$m" '$5 == m {f = 1} END {exit !f}' /proc/self/mountinfo; do
		umount "$m" || { echo "test_caches.sh: cannot unmount $m in the namespace"; exit 1; }
	done
done
command -v jq >/dev/null || { echo "test_caches.sh: jq is required"; exit 1; }
"$KMB" info --json | jq -e '.caches.usable' >/dev/null ||
	skip "run --caches does not work here: $("$KMB" info --json | jq -r .caches.why_not)"

T=$(mktemp -d /tmp/kmb-caches.XXXXXX)
export KMEMBENCH_STATE=$T/state
PIDS=()
# shellcheck source=tests/integration/check-lib.sh
. "$(dirname "$0")/check-lib.sh"
# shellcheck source=tests/integration/run-lib.sh
. "$(dirname "$0")/run-lib.sh"

jqt() { jq -e "$2" "$1" >/dev/null 2>&1; }
# leftovers PID: cgroups, scratch trees, images, mounts and loop devices owned by PID.
leftovers() {
	ls -d "$CG"/r"$1"-* "$SCR/run-$1" "$SCR/run-$1.img" 2>/dev/null
	awk -v m="$SCR/run-$1" '$5 == m' /proc/self/mountinfo
	grep -lx "$SCR/run-$1.img.*" /sys/block/loop*/loop/backing_file 2>/dev/null
}
no_leftovers() { [ -z "$(leftovers "$1")" ]; }

cat >"$T/tiny.ini" <<'INI'
[suite]
workloads = dentry-walk
ladder = root,unlimited
reps = 1
timeout = 120

[dentry-walk]
depth = 1
fanout = 4
files = 50
INI

test_run() {
	local d=$T/run
	start run run -p "$T/tiny.ini" --caches -o "$d"
	finish "$PID"
	[ "$RC" -eq 0 ] || echo "# $(tail -3 "$T/run.err")"
	check "run --caches exits 0 (rc $RC)" [ "$RC" -eq 0 ]
	check "run --caches: 2 timing trials, caches null" \
		jqt "$d/run.json" '[.trials[] | select(.attribution | not)] |
		length == 2 and all(.[]; .caches == null and .perf == null)'
	check "run --caches: one breakdown trial per step, after the timing trials, no perf" \
		jqt "$d/run.json" '[.trials[] | select(.attribution)] |
		(map(.step) | sort) == ["root", "unlimited"] and all(.[]; .seq > 2 and
		.perf == null and (.caches | type) == "object")'
	check "run --caches: caches objects have the keys, sorted by bytes, no error" \
		jqt "$d/run.json" '[.trials[] | select(.attribution) | .caches] | all(.[];
		.source == "perf kmem tracepoints" and (.events | length) == 3 and
		.total_bytes > 0 and .total_objects > 0 and .error == null and
		([.caches[].bytes] == ([.caches[].bytes] | sort | reverse)) and
		all(.caches[]; has("name") and has("kind") and has("objects") and has("bytes")))'
	check "run --caches: a dentry entry with objects > 0 at unlimited" \
		jqt "$d/run.json" '[.trials[] | select(.attribution and .step == "unlimited") |
		.caches.caches[] | select(.name == "dentry" and .kind == "slab")] |
		length == 1 and .[0].objects > 0 and .[0].bytes > 0'
	check "run --caches: env.caches names the events and their filters" \
		jqt "$d/run.json" '.env.caches.events == ["kmem:kmem_cache_alloc",
		"kmem:kmalloc", "kmem:mm_page_alloc"] and
		.env.caches.kernel_filters["kmem:kmem_cache_alloc"] == "accounted == 1" and
		.env.caches.reps == 1'
	check "run --caches: no perf.data in the set, nothing left for pid $PID" \
		'[ -z "$(find "$d" -name "perf.data*")" ] && no_leftovers "$PID"'
	echo "# $(jq -r '[.trials[] | select(.attribution and .step == "unlimited") |
		.caches.caches[:4][] | "\(.name) \(.objects)"] | join(", ")' "$d/run.json")"
	"$KMB" show "$d" >"$T/show.out" 2>&1
	check "show without --caches: the table, and one line naming the breakdown" \
		'grep -q "2 trials + 2 breakdown (caches)" "$T/show.out" &&
		 grep -q "per-cache breakdown present" "$T/show.out" && ! grep -q "ext4_inode" "$T/show.out"'
	"$KMB" show "$d" --caches >"$T/showc.out" 2>&1
	check "show --caches: a block per step with dentry in it" \
		'grep -q "dentry-walk at unlimited" "$T/showc.out" &&
		 grep -qE "^ +dentry +slab" "$T/showc.out"'
	check "show --json: steps[].caches" \
		'"$KMB" show "$d" --json | jq -e ".workloads[0].steps[] |
		select(.step == \"unlimited\") | .caches.caches | length > 0" >/dev/null'
	"$KMB" report -o "$T/report.md" "$d" >/dev/null 2>&1
	check "report: the section 'What gets charged, per cache' with dentry" \
		'grep -q "^## What gets charged, per cache" "$T/report.md" &&
		 grep -q "| \`dentry\` | slab" "$T/report.md"'
}

test_micro() {
	local d=$T/micro
	start micro micro --ops pipe,open-close --time 5 --caches --caches-ops 500 -o "$d"
	GUARD=120 finish "$PID"
	[ "$RC" -eq 0 ] || echo "# $(tail -3 "$T/micro.err")"
	check "micro --caches exits 0 (rc $RC)" [ "$RC" -eq 0 ]
	check "micro --caches: caches[] per op, arm unlimited, N 500, no error" \
		jqt "$d/run.json" '(.caches | map(.op) | sort) == ["open-close", "pipe"] and
		all(.caches[]; .arm == "unlimited" and .ops == 500 and .error == null and
		.bytes_per_op > 0)'
	check "micro --caches: open-close charges about one filp per op, pipe two" \
		jqt "$d/run.json" '([.caches[] | select(.op == "open-close") | .caches[] |
		select(.name == "filp") | .objects_per_op][0] | . > 0.9 and . < 1.1) and
		([.caches[] | select(.op == "pipe") | .caches[] |
		select(.name == "filp") | .objects_per_op][0] | . > 1.9 and . < 2.1)'
	check "micro --caches: env.caches, nothing left for pid $PID" \
		'jqt "$d/run.json" ".env.caches.ops_per_run == [500, 1000]" && no_leftovers "$PID"'
	"$KMB" show "$d" --caches >"$T/mshow.out" 2>&1
	check "show --caches of a micro set: per op, filp in it" \
		'grep -q "open-close (unlimited, N = 500)" "$T/mshow.out" &&
		 grep -qE "^ +filp +slab" "$T/mshow.out"'
}

# tracefs_mounted: is tracefs (or debugfs) mounted anywhere in this namespace?
tracefs_mounted() { grep -qE ' - (tracefs|debugfs) ' /proc/self/mountinfo; }

# wait_mounted PID: until tracefs is mounted while PID runs (10 s at most).
wait_mounted() {
	local i
	for ((i = 0; i < 100; i++)); do
		tracefs_mounted && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

test_mounts() {
	check "the namespace starts without tracefs or debugfs" '! tracefs_mounted'
	check "info: caches usable, mounts tracefs itself, leaves it unmounted" \
		'"$KMB" info --json | jq -e ".caches.usable and .caches.mounts_tracefs" >/dev/null &&
		 ! tracefs_mounted'
	check "run --caches recorded the mount in env.caches.mounted, unmounted it after" \
		'jqt "$T/run/run.json" ".env.caches.mounted == [{\"fs\": \"tracefs\",
		 \"target\": \"/sys/kernel/tracing\"}]" && ! tracefs_mounted'
	local sig
	for sig in INT TERM; do
		start "sig$sig" run --caches --ladder root -n 1 -o "$T/sig$sig" -- sleep 30
		check "SIG$sig: tracefs is mounted while the run goes" wait_mounted "$PID"
		kill -"$sig" "$PID"
		finish "$PID"
		check "SIG$sig: the run stops (rc $RC) and unmounts tracefs, no leftovers" \
			'[ "$RC" -eq 1 ] && ! tracefs_mounted && no_leftovers "$PID"'
	done
	start kill run --caches --ladder root -n 1 -o "$T/kill" -- sleep 30
	check "SIGKILL: tracefs is mounted while the run goes" wait_mounted "$PID"
	kill -KILL "$PID"
	wait "$PID" 2>/dev/null
	check "SIGKILL: the mount stays until cleanup" tracefs_mounted
	"$KMB" cleanup >"$T/cleanup.out" 2>&1
	check "cleanup unmounts it and says so" \
		'! tracefs_mounted && grep -q "unmounted /sys/kernel/tracing" "$T/cleanup.out" &&
		 no_leftovers "$PID"'
	check "cleanup leaves no mount record" '[ -z "$(ls "$KMEMBENCH_STATE"/*.use 2>/dev/null)" ]'
}

echo "# test_caches.sh: KMB=$KMB temp=$T (private mount namespace, tracefs unmounted)"
test_run
test_micro
test_mounts
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
