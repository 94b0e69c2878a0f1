#!/usr/bin/env bash
# test_cli.sh - kmembench end to end through $KMB on this box's real memory cgroup:
#   1. a quick real run (tiny profile): exit 0, run.json with the contract keys,
#      `show` works, nothing left behind; fio-meta at root and unlimited (with fio);
#   2. `-- CMD` outcomes are data: non-zero exit, deadline, OOM kill;
#   3. SIGINT mid-run: incomplete result set, nothing left behind;
#   4. SIGKILL mid-run: `kmembench cleanup`, and the next run, remove what it left;
#   5. a table of bad inputs: exit 2, one stderr line naming the value, nothing changed
#      (kmembench micro's too; its runs are in test_micro.sh; fio-meta without fio), among
#      them --perf without a usable perf (KMEMBENCH_PERF naming a missing program, or one
#      that fails), and --caches likewise;
#   6. run --perf: attribution trials with a memcg share, apart from the timing trials.
# Needs root (exit 77 otherwise). Other kmembench runs may share the suite's
# parent cgroup and scratch root: every check looks only at the pid it started.
# Env: KMB (kmembench binary), BUILD (build dir with tests/helpers/).
set -u

CG_MOUNT=/sys/fs/cgroup/memory
CG=$CG_MOUNT/kmembench      # the suite's parent cgroup
SCR=/var/tmp/kmembench      # the default scratch root
GUARD=300                   # hang guard per kmembench call, seconds (not a timing)

skip() { echo "test_cli.sh: SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (kmembench run creates cgroups, drops caches)"
awk -v m="$CG_MOUNT" '$5 == m && / - cgroup .*[ ,]memory/ { f = 1 } END { exit !f }' \
	/proc/self/mountinfo ||
	skip "no cgroup v1 memory hierarchy at $CG_MOUNT"
: "${KMB:?KMB must point at the kmembench binary}" "${BUILD:?BUILD must be the build dir}"
command -v jq >/dev/null || { echo "test_cli.sh: jq is required"; exit 1; }
HOG=$(realpath "$BUILD/tests/helpers/hog") || { echo "test_cli.sh: build hog first"; exit 1; }
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

# ---- 1. a quick real run ------------------------------------------------------

TOP_KEYS='["schema","kernel","cmdline","cgroup_version","virt","profile","label","trials"]'
TRIAL_KEYS='["workload","step","hard_bytes","soft_bytes","rep","real_s","user_s","sys_s",
	"exit_status","signal","oom_killed","failcnt","events","peak_bytes","kmem_peak_bytes","stat"]'

test_quick_run() {
	local d=$T/quick
	kmb quick run -p "$T/tiny.ini" -o "$d"
	check "quick run exits 0 (rc $RC)" [ "$RC" -eq 0 ]
	check "quick run: run.json is valid JSON" jqt "$d/run.json" .
	check "quick run: top-level contract keys" \
		jqt "$d/run.json" "$TOP_KEYS - keys == []"
	check "quick run: every trial has the contract keys" \
		jqt "$d/run.json" ".trials | length > 0 and all(.[]; $TRIAL_KEYS - keys == [])"
	check "quick run: complete=true" jqt "$d/run.json" '.complete == true'
	check "quick run: both workloads at root, unlimited and 16M/4M" \
		jqt "$d/run.json" '[.trials[] | .workload + "@" + .step] as $s |
		all("dentry-walk@root", "dentry-walk@unlimited", "dentry-walk@16M/4M",
		    "inode-storm@root", "inode-storm@unlimited", "inode-storm@16M/4M";
		    . as $x | any($s[]; . == $x))'
	check "quick run: kernel and cgroup_version recorded" \
		jqt "$d/run.json" '(.kernel | length > 0) and .cgroup_version == 1'
	check "quick run: no cgroup or scratch left for pid $PID" no_leftovers "$PID"
	"$KMB" show "$d" >"$T/show.out" 2>"$T/show.err"
	local rc=$?
	if [ $rc -ne 0 ] && grep -q "not implemented" "$T/show.err"; then
		ok "# SKIP show is not implemented on this branch"
	else
		check "show DIR exits 0 (rc $rc)" [ $rc -eq 0 ]
		check "show DIR prints the unlimited row" grep -q unlimited "$T/show.out"
	fi
}

# fio-meta at a tiny size (needs fio): root and unlimited trials carry fio's per-op
# latencies in extra; the trial's rusage covers fio; show prints the fio table.
cat >"$T/fio.ini" <<'EOF'
[suite]
ladder = root, unlimited
reps = 1
timeout = 120

[fio-meta]
files = 50
EOF

FIO_KEYS='[("create", "stat", "delete") as $op | ("mean_ns", "p50_ns", "p99_ns", "iops") as $f |
	"fio_\($op)_\($f)"]'

test_fio_run() {
	local d=$T/fio
	if ! command -v fio >/dev/null; then
		ok "# SKIP fio-meta: fio is not installed"
		return
	fi
	kmb fio run -p "$T/fio.ini" -w fio-meta -o "$d"
	check "fio-meta run exits 0 (rc $RC)" [ "$RC" -eq 0 ]
	check "fio-meta: one ok trial at root and one at unlimited" \
		jqt "$d/run.json" '[.trials[] | select(.status == "ok") | .step] | sort == ["root", "unlimited"]'
	check "fio-meta: every trial's extra has create/stat/delete mean, p50, p99 (ns) and iops > 0" \
		jqt "$d/run.json" "$FIO_KEYS as \$k | .trials | all(.[]; .extra as \$x |
		all(\$k[]; (\$x[.] | type == \"number\") and \$x[.] > 0))"
	check "fio-meta: 50 operations per phase, p50 <= p99, nothing left in the tree" \
		jqt "$d/run.json" '.trials | all(.[]; .extra |
		.fio_create_ops == 50 and .fio_stat_ops == 50 and .fio_delete_ops == 50 and
		.fio_create_p50_ns <= .fio_create_p99_ns and .leftover_files == 0 and .stale_files == 0)'
	check "fio-meta: cold stats, one cache drop per trial; fio's version recorded" \
		jqt "$d/run.json" '.trials | all(.[]; .extra | .stat_drops == 1 and
		(.fio_version | startswith("fio-")))'
	check "fio-meta: the trial's sys time covers fio's (wait4 of fio inside the workload)" \
		jqt "$d/run.json" '.trials | all(.[]; .sys_s > 0 and .sys_s >= .extra.fio_sys_s - 1e-6)'
	check "fio-meta: no cgroup or scratch left for pid $PID" no_leftovers "$PID"
	"$KMB" show "$d" >"$T/fio-show.out" 2>&1
	check "show of a fio-meta set prints the per-op latency table" \
		'grep -q "fio per-op latency" "$T/fio-show.out" && grep -Eq "^ +unlimited +create +50 " "$T/fio-show.out"'
}

# ---- 2. -- CMD: failures are data -----------------------------------------------

test_cmd_exit() {
	local d=$T/exit3
	kmb exit3 run --ladder root,unlimited -n 1 -o "$d" -- sh -c 'exit 3'
	check "-- sh -c 'exit 3': run exits 0 (rc $RC)" [ "$RC" -eq 0 ]
	check "-- sh -c 'exit 3': exit_status 3, status exit" \
		jqt "$d/run.json" '.trials[0] | .exit_status == 3 and .status == "exit"'
	check "-- sh -c 'exit 3': no leftovers" no_leftovers "$PID"
}

test_cmd_timeout() {
	local d=$T/hang
	kmb hang run --ladder root,unlimited -n 2 --timeout 2 -o "$d" -- sleep 100
	check "-- sleep 100 --timeout 2: run exits 0 (rc $RC)" [ "$RC" -eq 0 ]
	check "-- sleep 100: every trial timed out and was killed" \
		jqt "$d/run.json" '.trials | length > 0 and
		all(.[]; .status == "timeout" and .signal == 9 and .real_s < 60)'
	check "-- sleep 100: the run went on after a timeout (2 trials, complete)" \
		jqt "$d/run.json" '(.trials | length) == 2 and .complete == true'
	check "-- sleep 100: no leftovers" no_leftovers "$PID"
}

test_cmd_oom() {
	local d=$T/oom
	kmb oom run --ladder 16M -n 1 -o "$d" -- "$HOG" 64
	check "-- hog 64 at 16M: run exits 0 (rc $RC)" [ "$RC" -eq 0 ]
	check "-- hog 64 at 16M: recorded oom / oom_killed" \
		jqt "$d/run.json" '.trials[0] | .status == "oom" and .oom_killed == true'
	check "-- hog 64: no leftovers" no_leftovers "$PID"
}

# ---- 3. SIGINT mid-run ----------------------------------------------------------

test_sigint() {
	local d=$T/int
	start int run -p "$T/long.ini" -o "$d"
	local pid=$PID
	if ! wait_trials "$d/run.json" 1; then
		not_ok "SIGINT: run never recorded a trial"; finish "$pid"; return
	fi
	kill -INT "$pid"
	finish "$pid"
	check "SIGINT: exit non-zero (rc $RC)" [ "$RC" -ne 0 ]
	check "SIGINT: run.json complete=false with interrupted_by" \
		jqt "$d/run.json" '.complete == false and
		((.interrupted_by // .env.interrupted_by) | type == "string")'
	check "SIGINT: the trials done so far are kept" jqt "$d/run.json" '.trials | length >= 1'
	check "SIGINT: no cgroup or scratch left for pid $pid" no_leftovers "$pid"
}

# ---- 4. SIGKILL mid-run -----------------------------------------------------------

# killed_run NAME: starts the long run, SIGKILLs it after its first trial; sets PID.
killed_run() {
	start "$1" run -p "$T/long.ini" -o "$T/$1"
	wait_trials "$T/$1/run.json" 1 || { not_ok "SIGKILL: run never recorded a trial"; }
	kill -KILL "$PID"
	finish "$PID"
}

test_sigkill_cleanup() {
	killed_run kill1
	local pid=$PID
	check "SIGKILL: the killed run left its scratch tree" [ -d "$SCR/run-$pid" ]
	"$KMB" cleanup >"$T/cleanup.out" 2>&1
	local rc=$?
	check "cleanup exits 0 (rc $rc)" [ $rc -eq 0 ]
	if [ -d "$SCR/run-$pid" ] || grep -q "run-$pid\|r$pid-" "$T/cleanup.out"; then
		check "cleanup says it removed run $pid's leftovers" \
			grep -q "removed .*run-$pid\|removed .*r$pid-" "$T/cleanup.out"
	else
		ok "# cleanup: a concurrent kmembench removed run $pid's leftovers first"
	fi
	check "cleanup: nothing of pid $pid remains" no_leftovers "$pid"
	check "cleanup: the killed run's run.json is still valid" jqt "$T/kill1/run.json" .
}

test_sigkill_next_run() {
	killed_run kill2
	local pid=$PID
	kmb next run --ladder root -n 1 -o "$T/next" -- true
	check "next run exits 0 (rc $RC)" [ "$RC" -eq 0 ]
	check "next run says it removed dead run $pid's leftovers" \
		grep -q "removed .*left by dead run $pid" "$T/next.err"
	check "next run: nothing of pid $pid remains" no_leftovers "$pid"
}

# ---- 5. bad inputs ------------------------------------------------------------------

# others: pids of other users of the suite's parent cgroup: kmembench runs and
# anything named kmembench-* (test_cgroup_v1's kmembench-itest, kmembench-micro).
others() { pgrep '^kmembench'; }

# snapshot PID: what a kmembench call could change. Entries of other runs
# (r<N>-*, run-<N>[.img] with N != PID) come and go with concurrent runs and
# are left out; bad() drops the parent's lines unless they can show its creation.
snapshot() {
	local pid=$1
	echo "## cgroup parent"
	# shellcheck disable=SC2010 # a listing is what is compared
	ls -A "$CG" 2>/dev/null | grep -Ev '^r[0-9]+-' | sed 's/^/parent: /' || true
	ls -d "$CG"/r"$pid"-* 2>/dev/null
	echo "## scratch root"
	# shellcheck disable=SC2010
	ls -A "$SCR" 2>/dev/null | grep -Ev '^run-[0-9]+(\.img)?$' || true
	ls -d "$SCR/run-$pid" "$SCR/run-$pid.img" 2>/dev/null
	echo "## mounts and loop devices"
	awk -v m="$SCR/run-$pid" '$5 == m' /proc/self/mountinfo
	grep -lx "$SCR/run-$pid.img.*" /sys/block/loop*/loop/backing_file 2>/dev/null
	[ -f "$SCR/.kmembench-scratch" ] && cat "$SCR/.kmembench-scratch"
	echo "## temp dirs"
	(cd "$T" && find . -path ./bad -prune -o -print | LC_ALL=C sort)
	echo "## results"
	ls -A "$RESULTS" 2>/dev/null
	if [ -z "$(others)" ]; then
		echo "## parent exists: $([ -d "$CG" ] && echo yes || echo no)"
	fi
}

# bad NEEDLE ARGS...: kmembench ARGS must exit 2 with exactly one stderr line
# containing NEEDLE (the bad value), and change nothing.
bad() {
	local needle=$1; shift
	local quiet_before quiet_after had_parent
	mkdir -p "$T/bad/cwd"
	quiet_before=$(others)
	had_parent=$([ -d "$CG" ] && echo yes)
	snapshot none >"$T/bad/before"
	(cd "$T/bad/cwd" && exec "$KMB" "$@") >"$T/bad/out" 2>"$T/bad/err" &
	PID=$!
	PIDS+=("$PID")
	GUARD=60 finish "$PID"
	quiet_after=$(others)
	snapshot "$PID" >"$T/bad/after"
	# The parent (its existence, its files) is compared only to catch its
	# creation, and only when no other user was seen: others create and remove it.
	# A snapshot leaves its parent line out when it saw another run itself (one can
	# start between the others() checks here and the snapshot's own).
	if [ -n "$quiet_before$quiet_after$had_parent" ] ||
		! grep -q '^## parent exists' "$T/bad/before" ||
		! grep -q '^## parent exists' "$T/bad/after"; then
		sed -i '/^## parent exists/d; /^parent: /d' "$T/bad/before" "$T/bad/after"
	fi
	ls -A "$T/bad/cwd" | sed 's/^/cwd: /' >>"$T/bad/after"
	local lines what
	what="kmembench$(printf " %q" "$@")"
	lines=$(wc -l <"$T/bad/err")
	if [ "$RC" -ne 2 ]; then
		not_ok "$what: exit $RC, want 2: $(head -c 300 "$T/bad/err")"
	elif [ "$lines" -ne 1 ]; then
		not_ok "$what: $lines stderr lines, want 1: $(head -c 300 "$T/bad/err")"
	elif ! grep -qF -- "$needle" "$T/bad/err"; then
		not_ok "$what: message does not name '$needle': $(cat "$T/bad/err")"
	elif ! diff -u "$T/bad/before" "$T/bad/after" >"$T/bad/diff"; then
		not_ok "$what: changed something: $(cat "$T/bad/diff")"
	else
		ok "bad input: $what"
	fi
	rm -rf "$T/bad/cwd"
}

# prof NAME TEXT: writes a profile into $T and prints its path.
prof() { printf '%b' "$2" >"$T/$1" && echo "$T/$1"; }

test_bad_inputs() {
	mkdir -p "$T/foreign" "$T/nonempty" "$T/emptydir"
	touch "$T/foreign/precious" "$T/nonempty/result" "$T/afile"
	local P=$T RESULTS_SET
	RESULTS_SET=$(realpath "$(dirname "$0")/../fixtures/base")
	# sizes
	bad "16X/4M"               run --ladder 16X/4M
	bad "16MB"                 run --ladder root,16MB
	bad "'0'"                  run --ladder 0
	bad "0K/0K"                run --ladder 0K/0K
	bad "-16M/4M"              run --ladder -16M/4M
	bad "99999999999999999999M" run --ladder 99999999999999999999M
	bad "2048G"                run --ladder 2048G
	bad "1K"                   run --ladder 1K
	bad "4M/8M"                run --ladder 4M/8M
	bad "16M/"                 run --ladder 16M/
	# ladder syntax
	bad "root,,unlimited"      run --ladder root,,unlimited
	bad "ladder"               run --ladder ''
	bad "roots"                run --ladder roots
	bad "'root'"               run --ladder root,unlimited,root
	bad "halve:16M/4M"         run --ladder halve:16M/4M
	bad "halve:1M/512K:4M"     run --ladder halve:1M/512K:4M
	bad "'abc'"                run --ladder halve:16M/4M:abc
	# repetitions
	bad "'0'"                  run -n 0
	bad "'-1'"                 run -n -1
	bad "'abc'"                run -n abc
	bad "'1001'"               run -n 1001
	bad "'2.5'"                run -n 2.5
	bad "'-n'"                 run -n
	# timeouts
	bad "'0'"                  run --timeout 0
	bad "'-3'"                 run --timeout -3
	bad "'abc'"                run --timeout abc
	bad "'1e9'"                run --timeout 1e9
	bad "'nan'"                run --timeout nan
	# workloads and commands
	bad "'nope'"               run -w nope
	bad "'dentry-walk,'"       run -w dentry-walk,
	bad "''"                   run -w ''
	bad "missing command"      run --
	bad "'dentry-walk'"        run -w dentry-walk -- true
	bad "/nonexistent/cmd"     run -- /nonexistent/cmd
	bad "'stray'"              run stray
	# profiles
	bad "$P/missing.ini"       run -p "$P/missing.ini"
	bad "'$P'"                 run -p "$P"
	bad "line 1"               run -p "$(prof syntax.ini '[suite\nreps = 3\n')"
	bad "'repz'"               run -p "$(prof key.ini '[suite]\nrepz = 3\n')"
	bad "[nosuch]"             run -p "$(prof section.ini '[nosuch]\nx = 1\n')"
	bad "'filez'"              run -p "$(prof wlkey.ini '[dentry-walk]\nfilez = 1\n')"
	bad "'-1'"                 run -p "$(prof wlval.ini '[dentry-walk]\nfiles = -1\n')"
	bad "'nope'"               run -p "$(prof wl.ini '[suite]\nworkloads = dentry-walk, nope\n')"
	bad "'4M/8M'"              run -p "$(prof ladder.ini '[suite]\nladder = root,4M/8M\n')"
	bad "'0'"                  run -p "$(prof wltime.ini '[inode-storm]\ntimeout = 0\n')"
	bad "'0.5'"                run -p "$(prof reps.ini '[suite]\nreps = 0.5\n')"
	bad "line 1"               run -p "$(prof nosection.ini 'reps = 3\n')"
	bad "$P/empty.ini"         run -p "$(prof empty.ini '')"
	bad "$P/comments.ini"      run -p "$(prof comments.ini '; nothing here\n[suite]\n')"
	bad "'zfs'"                run -p "$(prof fs.ini '[suite]\nfs = zfs\n')"
	bad "'100M'"               run -p "$(prof fssize.ini '[suite]\nfs = xfs\nfs_size = 100M\n')"
	# scratch, output, label
	bad "'/'"                  run --scratch /
	bad "'relative/dir'"       run --scratch relative/dir
	bad "'$P/foreign'"         run --scratch "$P/foreign"
	bad "'$P/afile'"           run --scratch "$P/afile"
	bad "'$P/../tmp'"          run --scratch "$P/../tmp"
	bad "'$P/nonempty'"        run -o "$P/nonempty"
	bad "'$P/afile'"           run -o "$P/afile"
	bad "output directory"     run -o ''
	bad "'/proc/x'"            run -o /proc/x
	bad "'/nonexistent/x'"     run -o /nonexistent/x
	bad "'$P/afile/x'"         run -o "$P/afile/x"
	# scratch filesystem
	bad "'ext3'"               run --fs ext3
	bad "'relative/dir'"       run --fs relative/dir
	bad "'/'"                  run --fs /
	bad "'$P/foreign'"         run --fs "$P/foreign"
	bad "'--fs'"               run --fs
	bad "'1X'"                 run --fs-size 1X
	bad "'1M'"                 run --fs-size 1M
	bad "'100M'"               run --fs btrfs --fs-size 100M
	bad "'1G'"                 run --fs "$P/emptydir" --fs-size 1G
	bad "'$P/emptydir'"        run --fs "$P/emptydir" --scratch "$P/other"
	bad "'a b'"                run --label 'a b'
	bad "'$P/no-such-dir'"     run --fs "$P/no-such-dir" --ladder root -- true
	bad "'$P/afile': not a directory" run --fs "$P/afile" --ladder root -- true
	# output files: the directory must exist and take files, checked before any work
	bad "'/proc' is not writable" report -o /proc/x.md "$RESULTS_SET"
	bad "'$P/no-such-dir' does not exist" report -o "$P/no-such-dir/x.md" "$RESULTS_SET"
	bad "'$P/no-such-dir' does not exist" plot -o "$P/no-such-dir/x.png" "$RESULTS_SET"
	bad "'/proc' is not writable" plot -o /proc/x.png "$RESULTS_SET"
	# multi-boot A/B: two boots a side, micro sets, a manifest that says which is which
	bad "1 set(s) before --vs and 1 after" compare "$RESULTS_SET" --vs "$RESULTS_SET"
	bad "micro sets only"      compare "$RESULTS_SET" "$RESULTS_SET" --vs "$RESULTS_SET" "$RESULTS_SET"
	mkdir -p "$P/group" && echo '{}' >"$P/group/manifest.json"
	bad "not an A/B manifest"  compare "$P/group"
	bad "--base needs a value" report --base
	bad "--base '$P/nope' is not one of" report --base "$P/nope" "$RESULTS_SET"
	# --perf without a usable perf (KMEMBENCH_PERF: the perf program to use)
	printf '#!/bin/sh\necho "perf_event_open: Permission denied" >&2\nexit 255\n' >"$T/denied-perf"
	chmod +x "$T/denied-perf"
	KMEMBENCH_PERF=/nonexistent/perf \
	bad "'/nonexistent/perf' not found" run --perf -w dentry-walk
	KMEMBENCH_PERF=kmb-no-such-perf \
	bad "'kmb-no-such-perf' not found" run --perf --ladder root -- true
	KMEMBENCH_PERF=$T/denied-perf \
	bad "Permission denied"    run --perf-reps 2 -w dentry-walk
	bad "'0'"                  run --perf-reps 0
	bad "'yes'"                run -p "$(prof perf.ini '[suite]\nperf = yes\n')"
	# --caches likewise (perf record of the kmem tracepoints; runs in test_caches.sh)
	KMEMBENCH_PERF=/nonexistent/perf \
	bad "'/nonexistent/perf' not found" run --caches -w dentry-walk
	KMEMBENCH_PERF=$T/denied-perf \
	bad "Permission denied"    run --caches-reps 2 --ladder root -- true
	KMEMBENCH_PERF=/nonexistent/perf \
	bad "'/nonexistent/perf' not found" micro --caches --ops pipe
	bad "caches repetition count '0'" run --caches-reps 0
	bad "'yes'"                run -p "$(prof caches.ini '[suite]\ncaches = yes\n')"
	bad "--caches-ops '5'"     micro --caches-ops 5
	bad "'x'"                  micro -p "$(prof microcaches.ini '[micro]\ncaches_ops = x\n')"
	# options and commands
	bad "'--bogus'"            run --bogus
	bad "'frobnicate'"         frobnicate
	bad "$P/missing"           show "$P/missing"
	bad "$P/missing"           compare "$P/missing" "$P/missing2"
	bad "'--bogus'"            cleanup --bogus
	bad "'$P/foreign'"         cleanup --scratch "$P/foreign"
	bad "'--bogus'"            info --bogus
	# micro
	bad "'nope'"               micro --ops nope
	bad "repeated op 'pipe'"   micro --ops pipe,pipe
	bad "empty op"             micro --ops pipe,
	bad "'unlimited' lacks root" micro --arms unlimited
	bad "'root' has nothing"   micro --arms root
	bad "'auto'"               micro --arms root,auto
	bad "'8M'"                 micro --arms root,8M
	bad "16X"                  micro --arms root,16X
	bad "5..3600"              micro --time 4
	bad "'3601'"               micro --time 3601
	bad "'abc'"                micro --time abc
	bad "too short"            micro --time 5 --arms root,unlimited,halve:1024G/256G:16M
	bad "'$P/nonempty'"        micro -o "$P/nonempty"
	bad "'a b'"                micro --label 'a b'
	bad "'--bogus'"            micro --bogus
	bad "'stray'"              micro stray
	bad "'opz'"                micro -p "$(prof micro.ini '[micro]\nopz = 1\n')"
	bad "'0.5'"                micro -p "$(prof microtime.ini '[micro]\ntime = 0.5\n')"
	bad "'$P/foreign'"         micro --scratch "$P/foreign"
	# fio-meta without fio in PATH: refused before anything is made
	printf '#!/bin/sh\nPATH=/nonexistent exec "%s" "$@"\n' "$KMB" >"$T/kmb-nofio"
	chmod +x "$T/kmb-nofio"
	KMB=$T/kmb-nofio bad "workload fio-meta needs fio" run -w fio-meta -o "$P/nofio"
	KMB=$T/kmb-nofio bad "needs fio" run -p "$(prof fio-nofio.ini '[suite]\nworkloads = fio-meta\n')"
	# nothing above may have touched the foreign directories' contents
	check "bad inputs: foreign files untouched" \
		test -f "$T/foreign/precious" -a -f "$T/nonempty/result"
}

# ---- 6. run --perf ------------------------------------------------------------------

test_perf_run() {
	local d=$T/perf
	if ! perf record -e cpu-clock -g -q -o /dev/null -- true 2>/dev/null; then
		ok "# SKIP run --perf: perf record -e cpu-clock -g does not work here"
		return
	fi
	kmb perf run -p "$T/tiny.ini" -w dentry-walk --ladder root,unlimited -n 2 --perf -o "$d"
	check "run --perf exits 0 (rc $RC)" [ "$RC" -eq 0 ]
	check "run --perf: 4 timing trials, perf null, attribution false" \
		jqt "$d/run.json" '[.trials[] | select(.attribution | not)] |
		length == 4 and all(.[]; .perf == null)'
	check "run --perf: one attribution trial per step, after the timing trials" \
		jqt "$d/run.json" '[.trials[] | select(.attribution)] |
		(map(.step) | sort) == ["root", "unlimited"] and all(.[]; .seq > 4)'
	check "run --perf: attribution trials have samples, a memcg share and top symbols" \
		jqt "$d/run.json" '[.trials[] | select(.attribution) | .perf] |
		all(.[]; .kernel_samples > 0 and (.memcg_share | type == "number") and
		    .memcg_share >= 0 and .memcg_share <= 1 and (.top | length > 0) and
		    (.top[0] | has("symbol") and has("share")) and .error == null)'
	check "run --perf: env.perf names the event and the memcg patterns" \
		jqt "$d/run.json" '.env.perf.event == "cpu-clock" and
		(.env.perf.memcg_patterns | index("*memcg*") != null)'
	check "run --perf: folded stacks in the set, no perf.data" \
		'[ -n "$(ls "$d"/perf/dentry-walk_unlimited_r1.folded*)" ] &&
		 [ -z "$(find "$d" -name "perf.data*")" ]'
	check "run --perf: no cgroup or scratch (perf.data) left for pid $PID" no_leftovers "$PID"
	"$KMB" show "$d" >"$T/perfshow.out" 2>&1
	check "show of a --perf set has the memcg % column" grep -q "memcg %" "$T/perfshow.out"
	check "show counts the timing trials only" grep -q "4 trials + 2 attribution" "$T/perfshow.out"
}

echo "# test_cli.sh: KMB=$KMB temp=$T"
test_quick_run
test_fio_run
test_cmd_exit
test_cmd_timeout
test_cmd_oom
test_sigint
test_sigkill_cleanup
test_sigkill_next_run
test_bad_inputs
test_perf_run
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
