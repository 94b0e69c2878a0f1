#!/usr/bin/env bash
# crosscheck.sh - make crosscheck: hyperfine, an independent timer, against kmembench's own
# trials on the same commands at the same cgroup steps.
#
# A tree of ~8k entries (it fits a 16M limit) is made once in a marked scratch directory.
# For `du -s TREE` and `find TREE` (find does not stat leaves, du does), at the steps root,
# unlimited and 16M/4M:
#   hyperfine -N --prepare 'sync; echo 2 > drop_caches' 'kmembench exec STEP -- CMD' ...
#       --export-json / --export-markdown into the result folder;
#   kmembench run --ladder root,unlimited,16M/4M -- CMD     (its own trials, caches dropped).
# hyperfine's per-run wall times are also written as a kmembench result set
# (hyperfine-CMD/run.json, real time only), so that both tools' ratios come from the same
# statistics (kmembench compare --metric real): crosscheck.md puts them side by side.
# Usage: scripts/crosscheck.sh [-n RUNS] [-o DIR]   (root; a quiet box)
set -eu
cd "$(dirname "$0")/.."
RUNS=10
OUT=
usage() { echo "crosscheck: $* (usage: scripts/crosscheck.sh [-n RUNS 3..100] [-o DIR])" >&2; exit 2; }
while getopts "n:o:" o; do
	case $o in
	n) [[ $OPTARG =~ ^[0-9]+$ ]] && ((OPTARG >= 3 && OPTARG <= 100)) ||
		usage "bad -n '$OPTARG' (accepted: 3..100)"; RUNS=$OPTARG ;;
	o) OUT=$OPTARG ;;
	*) usage "bad option" ;;
	esac
done
[ "$(id -u)" -eq 0 ] || { echo "crosscheck: needs root (cgroups, drop_caches)" >&2; exit 1; }
for t in hyperfine jq du find; do
	command -v $t >/dev/null || { echo "crosscheck: $t not found (make deps)" >&2; exit 1; }
done
KMB=$PWD/build/kmembench
DW=$PWD/build/workloads/dentry-walk
[ -x "$KMB" ] && [ -x "$DW" ] || { echo "crosscheck: build first (make)" >&2; exit 1; }
if [ -z "$OUT" ]; then
	OUT=results/$(date -u +%F)-$(uname -r)-crosscheck
	n=2; base=$OUT
	while [ -e "$OUT" ]; do OUT=$base-$n; n=$((n + 1)); done
fi
[ ! -e "$OUT" ] || usage "-o '$OUT' exists (accepted: a new directory)"
STEPS=(root unlimited 16M/4M)
SCR=/var/tmp/kmembench/crosscheck-$$
mkdir -p "$OUT"

cleanup() {
	# the scratch tree is the suite's own: dentry-walk marked it
	if [ -f "$SCR/.kmembench-scratch" ]; then rm -rf --one-file-system "$SCR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$DW" --dir="$SCR" --depth=1 --fanout=10 --files=800 prepare >/dev/null
TREE=$SCR/tree

# hyperfine JSON -> kmembench result set with one trial per run (real time only).
to_resultset() {
	jq --arg kernel "$(uname -r)" --arg virt "$("$KMB" info --json | jq -r .virt)" \
		--arg wl "$2" '{schema: 1, kernel: $kernel, cmdline: "", cgroup_version: 1,
		virt: $virt, profile: "", label: "hyperfine", complete: true,
		env: {tool: "hyperfine"},
		trials: [.results[] | .command as $c | ($c | capture("exec (?<s>[^ ]+) ").s) as $step
			| .times | to_entries[] | {workload: $wl, step: $step, rep: (.key + 1),
			real_s: .value, user_s: 0, sys_s: 0, status: "ok", exit_status: 0,
			hard_bytes: (if $step == "16M/4M" then 16777216 else 0 end),
			soft_bytes: (if $step == "16M/4M" then 4194304 else 0 end)}]}' "$1"
}

for name in du find; do
	case $name in
	du) cmd=(du -s "$TREE") ;;
	find) cmd=(find "$TREE") ;;
	esac
	hf=()
	for s in "${STEPS[@]}"; do hf+=("$KMB exec $s -- ${cmd[*]}"); done
	echo "crosscheck: hyperfine, $name, $RUNS runs per step" >&2
	hyperfine -N --style basic --runs "$RUNS" --warmup 1 \
		--prepare "sh -c 'sync; echo 2 > /proc/sys/vm/drop_caches'" \
		--export-json "$OUT/hyperfine-$name.json" \
		--export-markdown "$OUT/hyperfine-$name.md" "${hf[@]}" >&2
	mkdir -p "$OUT/hyperfine-$name"
	to_resultset "$OUT/hyperfine-$name.json" "$name" >"$OUT/hyperfine-$name/run.json"
	echo "crosscheck: kmembench run, $name, $RUNS reps" >&2
	"$KMB" run --ladder "$(IFS=,; echo "${STEPS[*]}")" -n "$RUNS" --label "crosscheck-$name" \
		-o "$OUT/kmembench-$name" -- "${cmd[@]}" >/dev/null
done
scripts/crosscheck-table.sh "$OUT" >"$OUT/crosscheck.md"
cat "$OUT/crosscheck.md"
echo "result set: $OUT"
