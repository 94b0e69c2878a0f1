#!/bin/bash
# fetch-kernel.sh - get a guest kernel for the VM mode without installing it.
#
#   scripts/vm/fetch-kernel.sh VERSION
#
# VERSION is one of
#   6.1 | 6.12 | any X.Y      newest Debian linux-image-X.Y*-$FLAVOUR-unsigned package
#   linux-image-...           that exact Debian package
#   PATH/TO/bzImage           a kernel built in kernel-patches/ (virtio and ext4 built in)
#
# The package is fetched with `apt-get download` into $VM_CACHE/debs (kept, so
# a second call works offline), unpacked with dpkg-deb -x into a temporary
# directory, and only vmlinuz, the config and the few modules the guest needs
# (virtio_pci, virtio_blk, loop and what they depend on, decompressed) are kept
# under $VM_CACHE/kernels/RELEASE/:
#   vmlinuz  config  release  package  modules/NAME.ko  modules.load (load order)
#   needed (the NEEDED_MODULES it was made with; another list re-extracts)
# The last line on stdout is that directory. Exit 2 on a bad VERSION, 1 when
# no kernel could be had.
set -euo pipefail

VM_CACHE=${VM_CACHE:-build/vm/cache}
FLAVOUR=${FLAVOUR:-cloud-amd64}
# Modules the guest needs when they are not built in (ext4 for the data disk,
# loop for the fresh ext4 loop filesystem of `kmembench micro`'s disk ops).
NEEDED_MODULES=${NEEDED_MODULES:-virtio_pci virtio_blk ext4 loop}

die() { echo "fetch-kernel: $*" >&2; exit 1; }
usage_error() { echo "fetch-kernel: $*" >&2; exit 2; }

# Prints the newest package name for series $1 (e.g. 6.12) in flavour $2.
newest_package() {
	local series=${1//./\\.} flavour=$2
	apt-cache search --names-only "^linux-image-${series}[.-][0-9].*-${flavour}-unsigned\$" 2>/dev/null |
		awk '{print $1}' | sort -V | tail -n 1
}

# Same as newest_package, but from debs already in the cache (offline use).
newest_cached_package() {
	local series=${1//./\\.} flavour=$2
	ls "$VM_CACHE/debs" 2>/dev/null | sed -n 's/_.*\.deb$//p' |
		grep -E "^linux-image-${series}[.-][0-9].*-${flavour}-unsigned\$" | sort -V | tail -n 1 || true
}

# Resolves VERSION to a package name (stdout).
resolve_package() {
	local v=$1 pkg=""
	if [[ $v == linux-image-* ]]; then
		echo "$v"
		return
	fi
	pkg=$(newest_package "$v" "$FLAVOUR")
	[[ -n $pkg ]] || pkg=$(newest_package "$v" amd64)
	if [[ -z $pkg && $(id -u) -eq 0 && -z $(newest_cached_package "$v" "$FLAVOUR") ]]; then
		# A fresh machine may have no package lists yet.
		echo "fetch-kernel: no linux-image-$v* in the package lists; running apt-get update" >&2
		apt-get update -qq >&2 || true
		pkg=$(newest_package "$v" "$FLAVOUR")
		[[ -n $pkg ]] || pkg=$(newest_package "$v" amd64)
	fi
	[[ -n $pkg ]] || pkg=$(newest_cached_package "$v" "$FLAVOUR")
	[[ -n $pkg ]] || pkg=$(newest_cached_package "$v" amd64)
	[[ -n $pkg ]] || die "no Debian package linux-image-$v*-{$FLAVOUR,amd64}-unsigned found (run apt-get update?)"
	echo "$pkg"
}

# Downloads package $1 into the cache unless a .deb for it is there; prints its path.
download_deb() {
	local pkg=$1 deb
	mkdir -p "$VM_CACHE/debs"
	deb=$(ls "$VM_CACHE/debs/${pkg}"_*.deb 2>/dev/null | sort -V | tail -n 1 || true)
	if [[ -z $deb ]]; then
		(cd "$VM_CACHE/debs" && apt-get download -q "$pkg" >&2) ||
			die "apt-get download $pkg failed"
		deb=$(ls "$VM_CACHE/debs/${pkg}"_*.deb 2>/dev/null | sort -V | tail -n 1 || true)
		[[ -n $deb ]] || die "apt-get download $pkg left no .deb in $VM_CACHE/debs"
	fi
	echo "$deb"
}

# Copies module file $1 to $2 decompressed (.ko, .ko.xz, .ko.zst, .ko.gz).
copy_module() {
	case $1 in
	*.ko.xz) xz -dc "$1" >"$2" ;;
	*.ko.zst) zstd -q -dc "$1" >"$2" ;;
	*.ko.gz) gzip -dc "$1" >"$2" ;;
	*.ko) cp "$1" "$2" ;;
	*) die "unknown module format: $1" ;;
	esac
}

# Adds module $1 and, first, its dependencies to $out/modules (post-order),
# appending names to $out/modules.load. Built-in modules are skipped.
add_module() {
	local name=${1//-/_} path dep deps
	grep -qx "$name" "$out/modules.load" 2>/dev/null && return 0
	if grep -q "/${name}\.ko\$" "$tmp/builtin" || grep -q "/${1//_/-}\.ko\$" "$tmp/builtin"; then
		return 0
	fi
	path=$(grep -E "/(${name}|${name//_/-})\.ko(\.xz|\.zst|\.gz)?\$" "$tmp/index" | head -n 1 || true)
	[[ -n $path ]] || die "module $name is neither built in nor shipped in the package"
	copy_module "$path" "$out/modules/$name.ko"
	deps=$(tr '\0' '\n' <"$out/modules/$name.ko" | sed -n 's/^depends=//p' | head -n 1)
	for dep in ${deps//,/ }; do
		add_module "$dep"
	done
	echo "$name" >>"$out/modules.load"
}

# Reads the kernel release string out of a bzImage (setup header field at 0x20E).
bzimage_release() {
	local off
	off=$(od -An -tu2 -j $((0x20E)) -N2 "$1" | tr -d ' ')
	[[ -n $off && $off -gt 0 ]] || return 1
	dd if="$1" bs=1 skip=$((off + 0x200)) count=200 status=none | tr '\0' '\n' | head -n 1 | awk '{print $1}'
}

# Uses a locally built bzImage (modules, if any, next to it in modules/).
from_bzimage() {
	local img=$1 rel
	[[ -f $img ]] || usage_error "'$img' is not a file (accepted: 6.1, 6.12, linux-image-..., path to a bzImage)"
	rel=$(bzimage_release "$img") || usage_error "'$img' is not a bzImage (no version string in its setup header)"
	out="$VM_CACHE/kernels/$rel"
	if [[ $(realpath "$img") != $(realpath -m "$out/vmlinuz") ]]; then
		rm -rf "$out" && mkdir -p "$out/modules"
		cp "$img" "$out/vmlinuz"
		if [[ -f $(dirname "$img")/config ]]; then cp "$(dirname "$img")/config" "$out/config"; fi
	fi
	: >"$out/modules.load"
	echo "$rel" >"$out/release"
	echo "local:$(realpath "$img")" >"$out/package"
	echo "$out"
}

main() {
	[[ $# -eq 1 && -n $1 ]] || usage_error "usage: fetch-kernel.sh VERSION (6.1, 6.12, linux-image-..., or a path to a bzImage)"
	local v=$1 pkg deb rel
	if [[ $v == */* || -f $v ]]; then
		from_bzimage "$v"
		return
	fi
	[[ $v =~ ^[0-9]+\.[0-9]+$ || $v =~ ^linux-image-[A-Za-z0-9.+~-]+$ ]] ||
		usage_error "'$v' is not a kernel version (accepted: 6.1, 6.12, linux-image-..., path to a bzImage)"
	pkg=$(resolve_package "$v")
	rel=${pkg#linux-image-}
	rel=${rel%-unsigned}
	out="$VM_CACHE/kernels/$rel"
	if [[ -f $out/vmlinuz && -f $out/modules.load && $(cat "$out/package" 2>/dev/null) == "$pkg" &&
		$(cat "$out/needed" 2>/dev/null) == "$NEEDED_MODULES" ]]; then
		echo "fetch-kernel: $pkg already extracted" >&2
		echo "$out"
		return
	fi
	deb=$(download_deb "$pkg")
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/kmb-fetch.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	dpkg-deb -x "$deb" "$tmp/root"
	local moddir="$tmp/root/lib/modules/$rel"
	[[ -f $tmp/root/boot/vmlinuz-$rel ]] || die "$deb has no boot/vmlinuz-$rel"
	rm -rf "$out" && mkdir -p "$out/modules"
	cp "$tmp/root/boot/vmlinuz-$rel" "$out/vmlinuz"
	cp "$tmp/root/boot/config-$rel" "$out/config"
	find "$moddir" -name '*.ko*' >"$tmp/index"
	cp "$moddir/modules.builtin" "$tmp/builtin" 2>/dev/null || : >"$tmp/builtin"
	: >"$out/modules.load"
	local m
	for m in $NEEDED_MODULES; do
		add_module "$m"
	done
	echo "$rel" >"$out/release"
	echo "$pkg" >"$out/package"
	echo "$NEEDED_MODULES" >"$out/needed"
	echo "fetch-kernel: $pkg -> $out (modules: $(tr '\n' ' ' <"$out/modules.load"))" >&2
	echo "$out"
}

main "$@"
