#!/usr/bin/env bash
# make bench: run PROFILE with build/kmembench, print the table, write a plot; then its
# [micro] section, if any, with kmembench micro.
set -eu
cd "$(dirname "$0")/.."
profile=${1:-profiles/default.ini}
[ -f "$profile" ] || { echo "bench: profile '$profile' not found (accepted: a file such as profiles/quick.ini)" >&2; exit 2; }
shift || true
label=${LABEL:-$(basename "$profile" .ini)}
dir=$(build/kmembench run -p "$profile" --label "$label" "$@")
build/kmembench show "$dir"
if build/kmembench plot -o "$dir/limit-vs-sys.png" "$dir" >/dev/null; then
	echo "plot: $dir/limit-vs-sys.png"
fi
echo "result set: $dir"
# A [micro] section: the per-operation costs too (kmembench micro reads only that section).
if grep -q '^\[micro\]' "$profile"; then
	mdir=$(build/kmembench micro -p "$profile" --label "$label-micro")
	build/kmembench show "$mdir"
	echo "micro result set: $mdir"
fi
