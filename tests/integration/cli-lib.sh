# cli-lib.sh - what test_cli.sh and test_cli_bad.sh share: the skip checks, $T, the run
# plumbing (start/finish, leftovers, wait_trials, jqt) and the tiny and long profiles.
# Sourced after setting NAME (the test's name for its messages); never run by itself.
# shellcheck shell=bash

CG_MOUNT=/sys/fs/cgroup/memory
CG=$CG_MOUNT/kmembench      # the suite's parent cgroup
SCR=/var/tmp/kmembench      # the default scratch root
GUARD=300                   # hang guard per kmembench call, seconds (not a timing)

skip() { echo "$NAME: SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (kmembench run creates cgroups, drops caches)"
awk -v m="$CG_MOUNT" '$5 == m && / - cgroup .*[ ,]memory/ { f = 1 } END { exit !f }' \
	/proc/self/mountinfo ||
	skip "no cgroup v1 memory hierarchy at $CG_MOUNT"
: "${KMB:?KMB must point at the kmembench binary}" "${BUILD:?BUILD must be the build dir}"
command -v jq >/dev/null || { echo "$NAME: jq is required"; exit 1; }
HOG=$(realpath "$BUILD/tests/helpers/hog") || { echo "$NAME: build hog first"; exit 1; }
RESULTS=$(realpath "$(dirname "$0")/../../results")

T=$(mktemp -d /tmp/kmb-cli.XXXXXX)
PIDS=()                     # kmembench processes this test started
# shellcheck source=tests/integration/check-lib.sh
. "$(dirname "$0")/check-lib.sh"

# ---- plumbing ---------------------------------------------------------------

# shellcheck source=tests/integration/run-lib.sh
. "$(dirname "$0")/run-lib.sh"

# kmb NAME ARGS...: runs kmembench to completion; sets PID and RC.
kmb() {
	start "$@"
	finish "$PID"
}

# leftovers PID: lists cgroups, scratch trees, images, mounts and loop devices
# owned by PID (empty when none).
leftovers() {
	ls -d "$CG"/r"$1"-* "$SCR/run-$1" "$SCR/run-$1.img" 2>/dev/null
	awk -v m="$SCR/run-$1" '$5 == m' /proc/self/mountinfo
	grep -lx "$SCR/run-$1.img.*" /sys/block/loop*/loop/backing_file 2>/dev/null
}
no_leftovers() { [ -z "$(leftovers "$1")" ]; }

# wait_trials FILE N: waits (up to the guard) until FILE holds >= N trials.
wait_trials() {
	local i
	for ((i = 0; i < GUARD * 10; i++)); do
		[ "$(jq '.trials | length' "$1" 2>/dev/null || echo 0)" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# jqt FILE FILTER: true when FILTER is true of FILE.
jqt() { jq -e "$2" "$1" >/dev/null 2>&1; }

# ---- profiles ---------------------------------------------------------------

cat >"$T/tiny.ini" <<'EOF'
[suite]
workloads = dentry-walk, inode-storm
ladder = root,unlimited,halve:16M/4M:1M
reps = 2
timeout = 120

[dentry-walk]
depth = 1
fanout = 4
files = 50

[inode-storm]
ops = 2000
files = 200
dirs = 20
buckets = 4
EOF

# Long enough (seconds per trial, many trials) to be interrupted mid-run.
cat >"$T/long.ini" <<'EOF'
[suite]
workloads = inode-storm
ladder = unlimited,64M/16M,32M/16M
reps = 20
timeout = 120

[inode-storm]
ops = 300000
EOF
