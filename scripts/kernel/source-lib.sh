# source-lib.sh - the linux-source cache shared by build.sh and check.sh; sourced.
# shellcheck shell=bash
# Layout under $VM_CACHE: debs/linux-source-S_*.deb (apt-get download),
# src/linux-source-S.tar.xz (taken out of the .deb with dpkg-deb -x, nothing
# installed), src/linux-source-S/ (check.sh: the tarball unpacked once, never
# modified; .kmb-unpacked marks a complete unpack). The caller defines die().

# Prints the cached tarball of series $1, taking it out of a cached .deb if
# needed; prints nothing (status 0) when neither is cached. Never downloads.
cached_tarball() {
	local series=$1 pkg=linux-source-$1 deb x tmp
	x=$(ls "$VM_CACHE/src/linux-source-$series".tar.* 2>/dev/null | head -n 1 || true)
	if [[ -n $x ]]; then
		echo "$x"
		return
	fi
	deb=$(ls "$VM_CACHE/debs/${pkg}"_*.deb 2>/dev/null | sort -V | tail -n 1 || true)
	[[ -n $deb ]] || return 0
	mkdir -p "$VM_CACHE/src"
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/kmb-src.XXXXXX")
	dpkg-deb -x "$deb" "$tmp" || { rm -rf "$tmp"; die "dpkg-deb -x $deb failed"; }
	x=$(ls "$tmp/usr/src/linux-source-$series".tar.* 2>/dev/null | head -n 1 || true)
	[[ -n $x ]] || { rm -rf "$tmp"; die "$deb holds no linux-source tarball"; }
	mv "$x" "$VM_CACHE/src/"
	rm -rf "$tmp"
	ls "$VM_CACHE/src/linux-source-$series".tar.* | head -n 1
}

# Prints the path of the linux-source tarball for series $1 (downloads the .deb once).
source_tarball() {
	local series=$1 pkg=linux-source-$1 x
	x=$(cached_tarball "$series")
	if [[ -z $x ]]; then
		mkdir -p "$VM_CACHE/debs"
		(cd "$VM_CACHE/debs" && apt-get download -q "$pkg" >&2) || die "apt-get download $pkg failed"
		x=$(cached_tarball "$series")
		[[ -n $x ]] || die "apt-get download $pkg left no .deb in $VM_CACHE/debs"
	fi
	echo "$x"
}
