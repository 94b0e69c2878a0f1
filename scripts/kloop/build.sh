#!/bin/bash
# build.sh - build the in-kernel loop module (workloads/kloop) with kbuild for one guest kernel.
#
#   scripts/kloop/build.sh KERNEL_DIR [OUT]
#
# KERNEL_DIR: a kernel directory made by scripts/vm/fetch-kernel.sh (release, package).
#   A Debian kernel (package linux-image-RELEASE-unsigned): its linux-headers-RELEASE
#   package and what it depends on (linux-headers-*-common, linux-kbuild-*) are fetched
#   with `apt-get download` into $VM_CACHE/debs once, unpacked with dpkg-deb -x (nothing
#   installed) into $VM_CACHE/headers/RELEASE, and kbuild runs there.
#   A kernel-patches build (package local:PATH/bzImage): the tree PATH/src it was built in.
# OUT: where RELEASE/kmb_kloop.ko goes (default build/kloop). Rebuilt only when the
# module source is newer. The last line on stdout is the .ko. Exit 2 on bad usage, 1 when
# it cannot be built (no headers, no tree, a compile error).
set -euo pipefail
here=$(dirname "$(realpath "$0")")
top=$(realpath "$here/../..")
VM_CACHE=${VM_CACHE:-build/vm/cache}
die() { echo "kloop-build: $*" >&2; exit 1; }
usage_error() { echo "kloop-build: $*" >&2; exit 2; }

[[ $# -ge 1 && $# -le 2 ]] || usage_error "usage: build.sh KERNEL_DIR [OUT]"
kdir=$1 out=${2:-build/kloop}
[[ -f $kdir/release && -f $kdir/package ]] ||
	usage_error "'$kdir' is not a kernel directory from fetch-kernel.sh (accepted: a directory with release and package)"
rel=$(cat "$kdir/release") pkg=$(cat "$kdir/package")
src=$top/workloads/kloop

# Prints the Depends of package $1 that match the regex $2, one per line.
deps_of() {
	apt-cache show "$1" 2>/dev/null | sed -n 's/^Depends: //p' | head -n 1 | tr ',' '\n' |
		sed 's/^ *//; s/ .*//' | grep -E "$2" || true
}

# Downloads package $1 into $VM_CACHE/debs unless it is there; prints the .deb.
fetch_deb() {
	local p=$1 deb
	deb=$(ls "$VM_CACHE/debs/${p}_"*.deb 2>/dev/null | head -n 1 || true)
	if [[ -z $deb ]]; then
		mkdir -p "$VM_CACHE/debs"
		(cd "$VM_CACHE/debs" && apt-get download "$p" >&2 2>/dev/null) || die "cannot download $p (apt-get update?)"
		deb=$(ls "$VM_CACHE/debs/${p}_"*.deb 2>/dev/null | head -n 1 || true)
		[[ -n $deb ]] || die "apt-get download $p left no .deb"
	fi
	echo "$deb"
}

# The Debian headers for $rel, unpacked once into $VM_CACHE/headers/$rel; prints the build dir.
debian_headers() {
	local h=linux-headers-$rel dest=$VM_CACHE/headers/$rel p common kbuild
	local build=$dest/usr/src/$h
	if [[ ! -f $dest/.kmb-unpacked ]]; then
		apt-cache show "$h" >/dev/null 2>&1 || die "no package $h in the package lists (apt-get update?)"
		common=$(deps_of "$h" '^linux-headers-.*-common$')
		kbuild=$(deps_of "$h" '^linux-kbuild-')
		[[ -n $common && -n $kbuild ]] || die "$h does not name its -common and linux-kbuild packages"
		rm -rf "$dest" && mkdir -p "$dest"
		for p in "$h" $common $kbuild; do
			dpkg-deb -x "$(fetch_deb "$p")" "$dest" || die "cannot unpack $p"
		done
		# The flavour's Makefile includes the common tree by its absolute /usr/src path.
		sed -i "s#^include /usr/src/#include $(realpath "$dest")/usr/src/#" "$build/Makefile"
		touch "$dest/.kmb-unpacked"
	fi
	echo "$build"
}

case $pkg in
linux-image-*) kb=$(debian_headers) ;;
local:*)
	kb=$(dirname "${pkg#local:}")/src
	[[ -f $kb/Makefile && -f $kb/Module.symvers ]] ||
		die "no built kernel tree at $kb (make kernel SERIES=... keeps it; Module.symvers missing)" ;;
*) usage_error "'$kdir' names package '$pkg' (accepted: linux-image-... or local:PATH)" ;;
esac

dst=$out/$rel
ko=$dst/kmb_kloop.ko
if [[ -f $ko && $ko -nt $src/kmb_kloop.c && $ko -nt $src/Kbuild ]]; then
	echo "$(realpath "$ko")"
	exit 0
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/kmb-kloop.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$src/kmb_kloop.c" "$src/Kbuild" "$work/"
# No BTF for the module: that needs pahole, and nothing here reads it.
make -s -C "$kb" M="$work" CONFIG_DEBUG_INFO_BTF_MODULES= modules >&2 ||
	die "kbuild failed for $rel in $kb"
mkdir -p "$dst"
cp "$work/kmb_kloop.ko" "$ko"
echo "kloop-build: $rel: $(realpath "$ko")" >&2
echo "$(realpath "$ko")"
