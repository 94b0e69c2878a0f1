#!/usr/bin/env bash
# test_scratchfs.sh - the suite-made loop filesystem (--fs), on real loop devices:
#   1. the default (ext4), xfs and btrfs: made, recorded in env.scratch_fs, removed;
#   2. --fs DIR: the directory used as is, no loop device;
#   3. SIGINT mid-run and SIGTERM during prepare: nothing left;
#   4. SIGKILL, then `kmembench cleanup`: mount, loop device and image removed;
#   5. hand-made leftovers of a dead run (a losetup device without autoclear):
#      cleanup removes them under a marked root, never under an unmarked one;
#   6. --fs xfs without mkfs.xfs in PATH: exit 1, one line, nothing created.
# Every run uses a private scratch root, so concurrent kmembench runs do not matter.
# Needs root, loop devices, mkfs.xfs and mkfs.btrfs (exit 77 otherwise).
# Env: KMB (kmembench binary).
set -u

skip() { echo "test_scratchfs.sh: SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (loop devices, mount, cgroups)"
[ -w /dev/loop-control ] || skip "no /dev/loop-control"
for p in mkfs.ext4 mkfs.xfs mkfs.btrfs losetup jq; do
	command -v "$p" >/dev/null || skip "$p not installed (scripts/packages.txt)"
done
: "${KMB:?KMB must point at the kmembench binary}"
GUARD=300 # hang guard per kmembench call, seconds (not a timing)

T=$(mktemp -d /tmp/kmb-fs.XXXXXX)
SCR=$(mktemp -d /var/tmp/kmb-fs-test.XXXXXX) # private scratch root (on disk, not tmpfs)
PIDS=()
# shellcheck source=tests/integration/check-lib.sh
. "$(dirname "$0")/check-lib.sh"
# start and finish; its cleanup is replaced below (this test also owns mounts and loops)
# shellcheck source=tests/integration/run-lib.sh
. "$(dirname "$0")/run-lib.sh"

# Unmounts whatever is still mounted below directory $1 (deepest first).
umount_below() {
	awk -v d="$1/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
		while read -r m; do umount -l "$m"; done
}

cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	"$KMB" cleanup --scratch "$SCR" >/dev/null 2>&1
	umount_below "$SCR"
	umount_below "$T"
	for p in /sys/block/loop*/loop/backing_file; do
		grep -q "^$SCR/\|^$T/" "$p" 2>/dev/null && losetup -d "/dev/${p#/sys/block/}" 2>/dev/null
	done
	rm -rf --one-file-system "$T" "$SCR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


kmb() { start "$@"; finish "$PID"; }
jqt() { jq -e "$2" "$1" >/dev/null 2>&1; }

# The three things a run's filesystem consists of, for pid $1 under root $2 (default $SCR).
mounted() { awk -v m="${2:-$SCR}/run-$1" '$5 == m { f = 1 } END { exit !f }' /proc/self/mountinfo; }
looped() { grep -qx "${2:-$SCR}/run-$1.img\( (deleted)\)\?" /sys/block/loop*/loop/backing_file 2>/dev/null; }
imaged() { [ -e "${2:-$SCR}/run-$1.img" ]; }
all_there() { mounted "$1" && looped "$1" && imaged "$1"; }
none_left() { ! mounted "$1" && ! looped "$1" && ! imaged "$1" && [ ! -e "$SCR/run-$1" ]; }

# wait_for SECONDS CMD...: polls until CMD succeeds.
wait_for() {
	local n=$(($1 * 10)) i; shift
	for ((i = 0; i < n; i++)); do "$@" && return 0; sleep 0.1; done
	return 1
}
has_trials() { [ "$(jq '.trials | length' "$1" 2>/dev/null || echo 0)" -ge 1 ]; }

cat >"$T/tiny.ini" <<'EOF'
[suite]
workloads = dentry-walk, inode-storm
ladder = root,unlimited
reps = 1
timeout = 60

[dentry-walk]
depth = 1
fanout = 4
files = 50

[inode-storm]
ops = 1000
files = 100
dirs = 10
buckets = 4
EOF

# Seconds per trial, many trials: long enough to be interrupted mid-run.
cat >"$T/long.ini" <<'EOF'
[suite]
workloads = inode-storm
ladder = unlimited,64M/16M
reps = 20
timeout = 120

[inode-storm]
ops = 300000
EOF

# A tree whose prepare phase takes seconds.
cat >"$T/bigtree.ini" <<'EOF'
[suite]
workloads = dentry-walk
ladder = root
reps = 1

[dentry-walk]
depth = 2
fanout = 10
files = 2000
EOF

# ---- 1. default, xfs, btrfs ---------------------------------------------------

test_default() {
	local d=$T/default
	kmb default run -p "$T/tiny.ini" --scratch "$SCR" -o "$d"
	check "default fs: run exits 0 (rc $RC)" [ "$RC" -eq 0 ]
	check "default fs: env.scratch_fs is a fresh ext4 on a loop device" jqt "$d/run.json" \
		".env.scratch_fs | .type == \"ext4\" and .source == \"loop\" and
		.path == \"$SCR/run-$PID\" and .image == \"$SCR/run-$PID.img\" and
		(.device | startswith(\"/dev/loop\")) and .size_bytes == 4294967296 and
		(.mount_options | type == \"string\")"
	check "default fs: mkfs.ext4 with an inode per 4K and no lazy init" jqt "$d/run.json" \
		'.env.scratch_fs.mkfs | test("^mkfs.ext4 .*-i 4096 .*lazy_itable_init=0,lazy_journal_init=0")'
	check "default fs: the journal is recorded" jqt "$d/run.json" '.env.scratch_ext4_journal == true'
	check "default fs: said so on stderr" grep -q "fresh ext4 filesystem on a loop device" "$T/default.err"
	check "default fs: no mount, loop device, image or tree left" none_left "$PID"
}

test_type() {
	local t=$1 size=$2 d=$T/$1
	kmb "$t" run -p "$T/tiny.ini" --scratch "$SCR" --fs "$t" --fs-size "$size" -o "$d"
	check "--fs $t: run exits 0 (rc $RC)" [ "$RC" -eq 0 ]
	check "--fs $t: env.scratch_fs.type is $t, size $size" jqt "$d/run.json" \
		".env.scratch_fs | .type == \"$t\" and .source == \"loop\" and
		(.mkfs | startswith(\"mkfs.$t \")) and .size_bytes == $(numfmt --from=iec "$size")"
	check "--fs $t: every trial ran" jqt "$d/run.json" '(.trials | length) == 4 and .complete'
	check "--fs $t: nothing left" none_left "$PID"
}

# ---- 2. --fs DIR ---------------------------------------------------------------

test_dir() {
	local d=$T/dir dir=$T/dirfs
	mkdir -p "$dir" # --fs DIR takes an existing directory
	kmb dir run -p "$T/tiny.ini" --fs "$dir" -o "$d"
	check "--fs DIR: run exits 0 (rc $RC)" [ "$RC" -eq 0 ]
	check "--fs DIR: recorded as source dir with the directory's type" jqt "$d/run.json" \
		".env.scratch_fs | .source == \"dir\" and .path == \"$dir\" and .mkfs == null and
		(.type | length > 0) and .type != \"unknown\""
	check "--fs DIR: env.scratch is the directory" jqt "$d/run.json" ".env.scratch == \"$dir\""
	check "--fs DIR: no loop device, no image" '! looped "$PID" "$dir" && ! imaged "$PID" "$dir"'
	check "--fs DIR: the run's tree is gone, the marked root stays" \
		'[ ! -e "$dir/run-$PID" ] && [ -f "$dir/.kmembench-scratch" ]'
}

# ---- 3. signals ------------------------------------------------------------------

test_full() {
	local d=$T/full
	kmb full run --scratch "$SCR" --fs ext4 --fs-size 32M -w inode-storm --ladder root -n 1 -o "$d"
	check "a 32M ext4 too small for inode-storm: exit 1 (rc $RC)" [ "$RC" -eq 1 ]
	check "the last line names the cause and the fix" \
		'tail -1 "$T/full.err" | grep -q "inode-storm prepare failed: scratch filesystem full (.*M at .*): inode-storm needs about [0-9]* inodes.*use a larger --fs-size"'
	check "no trial ran, the set is marked incomplete" \
		jqt "$d/run.json" '(.trials | length) == 0 and (.complete | not)'
	check "the 32M filesystem is gone" none_left "$PID"
}
test_sigint() {
	local d=$T/int
	start int run -p "$T/long.ini" --scratch "$SCR" -o "$d"
	local pid=$PID
	if ! wait_for "$GUARD" has_trials "$d/run.json"; then
		not_ok "SIGINT: run never recorded a trial"; finish "$pid"; return
	fi
	check "SIGINT: while running, mount, loop device and image exist" all_there "$pid"
	kill -INT "$pid"
	finish "$pid"
	check "SIGINT: exit 1 (rc $RC)" [ "$RC" -eq 1 ]
	check "SIGINT: incomplete result set" jqt "$d/run.json" '.complete == false'
	check "SIGINT: no mount, loop device, image or tree left" none_left "$pid"
}

test_sigterm_prepare() {
	local d=$T/term
	start term run -p "$T/bigtree.ini" --scratch "$SCR" -o "$d"
	local pid=$PID
	if ! wait_for 60 grep -q "preparing dentry-walk" "$T/term.err"; then
		not_ok "SIGTERM: run never reached prepare"; finish "$pid"; return
	fi
	check "SIGTERM: prepare runs on the mounted loop filesystem" all_there "$pid"
	kill -TERM "$pid"
	finish "$pid"
	check "SIGTERM during prepare: exit 1 (rc $RC)" [ "$RC" -eq 1 ]
	check "SIGTERM during prepare: no trial, incomplete" \
		jqt "$d/run.json" '.complete == false and (.trials | length) == 0'
	check "SIGTERM during prepare: nothing left" none_left "$pid"
}

# ---- 4. SIGKILL, then cleanup -----------------------------------------------------

test_sigkill() {
	local d=$T/kill
	start kill run -p "$T/long.ini" --scratch "$SCR" -o "$d"
	local pid=$PID
	wait_for "$GUARD" has_trials "$d/run.json" || not_ok "SIGKILL: run never recorded a trial"
	kill -KILL "$pid"
	finish "$pid"
	check "SIGKILL: mount, loop device and image are left" all_there "$pid"
	"$KMB" cleanup --scratch "$SCR" >"$T/cleanup.out" 2>&1
	local rc=$?
	check "cleanup exits 0 (rc $rc)" [ $rc -eq 0 ]
	check "cleanup says it unmounted run $pid's filesystem" \
		grep -q "unmounted $SCR/run-$pid left by dead run $pid" "$T/cleanup.out"
	check "cleanup says it removed run $pid's image" \
		grep -q "removed image $SCR/run-$pid.img left by dead run $pid" "$T/cleanup.out"
	check "cleanup: no mount, loop device, image or tree of run $pid left" none_left "$pid"
}

# ---- 5. hand-made leftovers -----------------------------------------------------------

# A pid that is surely no kmembench: a finished shell's.
dead_pid() { sh -c 'echo $$'; }

# fake_leftover ROOT PID: a run-PID.img (ext4) on a losetup device without
# autoclear (it stays after the unmount), mounted on ROOT/run-PID.
fake_leftover() {
	local dev
	mkdir -p "$1/run-$2" && truncate -s 64M "$1/run-$2.img" &&
		mkfs.ext4 -q -F "$1/run-$2.img" && dev=$(losetup -f --show "$1/run-$2.img") &&
		mount "$dev" "$1/run-$2"
}

test_handmade() {
	local pid foreign=$T/foreign
	pid=$(dead_pid)
	mkdir -p "$SCR" "$foreign" && touch "$SCR/.kmembench-scratch"
	if ! fake_leftover "$SCR" "$pid" || ! fake_leftover "$foreign" "$pid"; then
		not_ok "hand-made leftovers: cannot set them up"; return
	fi
	: >"$SCR/other.img"
	local dev
	dev=$(losetup -j "$SCR/run-$pid.img" -n -O NAME)
	"$KMB" cleanup --scratch "$SCR" >"$T/hand.out" 2>&1
	check "hand-made: cleanup exits 0 ($(tail -n 1 "$T/hand.out"))" [ $? -eq 0 ]
	check "hand-made: unmounted" '! mounted "$pid" && grep -q "unmounted $SCR/run-$pid " "$T/hand.out"'
	check "hand-made: loop device $dev detached" \
		'! looped "$pid" && grep -q "detached loop device $dev ($SCR/run-$pid.img)" "$T/hand.out"'
	check "hand-made: image removed" '! imaged "$pid" && grep -q "removed image $SCR/run-$pid.img" "$T/hand.out"'
	check "hand-made: a file not named run-PID.img stays" [ -e "$SCR/other.img" ]
	check "hand-made: under an unmarked directory nothing is touched" \
		'mounted "$pid" "$foreign" && looped "$pid" "$foreign" && imaged "$pid" "$foreign"'
	"$KMB" cleanup --scratch "$foreign" >/dev/null 2>&1
	check "hand-made: cleanup refuses an unmarked root (rc $?)" '[ $? -eq 2 ] && mounted "$pid" "$foreign"'
	dev=$(losetup -j "$foreign/run-$pid.img" -n -O NAME)
	umount "$foreign/run-$pid" && losetup -d "$dev"
	rm -f "$SCR/other.img"
}

# ---- 6. missing mkfs -------------------------------------------------------------------

test_no_mkfs() {
	local d=$T/nomkfs
	PATH=/usr/bin:/bin "$KMB" run -p "$T/tiny.ini" --scratch "$SCR/sub" --fs xfs -o "$d" \
		>"$T/nomkfs.out" 2>"$T/nomkfs.err"
	local rc=$?
	check "--fs xfs without mkfs.xfs: exit 1 (rc $rc)" [ $rc -eq 1 ]
	check "--fs xfs without mkfs.xfs: one line naming mkfs.xfs" \
		'[ "$(wc -l <"$T/nomkfs.err")" -eq 1 ] && grep -q "mkfs.xfs" "$T/nomkfs.err"'
	check "--fs xfs without mkfs.xfs: nothing created" '[ ! -e "$d" ] && [ ! -e "$SCR/sub" ]'
}

echo "# test_scratchfs.sh: KMB=$KMB temp=$T scratch=$SCR"
test_default
test_type xfs 320M
test_type btrfs 128M
test_dir
test_full
test_sigint
test_sigterm_prepare
test_sigkill
test_handmade
test_no_mkfs
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
