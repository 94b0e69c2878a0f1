#!/usr/bin/env bash
# bench-fs.sh - make bench-fs: profiles/fs.ini on a fresh ext4, xfs and btrfs loop
# filesystem in turn, one result set each (label fs-TYPE), then each one's table.
set -eu
cd "$(dirname "$0")/.."
profile=${1:-profiles/fs.ini}
[ -f "$profile" ] || { echo "bench-fs: profile '$profile' not found (accepted: a file such as profiles/fs.ini)" >&2; exit 2; }
for fs in ${FSTYPES:-ext4 xfs btrfs}; do
	case $fs in ext4 | xfs | btrfs) ;; *)
		echo "bench-fs: bad filesystem '$fs' in FSTYPES (accepted: ext4 xfs btrfs)" >&2; exit 2 ;;
	esac
done
for fs in ${FSTYPES:-ext4 xfs btrfs}; do
	dir=$(build/kmembench run -p "$profile" --fs "$fs" --label "fs-$fs")
	build/kmembench show "$dir"
	echo "result set: $dir"
done
