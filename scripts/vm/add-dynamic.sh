#!/bin/bash
# add-dynamic.sh - copy a dynamically linked program and the shared libraries it loads into a root tree.
#
#   scripts/vm/add-dynamic.sh TREE PROGRAM DEST
#
# Copies PROGRAM to TREE/DEST (DEST absolute inside the tree) and every shared
# object `ldd PROGRAM` names (libraries and the dynamic loader) to the same
# absolute path under TREE, symlinks resolved, so that the loader named in the
# program (e.g. /lib64/ld-linux-x86-64.so.2) exists in the tree and finds the
# libraries in its built-in search path (/lib/x86_64-linux-gnu ...) without an
# ld.so.cache. Prints the copied library paths (tree-relative), one a line.
# Exit 1 when PROGRAM is missing, statically linked, or a library is not
# found; 2 on bad usage.
set -euo pipefail

die() { echo "add-dynamic: $*" >&2; exit 1; }

[[ $# -eq 3 && $3 == /* ]] || { echo "add-dynamic: usage: add-dynamic.sh TREE PROGRAM /DEST" >&2; exit 2; }
tree=$1 prog=$2 dest=$3
[[ -d $tree ]] || die "'$tree' is not a directory"
[[ -f $prog && -x $prog ]] || die "$prog is missing or not executable"
out=$(ldd "$prog" 2>&1) || die "$prog is not a dynamically linked program"
if grep -q 'not found' <<<"$out"; then
	die "$prog: $(grep -m1 'not found' <<<"$out" | tr -s ' \t' ' ')"
fi
libs=$(sed -n 's|.*=> \(/[^ ]*\) (0x[0-9a-f]*)$|\1|p; s|^[[:space:]]*\(/[^ ]*\) (0x[0-9a-f]*)$|\1|p' <<<"$out")
[[ -n $libs ]] || die "$prog: ldd names no shared objects"
mkdir -p "$tree$(dirname "$dest")"
cp "$prog" "$tree$dest"
chmod 755 "$tree$dest"
for l in $libs; do
	mkdir -p "$tree$(dirname "$l")"
	cp -L "$l" "$tree$l"
	echo "${l#/}"
done
