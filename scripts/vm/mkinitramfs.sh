#!/bin/bash
# mkinitramfs.sh - build the guest initramfs (newc cpio, gzip).
#
#   scripts/vm/mkinitramfs.sh -k KERNEL_DIR [-b STATIC_BUILD] [-m MICRO_SHIM] [-P PERF]
#                             [-K KLOOP_KO] [-p PROFILE]... -o OUT.cpio.gz
#   scripts/vm/mkinitramfs.sh --conf CONF_FILE [--hook SCRIPT] -o OUT.cpio
#
# First form: the base image for one kernel: busybox (static), /init
# (scripts/vm/init), the stand-in payload, the kernel's modules from
# KERNEL_DIR (made by fetch-kernel.sh) with their load order, and, when
# STATIC_BUILD holds them (make static -> build/static), the statically linked
# kmembench and workloads plus the given profiles under /opt/kmembench.
# -m: `kmembench micro` in the guest. Debian has no static libbenchmark.a, so
# the dynamically linked Google Benchmark shim (build/workloads/kmembench-micro)
# goes to /opt/kmembench/workloads/, where the static kmembench looks for it
# (next to itself), with exactly the shared libraries and the loader ldd names,
# at their host paths (add-dynamic.sh); and mkfs.ext4 ($MKFS_EXT4, dynamic, with
# its libraries) to /sbin, for micro's fresh ext4 loop filesystem (its disk ops).
# -P: perf for `kmembench run --perf` in the guest: the program PERF (e.g.
# /usr/bin/perf; when that is a script, Debian's wrapper that execs perf_X.Y,
# the newest perf_* ELF program beside it) goes to /usr/bin/perf with the shared
# libraries ldd names (add-dynamic.sh), and the libtraceevent plugins
# ($PERF_PLUGINS, /usr/lib/traceevent/plugins, when there) to that same path;
# and xz ($XZ, when there) as /bin/xz, ahead of busybox's decompress-only applet,
# for the xz-compressed folded stacks `run --perf` writes.
# -K: the in-kernel loop module built for this kernel (scripts/kloop/build.sh) goes to
# /opt/kmembench/kloop/RELEASE/kmb_kloop.ko, where kmembench micro's k: ops load it from.
# The guest's init mounts tracefs and debugfs for its tracepoints.
# Second form: a small uncompressed cpio holding etc/kmb.conf (and, with --hook,
# SCRIPT as etc/kmb-hook.sh; with --etc FILE, repeatable, FILE as etc/BASENAME:
# the host's machine identity and the guest kernel's config); run.sh appends it to
# the base image per boot (the kernel unpacks concatenated cpios).
# Exit 2 on bad usage, 1 when something needed is missing.
set -euo pipefail

here=$(dirname "$(realpath "$0")")
BUSYBOX=${BUSYBOX:-/bin/busybox}
MKFS_EXT4=${MKFS_EXT4:-$(command -v mkfs.ext4 || echo /sbin/mkfs.ext4)}
PERF_PLUGINS=${PERF_PLUGINS:-/usr/lib/traceevent/plugins}
XZ=${XZ:-$(command -v xz || echo /usr/bin/xz)}

die() { echo "mkinitramfs: $*" >&2; exit 1; }
usage_error() { echo "mkinitramfs: $*" >&2; exit 2; }

# Writes the tree $1 as a newc cpio (owner root) to stdout, sorted, mtimes as they are.
pack() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort | "$BUSYBOX" cpio -o -H newc -R 0:0 2>/dev/null)
}

# Fails unless $1 is a statically linked executable.
need_static() {
	[[ -x $1 ]] || die "$1 is missing or not executable"
	if ldd "$1" >/dev/null 2>&1; then
		die "$1 is dynamically linked; the guest has no libc (install busybox-static / run make static)"
	fi
}

build_conf() {
	local conf=$1 hook=$2 out=$3 st f
	shift 3
	[[ -f $conf ]] || usage_error "'$conf' is not a file (accepted: a kmb.conf written by run.sh)"
	[[ -z $hook || -f $hook ]] || usage_error "hook '$hook' is not a file (accepted: a busybox sh script)"
	st=$(mktemp -d "${TMPDIR:-/tmp}/kmb-conf.XXXXXX")
	mkdir -p "$st/etc"
	cp "$conf" "$st/etc/kmb.conf"
	if [[ -n $hook ]]; then
		cp "$hook" "$st/etc/kmb-hook.sh"
		chmod 755 "$st/etc/kmb-hook.sh"
	fi
	for f in "$@"; do
		[[ -f $f ]] || { rm -rf "$st"; usage_error "--etc '$f' is not a file"; }
		cp "$f" "$st/etc/$(basename "$f")"
	done
	pack "$st" >"$out.tmp" || { rm -rf "$st"; die "cpio failed"; }
	rm -rf "$st"
	mv "$out.tmp" "$out"
}

# Adds the dynamic micro shim $2 and mkfs.ext4 with their shared libraries to tree $1.
add_micro() {
	local st=$1 shim=$2 e
	e=$("$here/add-dynamic.sh" "$st" "$shim" /opt/kmembench/workloads/kmembench-micro 2>&1 >/dev/null) ||
		die "micro shim: ${e#add-dynamic: } (the dynamic build: make build/workloads/kmembench-micro)"
	e=$("$here/add-dynamic.sh" "$st" "$MKFS_EXT4" /sbin/mkfs.ext4 2>&1 >/dev/null) ||
		die "mkfs.ext4 for micro: ${e#add-dynamic: } (install e2fsprogs)"
}

# The perf program $1 names: itself when it is an ELF file, else (Debian's wrapper
# script, which execs perf_X.Y for the running kernel) the newest perf_* ELF program
# in its directory. Fails with one line when there is none.
resolve_perf() {
	local p=$1 c best=""
	[[ -f $p && -x $p ]] || die "perf '$p' is missing or not executable (install linux-perf)"
	if [[ $(head -c 4 "$p" | od -An -c | tr -d ' ') == 177ELF ]]; then
		realpath "$p"
		return
	fi
	while IFS= read -r c; do
		[[ -f $c && -x $c && $(head -c 4 "$c" | od -An -c | tr -d ' ') == 177ELF ]] && best=$c
	done < <(printf '%s\n' "$(dirname "$p")"/perf_* | sort -V)
	[[ -n $best ]] || die "perf '$p' is a script and no perf_* program is beside it (install linux-perf)"
	realpath "$best"
}

# Adds perf ($2, resolved) as /usr/bin/perf with its shared libraries to tree $1, and
# the libtraceevent plugins when the host has them.
add_perf() {
	local st=$1 perf e
	perf=$(resolve_perf "$2")
	e=$("$here/add-dynamic.sh" "$st" "$perf" /usr/bin/perf 2>&1 >/dev/null) ||
		die "perf: ${e#add-dynamic: } (install linux-perf)"
	if [[ -d $PERF_PLUGINS ]]; then
		mkdir -p "$st$PERF_PLUGINS"
		cp -L "$PERF_PLUGINS"/* "$st$PERF_PLUGINS/" 2>/dev/null || true
	fi
	# busybox --install -s in the guest's init leaves an existing /bin/xz alone.
	if [[ -x $XZ ]] && ! ldd "$XZ" >/dev/null 2>&1; then
		cp "$XZ" "$st/bin/xz"
	elif [[ -x $XZ ]]; then
		e=$("$here/add-dynamic.sh" "$st" "$XZ" /bin/xz 2>&1 >/dev/null) || die "xz: ${e#add-dynamic: }"
	fi
}

build_base() {
	local kdir=$1 bindir=$2 shim=$3 perf=$4 kloop=$5 out=$6
	shift 6
	[[ -f $kdir/vmlinuz && -f $kdir/modules.load ]] ||
		usage_error "'$kdir' is not a kernel directory from fetch-kernel.sh (needs vmlinuz, modules.load)"
	need_static "$BUSYBOX"
	st=$(mktemp -d "${TMPDIR:-/tmp}/kmb-initramfs.XXXXXX")
	trap 'rm -rf "$st"' EXIT
	mkdir -p "$st"/{bin,sbin,dev,proc,sys,tmp,etc,out,mnt/data,lib/modules,opt/kmembench}
	cp "$BUSYBOX" "$st/bin/busybox"
	cp "$here/init" "$st/init"
	cp "$here/stub.sh" "$st/opt/kmembench/stub.sh"
	chmod 755 "$st/init" "$st/opt/kmembench/stub.sh"
	if [[ $(id -u) -eq 0 ]]; then
		mknod -m 600 "$st/dev/console" c 5 1
		mknod -m 666 "$st/dev/null" c 1 3
	fi
	local m
	while read -r m; do
		[[ -n $m ]] || continue
		cp "$kdir/modules/$m.ko" "$st/lib/modules/$m.ko"
	done <"$kdir/modules.load"
	cp "$kdir/modules.load" "$st/etc/modules.load"
	cp "$kdir/release" "$st/etc/kernel-release" 2>/dev/null || true
	if [[ -n $bindir ]]; then
		need_static "$bindir/kmembench"
		cp "$bindir/kmembench" "$st/opt/kmembench/kmembench"
		if [[ -d $bindir/workloads ]]; then
			mkdir -p "$st/opt/kmembench/workloads"
			local w
			for w in "$bindir"/workloads/*; do
				# Data beside the programs (fio-meta's job files in fio/) is copied as is.
				if [[ -d $w ]]; then
					cp -r "$w" "$st/opt/kmembench/workloads/"
					continue
				fi
				need_static "$w"
				cp "$w" "$st/opt/kmembench/workloads/"
			done
		fi
	fi
	[[ -z $shim ]] || add_micro "$st" "$shim"
	[[ -z $perf ]] || add_perf "$st" "$perf"
	if [[ -n $kloop ]]; then
		[[ -f $kloop ]] || usage_error "module '$kloop' is not a file (accepted: a kmb_kloop.ko)"
		mkdir -p "$st/opt/kmembench/kloop/$(cat "$kdir/release")"
		cp "$kloop" "$st/opt/kmembench/kloop/$(cat "$kdir/release")/kmb_kloop.ko"
	fi
	local p
	mkdir -p "$st/opt/kmembench/profiles"
	for p in "$@"; do
		[[ -f $p ]] || usage_error "profile '$p' is not a file"
		cp "$p" "$st/opt/kmembench/profiles/"
	done
	pack "$st" | gzip -9 -n >"$out.tmp" || die "cpio/gzip failed"
	mv "$out.tmp" "$out"
}

main() {
	local kdir="" bindir="" shim="" perf="" kloop="" out="" conf="" hook=""
	local -a profiles=() etc=()
	while [[ $# -gt 0 ]]; do
		case $1 in
		-k) kdir=${2:?}; shift 2 ;;
		-b) bindir=${2:?}; shift 2 ;;
		-m) shim=${2:?}; shift 2 ;;
		-P) perf=${2:?}; shift 2 ;;
		-K) kloop=${2:?}; shift 2 ;;
		--hook) hook=${2:?}; shift 2 ;;
		-p) profiles+=("${2:?}"); shift 2 ;;
		-o) out=${2:?}; shift 2 ;;
		--conf) conf=${2:?}; shift 2 ;;
		--etc) etc+=("${2:?}"); shift 2 ;;
		*) usage_error "unknown argument '$1' (accepted: -k DIR -b DIR -m SHIM -P PERF -K KO -p PROFILE -o OUT | --conf FILE --hook SCRIPT --etc FILE -o OUT)" ;;
		esac
	done
	[[ -n $out ]] || usage_error "missing -o OUT"
	if [[ -n $conf ]]; then
		[[ -z $kdir$bindir$shim$perf$kloop && ${#profiles[@]} -eq 0 ]] ||
			usage_error "--conf takes only --hook and -o (accepted: --conf FILE [--hook SCRIPT] -o OUT)"
		mkdir -p "$(dirname "$out")"
		build_conf "$conf" "$hook" "$out" "${etc[@]}"
	else
		[[ -z $hook && ${#etc[@]} -eq 0 ]] || usage_error "--hook and --etc go with --conf (accepted: --conf FILE [--hook SCRIPT] [--etc FILE] -o OUT)"
		[[ -n $kdir ]] || usage_error "missing -k KERNEL_DIR"
		mkdir -p "$(dirname "$out")"
		build_base "$kdir" "$bindir" "$shim" "$perf" "$kloop" "$out" "${profiles[@]}"
	fi
}

main "$@"
