#!/usr/bin/env bash
# test_kloop_build.sh - the in-kernel loop module (workloads/kloop) builds with kbuild for a guest kernel.
# scripts/kloop/build.sh against Debian's linux-headers for the newest 6.12 cloud kernel in
# the package lists (fetched into $VM_CACHE once, ~16 MB, as `make bench-vm` does when a
# profile has k: ops), then against a kernel-patches build tree when one is kept in
# build/kernel/*/src. Checks: exit 0, a .ko whose vermagic names that release, a second
# call reuses it; bad input exits 2 with one line. Exit 77 (skip, reason printed) when
# Debian's archive cannot be reached or has no such headers.
set -u
cd "$(dirname "$0")/../.." || exit 1
export VM_CACHE=${VM_CACHE:-$PWD/build/vm/cache}
skip() { echo "test_kloop_build.sh: SKIP: $*"; exit 77; }
command -v apt-cache >/dev/null || skip "no apt-cache (Debian's packages are the headers' source)"
command -v make >/dev/null && command -v gcc >/dev/null || skip "no make/gcc"
T=$(mktemp -d /tmp/kmb-kloopb.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/integration/check-lib.sh
. tests/integration/check-lib.sh

img=$(apt-cache search --names-only '^linux-image-6\.12[.-][0-9].*-cloud-amd64-unsigned$' 2>/dev/null |
	awk '{print $1}' | sort -V | tail -n 1)
[ -n "$img" ] || skip "no linux-image-6.12*-cloud-amd64-unsigned in the package lists (apt-get update?)"
rel=${img#linux-image-}
rel=${rel%-unsigned}
apt-cache show "linux-headers-$rel" >/dev/null 2>&1 || skip "no linux-headers-$rel in the package lists"
# The kernel directory build.sh takes: what fetch-kernel.sh writes beside vmlinuz.
mkdir -p "$T/k"
echo "$rel" >"$T/k/release"
echo "$img" >"$T/k/package"
echo "# test_kloop_build.sh: $rel, VM_CACHE=$VM_CACHE"
scripts/kloop/build.sh "$T/k" "$T/out" >"$T/o" 2>"$T/e"
rc=$?
if [ $rc -ne 0 ] && grep -q "cannot download" "$T/e"; then
	skip "cannot fetch the headers: $(tail -1 "$T/e")"
fi
check "build against linux-headers-$rel: exit 0 (rc $rc)" '[ $rc -eq 0 ]' || cat "$T/e"
ko=$T/out/$rel/kmb_kloop.ko
check "the .ko is where micro looks for it (OUT/RELEASE/kmb_kloop.ko)" '[ -s "$ko" ] && [ "$(tail -1 "$T/o")" = "$(realpath "$ko")" ]'
check "its vermagic names $rel" 'strings "$ko" | grep -q "^vermagic=$rel "'
check "it is GPL and has the proc interface" 'strings "$ko" | grep -q "^license=GPL" && strings "$ko" | grep -q kmb_kloop'
t0=$(stat -c %Y "$ko")
scripts/kloop/build.sh "$T/k" "$T/out" >/dev/null 2>&1
check "a second call reuses the module" '[ $? -eq 0 ] && [ "$(stat -c %Y "$ko")" = "$t0" ]'
for tree in build/kernel/*/src; do
	[ -f "$tree/Module.symvers" ] || continue
	name=$(basename "$(dirname "$tree")")
	fetched=$(ls -d "$VM_CACHE"/kernels/* 2>/dev/null | while read -r d; do
		grep -qx "local:$(realpath "$(dirname "$tree")")/bzImage" "$d/package" 2>/dev/null && echo "$d"; done | head -1)
	[ -n "$fetched" ] || { echo "# $name: not fetched by fetch-kernel.sh yet, not built"; continue; }
	scripts/kloop/build.sh "$fetched" "$T/out" >/dev/null 2>"$T/e2"
	check "build against the kernel-patches tree $name" '[ $? -eq 0 ]'
done
scripts/kloop/build.sh "$T/nothing" 2>"$T/bad"
rc=$?
check "a directory that is no kernel dir: exit 2, one line (rc $rc)" '[ $rc -eq 2 ] && [ "$(wc -l <"$T/bad")" -eq 1 ]'
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
