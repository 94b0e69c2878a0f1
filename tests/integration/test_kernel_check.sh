#!/bin/bash
# test_kernel_check.sh - make kernel-check (scripts/kernel/check.sh) against the
# cached Debian linux-source-6.12: every kernel-patches/ series applies; a patch
# that depends on the one before it applies in series order; a patch that no
# longer applies fails with exit 1 naming the series, the patch and the failing
# hunk; bad input exits 2 with one line; the unpacked tree is reused and left
# untouched; build.sh refuses a bad SEED. The checks never download (--cached); when linux-source-6.12 is not in
# $VM_CACHE (build/vm/cache) the test fetches it first (~150 MB, Debian's package, as
# `make kernel-check` does), so a fresh machine runs it too.
# Exit 77 = skip when that download fails (no route to Debian's archive), with the reason.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
export VM_CACHE=${VM_CACHE:-$PWD/build/vm/cache}
skip() { echo "test_kernel_check.sh: SKIP: $*"; exit 77; }
tree=$VM_CACHE/src/linux-source-6.12
command -v patch >/dev/null || skip "patch not installed"
cached() {
	[[ -f $tree/.kmb-unpacked ]] || ls "$VM_CACHE"/src/linux-source-6.12.tar.* >/dev/null 2>&1 ||
		ls "$VM_CACHE"/debs/linux-source-6.12_*.deb >/dev/null 2>&1
}
if ! cached; then
	echo "# linux-source-6.12 not in $VM_CACHE: fetching it once (~150 MB)"
	mkdir -p "$VM_CACHE/debs"
	# shellcheck source=scripts/kernel/source-lib.sh
	fetched=$( (die() { echo "$*" >&2; exit 1; }; . scripts/kernel/source-lib.sh && source_tarball 6.12) 2>&1)
	cached || skip "cannot fetch linux-source-6.12 into $VM_CACHE: $(tail -1 <<<"$fetched")"
fi
# shellcheck source=tests/integration/check-lib.sh
. tests/integration/check-lib.sh

t=$(mktemp -d "${TMPDIR:-/tmp}/kmb-test-kcheck.XXXXXX")
trap 'rm -rf "$t"' EXIT
kc() { scripts/kernel/check.sh --cached "$@" >"$t/out" 2>&1; }

# 1. The committed series (the first run may unpack the tarball once).
kc
rc=$?
check "every kernel-patches/ series applies (exit 0)" '[[ $rc -eq 0 ]]'
for d in kernel-patches/*/; do
	[[ -f $d/series ]] || continue
	n=$(basename "$d")
	check "$n reported ok" 'grep -q "^kernel-check: $n: ok (" "$t/out"'
done
check "tree unpacked once, marked complete" '[[ -f $tree/.kmb-unpacked && -f $tree/Makefile ]]'
kc kernel-patches/example
rc=$?
check "second run reuses the tree (no unpacking)" '[[ $rc -eq 0 ]] && ! grep -q unpacking "$t/out"'

# 2. Two patches, the second on top of the first (context from patch 1).
mkdir -p "$t/a" "$t/b" "$t/c" "$t/two"
cp "$tree/MAINTAINERS" "$t/a/MAINTAINERS"
sed '1s/^/kmb first line\n/' "$t/a/MAINTAINERS" >"$t/b/MAINTAINERS"
sed '1s/^/kmb second line\n/' "$t/b/MAINTAINERS" >"$t/c/MAINTAINERS"
(cd "$t" && diff -u --label a/MAINTAINERS --label b/MAINTAINERS a/MAINTAINERS b/MAINTAINERS >two/0001-first.patch;
	diff -u --label a/MAINTAINERS --label b/MAINTAINERS b/MAINTAINERS c/MAINTAINERS >two/0002-second.patch)
printf '0001-first.patch\n# a comment\n\n0002-second.patch\n' >"$t/two/series"
: >"$t/two/config"
kc "$t/two"
rc=$?
check "dependent patches apply in series order" '[[ $rc -eq 0 ]] && grep -q "two: ok (2 patches" "$t/out"'
check "the cached tree is not modified" '! grep -q "^kmb first line" "$tree/MAINTAINERS"'
printf '0002-second.patch\n0001-first.patch\n' >"$t/two/series"
kc "$t/two"
rc=$?
check "wrong order: exit 1" '[[ $rc -eq 1 ]]'
check "wrong order: names series and patch" 'grep -q "kernel-check: two: 0002-second.patch does not apply to linux-source-6.12" "$t/out"'
check "wrong order: shows the failing hunk" 'grep -q "failing hunk #1 of MAINTAINERS:" "$t/out" && grep -q "^    +kmb second line" "$t/out"'

# 3. A hunk whose context is gone, next to a series that applies.
mkdir -p "$t/stale"
cp kernel-patches/no-dentry-inode-accounting/0001-*.patch "$t/stale/0001-stale.patch"
sed -i 's/^-\t\tSLAB_RECLAIM_ACCOUNT|SLAB_PANIC|SLAB_ACCOUNT,/-\t\tSLAB_RECLAIM_ACCOUNT|SLAB_PANIC|SLAB_GONE,/' "$t/stale/0001-stale.patch"
echo 0001-stale.patch >"$t/stale/series"
: >"$t/stale/config"
kc "$t/stale" kernel-patches/example
rc=$?
check "stale hunk: exit 1" '[[ $rc -eq 1 ]]'
check "stale hunk: series, patch, file and hunk named" \
	'grep -q "stale: 0001-stale.patch does not apply" "$t/out" && grep -q "failing hunk #1 of fs/dcache.c:" "$t/out" && grep -q "SLAB_GONE" "$t/out"'
check "stale hunk: the other series still checked" 'grep -q "example: ok" "$t/out"'
check "stale hunk: summary line" 'grep -q "1 of 2 series do not apply" "$t/out"'

# 4. Bad input: exit 2, one line.
kc "$t/none"
rc=$?
check "missing folder: exit 2, one line" '[[ $rc -eq 2 && $(wc -l <"$t/out") -eq 1 ]]'
mkdir -p "$t/holes" && echo missing.patch >"$t/holes/series" && : >"$t/holes/config"
kc "$t/holes"
rc=$?
check "series names a missing patch: exit 2" '[[ $rc -eq 2 ]] && grep -q "names .missing.patch." "$t/out"'
kc --nope
rc=$?
check "unknown option: exit 2" '[[ $rc -eq 2 ]]'

# 5. make kernel SEED=...: a bad seed is bad input (exit 2, one line, nothing made).
kb() { KBUILD=$t/kb SEED=$1 scripts/kernel/build.sh kernel-patches/objstock-6.16 >"$t/out" 2>&1; }
if command -v bison >/dev/null && command -v flex >/dev/null && command -v bc >/dev/null; then
	kb kernel-patches/objstock-6.16
	rc=$?
	check "SEED with patches: exit 2, one line naming it, nothing made" \
		'[[ $rc -eq 2 && $(wc -l <"$t/out") -eq 1 && ! -e $t/kb ]] && grep -q "without patches" "$t/out"'
	kb kernel-patches/example
	rc=$?
	check "SEED not built: exit 2, one line naming it, nothing made" \
		'[[ $rc -eq 2 && $(wc -l <"$t/out") -eq 1 && ! -e $t/kb ]] && grep -q "no built tree" "$t/out"'
else
	echo "# skip: SEED checks (bison, flex or bc missing: build.sh refuses before the seed)"
fi

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
