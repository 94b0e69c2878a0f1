#!/usr/bin/env bash
# test_cli_bad.sh - the table of bad inputs through $KMB: each exits 2 with one stderr line
# naming the value and what is accepted, and creates, changes or deletes nothing (cgroups,
# scratch, the working directory); kmembench micro's too (its runs are in test_micro.sh),
# fio-meta without fio, --perf and --caches without a usable perf (KMEMBENCH_PERF naming a
# missing program, or one that fails), --fs DIR that does not exist, report/plot -o in a
# missing or unwritable directory, compare --vs and A/B groups, report --base.
# Needs root (exit 77 otherwise). Env: KMB (kmembench binary), BUILD (build dir).
set -u
NAME=test_cli_bad.sh
# shellcheck source=tests/integration/cli-lib.sh
. "$(dirname "$0")/cli-lib.sh"

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
	bad "--vs given twice"     compare "$RESULTS_SET" --vs "$RESULTS_SET" --vs "$RESULTS_SET"
	bad "'--bogus'"            compare "$RESULTS_SET" --bogus "$RESULTS_SET"
	bad "unknown metric 'cpu'" compare "$RESULTS_SET" "$RESULTS_SET" --metric cpu
	bad "--alpha '1'"          compare --alpha 1 "$RESULTS_SET" "$RESULTS_SET"
	bad "'--metric' needs a value" compare "$RESULTS_SET" --metric
	bad "'--base' needs a value" report --base
	bad "'--bogus'"            report --bogus "$RESULTS_SET"
	bad "--alpha '2'"          report "$RESULTS_SET" --alpha 2
	bad "'--bogus'"            plot "$RESULTS_SET" --bogus
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
	bad "'--bogus'"            show --bogus "$P/missing"
	bad "'extra'"              show "$P/missing" extra
	bad "'x'"                  info x
	bad "'--scratch' needs a value" cleanup --scratch
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

test_bad_inputs
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
