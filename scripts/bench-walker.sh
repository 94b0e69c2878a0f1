#!/bin/bash
# bench-walker.sh - dentry-walk vs `du -s` vs `find -xdev` over one prepared tree.
# Each run starts with the dentry and inode caches dropped (sync; echo 2 >
# /proc/sys/vm/drop_caches); tools are interleaved rep by rep so drift hits all
# of them alike. Prints mean real/user/sys per tool and user/sys, then removes
# the tree. Needs root (drop_caches).
#
# usage: scripts/bench-walker.sh [-n REPS] [-d DIR] [-b WALKER] [-- WALKER_OPTS...]
#   e.g. scripts/bench-walker.sh -n 3 -- --files=600
set -euo pipefail

prog=bench-walker
reps=5
dir=/var/tmp/kmembench-scratch/bench-walker
walker=build/workloads/dentry-walk

usage() {
	echo "usage: $0 [-n REPS] [-d DIR] [-b WALKER] [-- WALKER_OPTS...]"
}

die() { # status message
	echo "$prog: $2" >&2
	exit "$1"
}

while getopts n:d:b:h o; do
	case $o in
	n) reps=$OPTARG ;;
	d) dir=$OPTARG ;;
	b) walker=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
opts=("$@")

[[ $reps =~ ^[1-9][0-9]{0,3}$ ]] || die 2 "bad -n '$reps' (accepted: integer 1..9999)"
[[ $dir == /* ]] || die 2 "bad -d '$dir' (accepted: an absolute path)"
[ "$(id -u)" = 0 ] ||
	die 1 "needs root to drop the dentry/inode caches (echo 2 > /proc/sys/vm/drop_caches); run it as root, e.g. sudo make bench-walker"
[ -x "$walker" ] || die 1 "no walker at '$walker' (build it: make)"
for t in du find; do command -v $t >/dev/null || die 1 "$t is needed"; done

tmp=$(mktemp -d /tmp/kmb-bench-walker.XXXXXX)
prepared=0
finish() {
	if [ "$prepared" = 1 ]; then
		"$walker" --dir "$dir" "${opts[@]}" cleanup || echo "$prog: could not remove $dir" >&2
	fi
	rm -rf -- "$tmp"
}
trap finish EXIT
trap 'exit 130' INT TERM

drop_caches() {
	sync
	echo 2 >/proc/sys/vm/drop_caches
}

# time_cmd TOOL REP CMD... : runs CMD with caches dropped, appends "TOOL REP real user sys".
time_cmd() {
	local tool=$1 rep=$2 TIMEFORMAT='%3R %3U %3S'
	shift 2
	drop_caches
	if ! { time "$@" >"$tmp/out.$tool" 2>"$tmp/err"; } 2>"$tmp/time"; then
		cat "$tmp/err" >&2
		die 1 "$tool failed: $*"
	fi
	echo "$tool $rep $(cat "$tmp/time")" >>"$tmp/times"
}

echo "# $prog: kernel $(uname -r), $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg)"
prepared=1
TIMEFORMAT='%3R'
{ time "$walker" --dir "$dir" "${opts[@]}" prepare; } 2>"$tmp/prep" ||
	{ cat "$tmp/prep" >&2; die 1 "prepare failed"; }
echo "# prepare: $(tail -n1 "$tmp/prep") s real"
tree=$dir/tree
echo "# tree: $tree ($(stat -f -c %T "$tree")), reps: $reps, walker options: ${opts[*]:-(defaults)}"

for ((r = 1; r <= reps; r++)); do
	time_cmd dentry-walk "$r" "$walker" --dir "$dir" "${opts[@]}" run
	time_cmd du "$r" du -s "$tree"
	time_cmd find "$r" find "$tree" -xdev
	if [ -t 2 ]; then printf '\r%s: rep %d/%d' "$prog" "$r" "$reps" >&2; fi
done
if [ -t 2 ]; then printf '\n' >&2; fi

entries=$(sed -n 's/^entries=//p' "$tmp/out.dentry-walk")
found=$(($(wc -l <"$tmp/out.find") - 1))
echo "# entries: dentry-walk $entries, find $found (excluding the root)"
[ "$entries" = "$found" ] || echo "$prog: warning: walker and find saw different entry counts" >&2

awk -v reps="$reps" '
{ n[$1]++; re[$1] += $3; us[$1] += $4; sy[$1] += $5; ss[$1] += $5 * $5
  if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
END {
	printf "%-12s %4s %9s %9s %9s %9s %9s\n", "tool", "reps", "real_s", "user_s", "sys_s", "sys_sd", "user/sys"
	for (i = 1; i <= k; i++) {
		t = order[i]; c = n[t]
		m = sy[t] / c; v = c > 1 ? (ss[t] - c * m * m) / (c - 1) : 0
		printf "%-12s %4d %9.3f %9.3f %9.3f %9.3f %9.3f\n", t, c, re[t] / c, us[t] / c, m,
			(v > 0 ? sqrt(v) : 0), (m > 0 ? us[t] / sy[t] : 0)
	}
	if (re["du"] > 0)
		printf "# dentry-walk vs du: real %+.1f%%, sys %+.1f%%, user %+.1f%%\n",
			100 * (re["dentry-walk"] / re["du"] - 1), 100 * (sy["dentry-walk"] / sy["du"] - 1),
			(us["du"] > 0 ? 100 * (us["dentry-walk"] / us["du"] - 1) : 0)
}' "$tmp/times"
