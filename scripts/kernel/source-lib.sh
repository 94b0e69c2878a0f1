# source-lib.sh - series folders and the linux-source cache, shared by build.sh and check.sh; sourced.
# shellcheck shell=bash
# Layout under $VM_CACHE: debs/linux-source-S_*.deb (apt-get download),
# src/linux-source-S.tar.xz (taken out of the .deb with dpkg-deb -x, nothing
# installed), src/linux-source-S/ (check.sh: the tarball unpacked once, never
# modified; .kmb-unpacked marks a complete unpack). The caller defines die() and
# usage_error().

# Prints the patches of series folder $1 in apply order (the lines of its 'series' file
# but blank ones and # comments).
series_patches() {
	local p
	while read -r p; do
		[[ -z $p || $p == \#* ]] && continue
		echo "$p"
	done <"$1/series"
}

# Checks series folder $1: a 'series' file, a 'config' fragment, every patch the series
# names. usage_error (exit 2) when it is not one.
series_check_folder() {
	local d=$1 p
	[[ -n $d && -d $d ]] || usage_error "'$d' is not a series folder (accepted: kernel-patches/NAME with series and config)"
	[[ -f $d/series ]] || usage_error "'$d' has no 'series' file (accepted: kernel-patches/NAME with series and config)"
	[[ -f $d/config ]] || usage_error "'$d' has no 'config' fragment (an empty file is fine)"
	while read -r p; do
		[[ -f $d/$p ]] || usage_error "'$d/series' names '$p', which is not in $d"
	done < <(series_patches "$d")
}

# Prints the linux-source series of series folder $1 (its 'source' file, default 6.12);
# usage_error (exit 2) when it does not name one.
series_source() {
	local d=$1 series
	series=$(cat "$d/source" 2>/dev/null || echo 6.12)
	[[ $series =~ ^[0-9]+\.[0-9]+$ ]] || usage_error "'$d/source' says '$series' (accepted: a linux-source series such as 6.12)"
	echo "$series"
}

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
