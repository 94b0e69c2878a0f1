#!/bin/bash
# ab.sh - multi-boot kernel A/B: boot kernels A and B alternately (A B B A A B ..., so the
# host's drift cancels), run the profile's [micro] (or, without one, its [stock] sweep) on
# every boot, and gather the sets in one group folder RESULTS/DATE-ab-LABEL/ with
# manifest.json (side, kernel, boot, kind, in boot order), which `kmembench compare GROUP`
# reads.
#   scripts/vm/ab.sh [-n BOOTS] [-p PROFILE] [-l LABEL] [-c CMDLINE] [-o RESULTS] A B
# A, B: as for run.sh (6.1 | 6.12 | a Debian image package | a bzImage path). BOOTS per
# kernel (default 3). Other settings (CGROUP, VM_MEM, VIRT, ...) pass through to run.sh.
# Exit 0 when every boot produced its micro (stock) set, 1 otherwise, 2 on bad usage.
set -euo pipefail
here=$(dirname "$(realpath "$0")")
BOOTS=${BOOTS:-3}
PROFILE=${PROFILE:-profiles/vm-micro.ini}
LABEL=${LABEL:-}
RESULTS=${RESULTS:-results}
usage_error() { echo "ab: $*" >&2; exit 2; }
while getopts "n:p:l:c:o:" o; do
	case $o in
	n) BOOTS=$OPTARG ;;
	p) PROFILE=$OPTARG ;;
	l) LABEL=$OPTARG ;;
	c) export CMDLINE=$OPTARG ;;
	o) RESULTS=$OPTARG ;;
	*) usage_error "unknown option (accepted: -n BOOTS -p PROFILE -l LABEL -c CMDLINE -o DIR)" ;;
	esac
done
shift $((OPTIND - 1))
[[ $# -eq 2 ]] || usage_error "needs two kernels A and B (got $#)"
[[ $BOOTS =~ ^[0-9]+$ && $BOOTS -ge 2 && $BOOTS -le 20 ]] ||
	usage_error "BOOTS '$BOOTS' is not accepted (accepted: 2..20 boots a kernel)"
[[ -f $PROFILE ]] || usage_error "profile '$PROFILE' not found"
kind=micro
if ! grep -q '^\[micro\]' "$PROFILE"; then
	grep -q '^\[stock\]' "$PROFILE" || usage_error "profile '$PROFILE' has no [micro] or [stock] section"
	kind=stock
fi
a=$1 b=$2
[[ -z $LABEL ]] && LABEL="$(basename "$a" | tr -c 'A-Za-z0-9._+-\n' _)-vs-$(basename "$b" | tr -c 'A-Za-z0-9._+-\n' _)"
[[ $LABEL =~ ^[A-Za-z0-9._+-]{1,40}$ ]] || usage_error "LABEL '$LABEL' is not accepted (1..40 of A-Z a-z 0-9 . _ - +)"
group=$RESULTS/$(date -u +%Y-%m-%d)-ab-$LABEL
[[ -e $group ]] && usage_error "$group exists already (accepted: a new label)"
mkdir -p "$group"
entries=()
rc=0
start=$(date +%s)
# ABBA order: boot i of 2*BOOTS is A when i mod 4 is 0 or 3.
for ((i = 0; i < 2 * BOOTS; i++)); do
	if ((i % 4 == 0 || i % 4 == 3)); then side=a kernel=$a; else side=b kernel=$b; fi
	n=$(( (i / 2) + 1 ))
	echo "ab: boot $((i + 1))/$((2 * BOOTS)): side $side ($kernel), boot $n of it" >&2
	t0=$(date +%s)
	if ! out=$(PROFILE=$PROFILE LABEL="ab-$side$n" "$here/run.sh" -o "$group" "$kernel"); then
		echo "ab: boot $((i + 1)) of $kernel failed; see its log under build/vm" >&2
		rc=1
		continue
	fi
	micro=$(grep -- "-$kind\$" <<<"$out" | tail -1 || true)
	[[ -n $micro ]] || { echo "ab: boot $((i + 1)) gave no $kind set" >&2; rc=1; continue; }
	rel=${micro#"$group"/}
	entries+=("$(jq -cn --arg p "$rel" --arg s "$side" --arg k "$kernel" --argjson b "$n" \
		--argjson secs $(($(date +%s) - t0)) '{path: $p, side: $s, kernel: $k, boot: $b, seconds: $secs}')")
done
jq -n --arg a "$a" --arg b "$b" --arg p "$PROFILE" --arg c "${CMDLINE:-}" \
	--argjson secs $(($(date +%s) - start)) --argjson boots "$BOOTS" \
	--arg kind "$kind" \
	'{a: $a, b: $b, profile: $p, kind: $kind, cmdline: $c, boots_per_kernel: $boots, order: "ABBA",
	  seconds: $secs, sets: $ARGS.positional | map(fromjson)}' --args "${entries[@]}" \
	>"$group/manifest.json"
echo "$group"
exit $rc
