#!/usr/bin/env bash
# test_cli.sh - kmembench end to end through $KMB on this box's real memory cgroup:
#   1. a quick real run (tiny profile): exit 0, run.json with the contract keys,
#      `show` works, nothing left behind; fio-meta at root and unlimited (with fio);
#   2. `-- CMD` outcomes are data: non-zero exit, deadline, OOM kill;
#   3. SIGINT mid-run: incomplete result set, nothing left behind;
#   4. SIGKILL mid-run: `kmembench cleanup`, and the next run, remove what it left;
#   5. the table of bad inputs is test_cli_bad.sh;
#   6. run --perf: attribution trials with a memcg share, apart from the timing trials.
# Needs root (exit 77 otherwise). Other kmembench runs may share the suite's
# parent cgroup and scratch root: every check looks only at the pid it started.
# Env: KMB (kmembench binary), BUILD (build dir with tests/helpers/).
set -u
NAME=test_cli.sh
# shellcheck source=tests/integration/cli-lib.sh
. "$(dirname "$0")/cli-lib.sh"

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
	# options before or after DIR, through show's option table
	check "show --json DIR is JSON" 'jq -e .path < <("$KMB" show --json "$d") >/dev/null'
	check "show DIR --json is JSON" 'jq -e .path < <("$KMB" show "$d" --json) >/dev/null'
	check "show --help names --caches" '"$KMB" show --help | grep -q -- --caches'
	check "info --help names --json" '"$KMB" info --help | grep -q -- --json'
	check "cleanup --help names --scratch" '"$KMB" cleanup --help | grep -q -- --scratch'
	check "plot --help names --mixed" '"$KMB" plot --help | grep -q -- --mixed'
	check "report --help names --alpha" '"$KMB" report --help | grep -q -- --alpha'
	check "compare --help names --vs" '"$KMB" compare --help | grep -q -- --vs'
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
test_perf_run
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
