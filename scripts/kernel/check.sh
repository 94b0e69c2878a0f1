#!/bin/bash
# check.sh - do the kernel patch series still apply? (make kernel-check)
#
#   scripts/kernel/check.sh [--cached] [kernel-patches/NAME ...]
#
# Without folders: every kernel-patches/*/ that has a 'series' file. For each
# series, the patches are tried in order with `patch -p1 --dry-run` against
# Debian's linux-source (NAME/source, default 6.12), each on top of the ones
# before it: the files a patch touches are copied from the pristine tree into
# a scratch directory, dry-run there, then applied there for the next patch.
# Prints "kernel-check: NAME: ok (N patches)" per series; a patch that does
# not apply prints the series, the patch, patch's own report and the text of
# each failing hunk. Nothing is built.
# The source comes from $VM_CACHE (build/vm/cache) as for build.sh: the .deb is
# downloaded once (~150 MB) unless --cached, and the tarball is unpacked once
# into $VM_CACHE/src/linux-source-S/ and reused afterwards (never modified).
# --cached: never download; fail (exit 1) when the source is not cached.
# Exit 0 all apply, 1 a patch does not apply (or no source), 2 bad input.
set -euo pipefail

here=$(dirname "$(realpath "$0")")
top=$(realpath "$here/../..")
VM_CACHE=${VM_CACHE:-build/vm/cache}

die() { echo "kernel-check: $*" >&2; exit 1; }
usage_error() { echo "kernel-check: $*" >&2; exit 2; }
# shellcheck source=scripts/kernel/source-lib.sh
. "$here/source-lib.sh"

# Prints the unpacked pristine tree of series $1, unpacking it once.
source_tree() {
	local series=$1 tree tarball tmp
	tree=$VM_CACHE/src/linux-source-$series
	if [[ -f $tree/.kmb-unpacked ]]; then
		echo "$tree"
		return
	fi
	if [[ -n $cached_only ]]; then
		tarball=$(cached_tarball "$series")
		[[ -n $tarball ]] || die "linux-source-$series is not in $VM_CACHE (--cached: not downloading; run make kernel-check once without it)"
	else
		tarball=$(source_tarball "$series")
	fi
	echo "kernel-check: unpacking $tarball into $tree (once)" >&2
	rm -rf "$tree" "$tree.tmp"
	mkdir -p "$tree.tmp"
	tar -xf "$tarball" -C "$tree.tmp" --strip-components=1 || die "cannot unpack $tarball"
	touch "$tree.tmp/.kmb-unpacked"
	mv "$tree.tmp" "$tree"
	echo "$tree"
}

# Prints the -p1 paths patch file $1 names (old and new side, no /dev/null).
patch_files() {
	awk '/^(---|\+\+\+) / {
		p = $2; sub(/\t.*/, "", p)
		if (p == "/dev/null") next
		sub(/^[^\/]*\//, "", p); print p
	}' "$1" | sort -u
}

# Prints hunk number $3 (1-based) of file $2 (-p1 path) in patch file $1.
print_hunk() {
	awk -v want="$2" -v n="$3" '
	function count(s,   a) { return split(s, a, ",") > 1 ? a[2] + 0 : 1 }
	inhunk {
		print "    " $0
		c = substr($0, 1, 1)
		if (c == " ") { old--; new-- } else if (c == "-") old--; else if (c == "+") new--
		if (old <= 0 && new <= 0) exit
		next
	}
	/^\+\+\+ / { f = $2; sub(/\t.*/, "", f); sub(/^[^\/]*\//, "", f); h = 0; next }
	/^@@ / && f == want {
		if (++h != n) next
		old = count(substr($2, 2)); new = count(substr($3, 2))
		print "    " $0; inhunk = 1
	}' "$1"
}

# Tries series folder $1 against tree $2; prints the outcome, returns 1 on a failure.
check_one() {
	local d=$1 tree=$2 name p f scratch out n=0 file hunk
	name=$(basename "$d")
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/kmb-kcheck.XXXXXX")
	while read -r p; do
		n=$((n + 1))
		local files
		files=$(patch_files "$d/$p")
		if [[ -z $files ]]; then
			echo "kernel-check: $name: $p: no file changes in the patch" >&2
			rm -rf "$scratch"
			return 1
		fi
		while read -r f; do
			[[ -e $scratch/$f || ! -e $tree/$f ]] && continue
			mkdir -p "$scratch/$(dirname "$f")"
			cp -p "$tree/$f" "$scratch/$f"
		done <<<"$files"
		if ! out=$(patch -d "$scratch" -p1 --dry-run --forward --batch <"$d/$p" 2>&1); then
			{
				echo "kernel-check: $name: $p does not apply to linux-source-$series"
				sed 's/^/  | /' <<<"$out"
				file=
				while read -r line; do
					case $line in
					"checking file "*) file=${line#checking file } ;;
					"Hunk #"*" FAILED"*)
						hunk=${line#Hunk #}; hunk=${hunk%% *}
						echo "  failing hunk #$hunk of $file:"
						print_hunk "$d/$p" "$file" "$hunk"
						;;
					esac
				done <<<"$out"
			} >&2
			rm -rf "$scratch"
			return 1
		fi
		patch -d "$scratch" -p1 --forward --batch --silent <"$d/$p" >/dev/null 2>&1 ||
			{ rm -rf "$scratch"; die "$name: $p passed --dry-run but did not apply"; }
	done < <(series_patches "$d")
	rm -rf "$scratch"
	local s=es; [[ $n -eq 1 ]] && s=
	echo "kernel-check: $name: ok ($n patch$s, linux-source-$series)"
}

main() {
	cached_only=
	if [[ ${1:-} == --cached ]]; then
		cached_only=1
		shift
	fi
	local dirs=("$@") d failed=0 tree
	if [[ ${#dirs[@]} -eq 0 ]]; then
		for d in "$top"/kernel-patches/*/; do
			[[ -f $d/series ]] && dirs+=("${d%/}")
		done
		[[ ${#dirs[@]} -gt 0 ]] || usage_error "no series under $top/kernel-patches (accepted: kernel-patches/NAME with series and config)"
	fi
	for d in "${dirs[@]}"; do
		[[ $d == -* ]] && usage_error "unknown option '$d' (accepted: --cached, then series folders)"
		series_check_folder "${d%/}"
		series_source "${d%/}" >/dev/null
	done
	command -v patch >/dev/null || usage_error "'patch' not found (install patch)"
	for d in "${dirs[@]}"; do
		d=${d%/}
		series=$(series_source "$d")
		tree=$(source_tree "$series")
		check_one "$d" "$tree" || failed=$((failed + 1))
	done
	[[ $failed -eq 0 ]] || die "$failed of ${#dirs[@]} series do not apply"
}

main "$@"
