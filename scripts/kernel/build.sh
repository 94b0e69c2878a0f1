#!/bin/bash
# build.sh - build a test kernel from Debian's linux-source and a patch series.
#
#   scripts/kernel/build.sh kernel-patches/NAME      (or: make kernel SERIES=kernel-patches/NAME)
#
# Layout of a series folder (kernel-patches/README.md):
#   NAME/series    patch files in apply order, one per line (# comments, blank lines ok)
#   NAME/*.patch   the patches (git format-patch / quilt, applied with patch -p1)
#   NAME/config    config fragment (CONFIG_X=y / # CONFIG_X is not set) on top of
#                  x86_64_defconfig + kvm_guest.config + kernel-patches/vm-base.config
#   NAME/source    optional: the linux-source series to use (default 6.12)
# Steps: apt-get download linux-source-SERIES (cached in $VM_CACHE/debs),
# dpkg-deb -x (nothing installed), untar into build/kernel/NAME/src (fresh),
# apply the series, merge the config, check every fragment line took, build
# bzImage. Result: build/kernel/NAME/bzImage and build/kernel/NAME/config;
# boot it with `make bench-vm KERNELS=build/kernel/NAME/bzImage`.
# SEED=kernel-patches/BASE (make kernel ... SEED=...): instead of untarring, copy the built
# tree of BASE (a series without patches, same source, built before) with its objects, then
# patch and build: kbuild recompiles what the series and the config change (minutes instead
# of ~20 at -j2). build/kernel/NAME/seed says what it was seeded from.
# Needs: build-essential bc bison flex libelf-dev libssl-dev xz-utils patch.
# Exit 2 on a bad series folder, 1 on a failed step.
set -euo pipefail

here=$(dirname "$(realpath "$0")")
top=$(realpath "$here/../..")
VM_CACHE=${VM_CACHE:-build/vm/cache}
KBUILD=${KBUILD:-build/kernel}
JOBS=${JOBS:-$(nproc)}

die() { echo "kernel-build: $*" >&2; exit 1; }
usage_error() { echo "kernel-build: $*" >&2; exit 2; }
# shellcheck source=scripts/kernel/source-lib.sh
. "$here/source-lib.sh"

# Checks the series folder $1 and the build tools before anything is created.
check_series() {
	local p
	series_check_folder "$1"
	for p in bison flex bc make gcc; do
		command -v "$p" >/dev/null || usage_error "'$p' not found (install build-essential bc bison flex libelf-dev libssl-dev)"
	done
}

# Fails unless every CONFIG line of fragment $1 is in .config $2.
verify_config() {
	local line name missing=0
	while read -r line; do
		case $line in
		CONFIG_*=*) name=${line%%=*} ;;
		"# CONFIG_"*" is not set") name=${line#\# }; name=${name%% *} ;;
		*) continue ;;
		esac
		# "is not set" also holds when the symbol is absent (dependency off).
		if [[ $line == "#"* ]] && ! grep -qE "^$name=" "$2"; then
			continue
		fi
		if ! grep -qxF "$line" "$2"; then
			echo "kernel-build: $1: '$line' did not take (now: $(grep -E "^(# )?$name[= ]" "$2" || echo unset))" >&2
			missing=1
		fi
	done <"$1"
	return $missing
}

# Copies the built tree of series $SEED (no patches, source $2) to $3 for series $1.
seed_tree() {
	local base=${SEED%/} bsrc
	bsrc=$KBUILD/$(basename "$base")/src
	[[ -f $base/series && -z $(series_patches "$base") ]] ||
		usage_error "SEED '$SEED' is not a series folder without patches (accepted: e.g. kernel-patches/example)"
	[[ $(series_source "$base") == "$2" ]] || usage_error "SEED '$SEED' builds linux-source $(series_source "$base"), $1 needs $2"
	[[ -f $bsrc/vmlinux && -f $bsrc/Module.symvers ]] ||
		usage_error "SEED '$SEED' has no built tree in $bsrc (accepted: a series built with make kernel first)"
	[[ $(realpath "$bsrc") != $(realpath -m "$3") ]] || usage_error "SEED '$SEED' is the series itself"
	echo "kernel-build: seeding from $bsrc (its objects: an incremental build)" >&2
	rm -rf "$3" && mkdir -p "$(dirname "$3")"
	cp -a "$bsrc" "$3"
	echo "$base ($(realpath "$bsrc"), $(date -u +%Y-%m-%dT%H:%MZ))" >"$(dirname "$3")/seed"
}

main() {
	[[ $# -eq 1 ]] || usage_error "usage: build.sh kernel-patches/NAME"
	local d=${1%/} name series src out tarball p
	check_series "$d"
	name=$(basename "$d")
	series=$(series_source "$d")
	out=$KBUILD/$name
	src=$out/src
	if [[ -n ${SEED:-} ]]; then
		seed_tree "$d" "$series" "$src"
	else
		tarball=$(source_tarball "$series")
		echo "kernel-build: unpacking $tarball" >&2
		rm -rf "$src" "$out/seed" && mkdir -p "$src"
		tar -xf "$tarball" -C "$src" --strip-components=1
	fi
	while read -r p; do
		echo "kernel-build: applying $p" >&2
		patch -d "$src" -p1 --forward --batch <"$d/$p" >&2 || die "patch $p does not apply to linux-source-$series"
	done < <(series_patches "$d")
	cat "$top/kernel-patches/vm-base.config" "$d/config" >"$out/fragment.config"
	make -C "$src" -s x86_64_defconfig kvm_guest.config >&2
	local frag
	frag=$(realpath "$out/fragment.config")
	(cd "$src" && scripts/kconfig/merge_config.sh -m .config "$frag" >&2)
	make -C "$src" -s olddefconfig >&2
	verify_config "$out/fragment.config" "$src/.config" || die "config fragment did not take (missing dependencies?)"
	echo "kernel-build: building bzImage and modules (Module.symvers: out-of-tree modules such as workloads/kloop build against the tree) with $JOBS jobs" >&2
	make -C "$src" -j"$JOBS" LOCALVERSION="-kmb-$name" bzImage modules >&2 || die "kernel build failed"
	cp "$src/arch/x86/boot/bzImage" "$out/bzImage"
	cp "$src/.config" "$out/config"
	echo "$out/bzImage"
}

main "$@"
