#!/bin/bash
# run.sh - run the kmembench suite inside QEMU guests booting other kernels.
#
#   scripts/vm/run.sh [options] KERNEL...
#
# KERNEL: 6.1 | 6.12 | linux-image-... | path to a bzImage (see fetch-kernel.sh).
# Options (environment variables of the same meaning in brackets):
#   -p PROFILE      profile run in the guest            [PROFILE]  profiles/vm.ini
#   -c CMDLINE      extra kernel command line            [CMDLINE]  ""
#   -g v1|v2        cgroup version in the guest          [CGROUP]   v2
#   -m SIZE         guest memory (e.g. 2G, 1536M)        [VM_MEM]   2G
#   -j N            guest vCPUs                          [VM_CPUS]  2
#   -a auto|kvm|tcg accelerator; auto = KVM when a probe boot reaches init, else TCG [VIRT] auto
#   -t SEC          deadline of one boot                 [VM_DEADLINE] 1200
#   -l TEXT         result-set label                     [LABEL]    derived
#   -o DIR          where result sets go                 [RESULTS]  results
#   -x ARG          extra argument for `kmembench run` (repeatable) [RUN_ARGS, space-separated]
#   -M ARG          extra argument for `kmembench micro` (repeatable) [MICRO_ARGS, space-separated]
#   -P              ship perf (and its libraries) in the guest, for `run --perf`  [PERF=1]
#                   (automatic when the profile's [suite] sets perf or caches, or the
#                   run arguments name --perf, --perf-reps or --caches)
#   --stub          run the stand-in payload (busybox du in a cgroup) instead of kmembench
#   --hook FILE     run the busybox sh script FILE in the guest instead of kmembench (after
#                   the cgroup, data disk, tracefs and debugfs mounts; kmembench, the profile
#                   and, with -P, perf are there): its output comes back as NAME/hook.txt
# Environment only: TCG_THREAD=single|multi (default single), DATA_SIZE (4G), VM_WORK,
# VM_CACHE, STATIC_BUILD, MICRO_BIN (build/workloads/kmembench-micro), QEMU,
# PERF_BIN (the perf program shipped by -P: `command -v perf`, or /usr/bin/perf).
# Per kernel: fetch, initramfs, fresh disks, boot with a deadline, read the
# console (vmlog), bring the result set back to RESULTS/NAME. When the profile
# has a [micro] section, the guest then runs `kmembench micro -p PROFILE` too
# (the dynamic shim MICRO_BIN and its libraries go into the initramfs), whose set
# comes back as RESULTS/NAME-micro (label LABEL-micro); a [stock] section runs
# `kmembench stock -p PROFILE` last (RESULTS/NAME-stock). Console logs stay in
# $VM_WORK/RELEASE/. Prints one "vm: RELEASE: ..." summary line per kernel and
# the result set directories on stdout. Exit 0 when every kernel produced its
# result sets, 1 otherwise, 2 on bad usage (then nothing is created).
set -euo pipefail

here=$(dirname "$(realpath "$0")")
top=$(realpath "$here/../..")
# shellcheck source=scripts/vm/guest-etc.sh
. "$here/guest-etc.sh"
# shellcheck source=scripts/vm/wants.sh
. "$here/wants.sh"
# shellcheck source=scripts/vm/provenance.sh
. "$here/provenance.sh"

PROFILE=${PROFILE:-profiles/vm.ini}
CMDLINE=${CMDLINE:-}
CGROUP=${CGROUP:-v2}
VM_MEM=${VM_MEM:-2G}
VM_CPUS=${VM_CPUS:-2}
VIRT=${VIRT:-auto}
VM_DEADLINE=${VM_DEADLINE:-1200}
LABEL=${LABEL:-}
RESULTS=${RESULTS:-results}
VM_WORK=${VM_WORK:-build/vm}
STATIC_BUILD=${STATIC_BUILD:-build/static}
MICRO_BIN=${MICRO_BIN:-build/workloads/kmembench-micro}
DATA_SIZE=${DATA_SIZE:-4G}
RESULTS_SIZE=${RESULTS_SIZE:-256M}
NOOUT_SECS=${NOOUT_SECS:-90}
PROBE_SECS=${PROBE_SECS:-30}
QEMU=${QEMU:-qemu-system-x86_64}
# TCG with one host thread for all vCPUs: with multi-threaded TCG, 6.12 guests
# sometimes died with "Oops: int3" in a just-patched static-key site (stale
# translated code on the other vCPU when memcg static keys flip).
TCG_THREAD=${TCG_THREAD:-single}
export VM_CACHE=${VM_CACHE:-$VM_WORK/cache}
PERF=${PERF:-0}
PERF_BIN=${PERF_BIN:-$(command -v perf || echo /usr/bin/perf)}
MODE=run
HOOK=""
read -r -a EXTRA <<<"${RUN_ARGS:-}"
read -r -a MICRO_EXTRA <<<"${MICRO_ARGS:-}"
MICRO=no
STOCK=no

usage_error() { echo "vm: $*" >&2; exit 2; }
log() { echo "vm: $*" >&2; }

parse_args() {
	KERNELS=()
	while [[ $# -gt 0 ]]; do
		case $1 in
		-p) PROFILE=${2:?}; shift 2 ;;
		-c) CMDLINE=${2?}; shift 2 ;;
		-g) CGROUP=${2:?}; shift 2 ;;
		-m) VM_MEM=${2:?}; shift 2 ;;
		-j) VM_CPUS=${2:?}; shift 2 ;;
		-a) VIRT=${2:?}; shift 2 ;;
		-t) VM_DEADLINE=${2:?}; shift 2 ;;
		-l) LABEL=${2:?}; shift 2 ;;
		-o) RESULTS=${2:?}; shift 2 ;;
		-x) EXTRA+=("${2:?}"); shift 2 ;;
		-M) MICRO_EXTRA+=("${2:?}"); shift 2 ;;
		-P) PERF=1; shift ;;
		--stub) MODE=stub; shift ;;
		--hook) MODE=hook; HOOK=${2:?}; shift 2 ;;
		-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
		-*) usage_error "unknown option '$1' (see scripts/vm/run.sh --help)" ;;
		*) KERNELS+=("$1"); shift ;;
		esac
	done
	[[ ${#KERNELS[@]} -gt 0 ]] || usage_error "no kernel given (accepted: 6.1, 6.12, linux-image-..., path to a bzImage)"
	[[ $CGROUP == v1 || $CGROUP == v2 ]] || usage_error "CGROUP '$CGROUP' is not accepted (accepted: v1, v2)"
	[[ $VM_MEM =~ ^[1-9][0-9]*[MG]$ ]] || usage_error "VM_MEM '$VM_MEM' is not a size (accepted: NNNM or NNG, e.g. 2G)"
	[[ $VM_CPUS =~ ^[1-9][0-9]?$ ]] || usage_error "VM_CPUS '$VM_CPUS' is not accepted (accepted: 1..99)"
	[[ $VIRT =~ ^(auto|kvm|tcg)$ ]] || usage_error "VIRT '$VIRT' is not accepted (accepted: auto, kvm, tcg)"
	[[ $TCG_THREAD =~ ^(single|multi)$ ]] || usage_error "TCG_THREAD '$TCG_THREAD' is not accepted (accepted: single, multi)"
	[[ $VM_DEADLINE =~ ^[1-9][0-9]*$ ]] || usage_error "VM_DEADLINE '$VM_DEADLINE' is not accepted (accepted: seconds > 0)"
	[[ $PERF == 0 || $PERF == 1 ]] || usage_error "PERF '$PERF' is not accepted (accepted: 0, 1)"
	[[ $CMDLINE != *[\'\"\\]* ]] || usage_error "CMDLINE '$CMDLINE' has quotes or backslashes (accepted: plain words)"
	[[ -z $LABEL || $LABEL =~ ^[A-Za-z0-9._+-]{1,63}$ ]] ||
		usage_error "LABEL '$LABEL' is not accepted (accepted: 1..63 of A-Z a-z 0-9 . _ - +)"
	if [[ $MODE == run ]]; then
		[[ -f $PROFILE ]] || usage_error "profile '$PROFILE' is not a file (accepted: an INI file, e.g. profiles/vm.ini)"
		[[ -x $STATIC_BUILD/kmembench ]] ||
			usage_error "no static kmembench in $STATIC_BUILD (run 'make static' first, or use --stub)"
		# Like make bench (scripts/bench.sh): a [micro] section means a micro run too.
		if grep -q '^\[micro\]' "$PROFILE"; then
			MICRO=yes
			[[ -x $MICRO_BIN ]] ||
				usage_error "profile '$PROFILE' has [micro] but $MICRO_BIN is missing (run 'make build/workloads/kmembench-micro')"
		fi
		grep -q '^\[stock\]' "$PROFILE" && STOCK=yes
		wants_perf && PERF=1
	fi
	if [[ $MODE == hook ]]; then
		[[ -f $HOOK ]] || usage_error "hook '$HOOK' is not a file (accepted: a busybox sh script)"
		[[ -x $STATIC_BUILD/kmembench ]] ||
			usage_error "no static kmembench in $STATIC_BUILD (run 'make static' first)"
	fi
	if [[ $PERF == 1 ]]; then
		[[ -f $PERF_BIN && -x $PERF_BIN ]] ||
			usage_error "perf asked for the guest but PERF_BIN '$PERF_BIN' is not an executable (install linux-perf)"
	fi
	command -v "$QEMU" >/dev/null || usage_error "$QEMU not found (install qemu-system-x86)"
	command -v mkfs.ext4 >/dev/null || usage_error "mkfs.ext4 not found (install e2fsprogs)"
}

# Builds build/vm/vmlog (console log reader) with the Makefile when missing or stale.
build_vmlog() {
	VMLOG=$top/build/vm/vmlog
	make -s -C "$top" BUILD=build vmlog >&2
}

# Single-quotes $1 for the guest's busybox sh.
sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# True when kernel config $1 of release $2 has the cgroup v1 memory controller.
has_memcg_v1() {
	grep -q '^CONFIG_MEMCG_V1=y' "$1" 2>/dev/null && return 0
	grep -q '^CONFIG_MEMCG_V1' "$1" 2>/dev/null && return 1
	grep -q '^# CONFIG_MEMCG_V1 is not set' "$1" 2>/dev/null && return 1
	# Before 6.11 there is no MEMCG_V1 switch: v1 comes with MEMCG.
	grep -q '^CONFIG_MEMCG=y' "$1" 2>/dev/null
}

# Label of the micro (or $2) set of label $1 (at most 63 characters, as the harness accepts).
micro_label() { echo "${1:0:57}-${2:-micro}"; }

# Writes the guest config for mode $1, virt $2 into file $3. KMB_MICRO_ARGS is
# empty unless the profile has [micro]: the micro set goes to /out/micro, its
# loop filesystem image into the scratch root on the data disk. KMB_STOCK_ARGS
# likewise with [stock], its set in /out/stock.
write_conf() {
	local mode=$1 virt=$2 args="" margs="" sargs="" prof a
	prof=/opt/kmembench/profiles/$(basename "$PROFILE")
	if [[ $mode == run ]]; then
		for a in -p "$prof" -o /out/run --fs /mnt/data/scratch --label "$label" "${EXTRA[@]}"; do
			args+="$(sq "$a") "
		done
	fi
	if [[ $mode == run && $MICRO == yes ]]; then
		for a in -p "$prof" -o /out/micro --scratch /mnt/data/scratch \
			--label "$(micro_label "$label")" "${MICRO_EXTRA[@]}"; do
			margs+="$(sq "$a") "
		done
	fi
	if [[ $mode == run && $STOCK == yes ]]; then
		for a in -p "$prof" -o /out/stock --label "$(micro_label "$label" stock)"; do
			sargs+="$(sq "$a") "
		done
	fi
	{
		echo "KMB_MODE=$(sq "$mode")"
		echo "KMB_VIRT=$(sq "$virt")"
		echo "KMB_CGROUP=$(sq "$CGROUP")"
		echo "KMB_ARGS=$(sq "$args")"
		echo "KMB_MICRO_ARGS=$(sq "$margs")"
		echo "KMB_STOCK_ARGS=$(sq "$sargs")"
		printf '%s' "$GUEST_ENV" # env.host_machine, the guest kernel's config (guest-etc.sh)
	} >"$3"
}

# Makes the per-boot initramfs $3 from base image $2 and mode $1 (virt $4).
boot_image() {
	guest_etc "$work" "$kdir" "$STATIC_BUILD"
	write_conf "$1" "$4" "$work/kmb.conf"
	local -a hook=()
	[[ $1 == hook ]] && hook=(--hook "$HOOK")
	"$here/mkinitramfs.sh" --conf "$work/kmb.conf" "${hook[@]}" "${ETC[@]}" -o "$work/conf.cpio"
	# The kernel looks for a following cpio only at 4-byte aligned offsets:
	# pad the gzip'd base with zeros (skipped) to a 512-byte boundary.
	local size pad
	size=$(stat -c %s "$2")
	pad=$(((512 - size % 512) % 512))
	{
		cat "$2"
		head -c "$pad" /dev/zero
		cat "$work/conf.cpio"
	} >"$3"
}

# Creates a fresh ext4 data disk and an empty raw results disk in $work.
make_disks() {
	rm -f "$work/data.img" "$work/results.img"
	truncate -s "$DATA_SIZE" "$work/data.img"
	mkfs.ext4 -q -F -L kmbdata -i 4096 -E lazy_itable_init=0,lazy_journal_init=0 "$work/data.img"
	truncate -s "$RESULTS_SIZE" "$work/results.img"
}

QPID=""
# Kills a QEMU still running (trap on exit and signals).
cleanup() {
	if [[ -n $QPID ]] && kill -0 "$QPID" 2>/dev/null; then
		kill -TERM "$QPID" 2>/dev/null || true
		sleep 1
		kill -KILL "$QPID" 2>/dev/null || true
		wait "$QPID" 2>/dev/null || true
	fi
	QPID=""
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

# Boots accel $1 with initramfs $2, deadline $3 s, console log $4.
# Sets KILLED (none|deadline|no-output|kvm-error) and BOOT_SECS.
boot() {
	local accel=$1 initrd=$2 deadline=$3 console=$4 start
	local -a cpu=()
	[[ $accel == kvm ]] && cpu=(-cpu host)
	[[ $accel == tcg ]] && accel="tcg,thread=$TCG_THREAD"
	rm -f "$console" "$console.qemu"
	: >"$console"
	BOOT_ACCEL=$accel
	"$QEMU" -accel "$accel" "${cpu[@]}" -M pc -m "$VM_MEM" -smp "$VM_CPUS" \
		-nodefaults -display none -no-reboot -monitor none \
		-serial "file:$console" \
		-kernel "$kdir/vmlinuz" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 rdinit=/init $CMDLINE" \
		-drive "file=$work/data.img,format=raw,if=none,id=data" \
		-device virtio-blk-pci,drive=data,serial=kmbdata \
		-drive "file=$work/results.img,format=raw,if=none,id=results" \
		-device virtio-blk-pci,drive=results,serial=kmbresults \
		</dev/null >"$console.qemu" 2>&1 &
	QPID=$!
	start=$SECONDS
	KILLED=none
	while kill -0 "$QPID" 2>/dev/null; do
		if ((SECONDS - start >= deadline)); then
			KILLED=deadline
		elif ((SECONDS - start >= NOOUT_SECS)) && [[ ! -s $console ]]; then
			KILLED=no-output
		elif grep -q 'KVM internal error' "$console.qemu" 2>/dev/null; then
			KILLED=kvm-error
		fi
		[[ $KILLED == none ]] || break
		sleep 1
	done
	cleanup
	BOOT_SECS=$((SECONDS - start))
}

# Reads `vmlog` output for log $1 (options in $2...) into the VMLOG_* map.
read_vmlog() {
	local file=$1 k v
	shift
	declare -g -A VL=()
	while IFS='=' read -r k v; do
		VL[$k]=$v
	done < <("$VMLOG" "$@" "$file" || true)
}

# Prints the last lines of console log $1 (and QEMU's own messages) to stderr.
show_tail() {
	echo "---- last 25 console lines ($1) ----" >&2
	tail -n 25 "$1" | tr -d '\r' >&2
	if [[ -s $1.qemu ]]; then
		echo "---- qemu said ----" >&2
		tail -n 10 "$1.qemu" >&2
	fi
	echo "----" >&2
}

# Picks the accelerator for this kernel (sets VIRT_USED).
choose_virt() {
	VIRT_USED=tcg
	[[ $VIRT == tcg ]] && return
	if [[ ! -w /dev/kvm ]]; then
		[[ $VIRT == kvm ]] && log "$rel: /dev/kvm is not usable; falling back to TCG"
		return
	fi
	boot_image probe "$work/base.cpio.gz" "$work/probe.img" kvm
	boot kvm "$work/probe.img" "$PROBE_SECS" "$work/probe.log"
	read_vmlog "$work/probe.log" --probe $([[ $KILLED != none ]] && echo --killed)
	if [[ ${VL[verdict]:-} == ok ]]; then
		VIRT_USED=kvm
		log "$rel: KVM probe boot reached init in ${BOOT_SECS}s: using KVM"
	else
		log "$rel: KVM probe boot failed (${VL[verdict]:-?}, killed: $KILLED): using TCG"
		show_tail "$work/probe.log" 2>&1 | tail -n 6 >&2
	fi
}

# Default label: vm-VIRT-CGROUP[-CMDLINE words], in the harness's label alphabet.
default_label() {
	local l="vm-$VIRT_USED-$CGROUP"
	[[ -n $CMDLINE ]] && l+="-$(echo "$CMDLINE" | tr -s -c 'A-Za-z0-9._+\n' '-')"
	echo "${l:0:63}"
}

# Name of a result set of label $1 for this boot (under $RESULTS), like the
# harness's own default: DATE-RELEASE-LABEL[-N].
result_name() {
	local base n i=2
	base="$(date +%Y-%m-%d)-$rel-$1"
	n=$base
	while [[ -e $RESULTS/$n ]]; do
		n=$base-$i
		i=$((i + 1))
	done
	echo "$n"
}

# Moves result set $1 (from the results disk) to $RESULTS as label $2; prints its path.
keep_set() {
	local dir
	mkdir -p "$RESULTS"
	dir=$RESULTS/$(result_name "$2")
	mv "$1" "$dir"
	cp "$work/console.log" "$dir/console.log" 2>/dev/null || true
	write_provenance >"$dir/vm.txt"
	echo "$dir"
}

# Unpacks the results disk and moves the result sets into $RESULTS (sets
# OUT_DIR and, when the guest ran micro, MICRO_DIR). Fails when a set is missing.
collect() {
	OUT_DIR="" MICRO_DIR="" STOCK_DIR=""
	rm -rf "$work/out" && mkdir -p "$work/out"
	tar -xf "$work/results.img" -C "$work/out" 2>/dev/null || {
		log "$rel: results disk holds no tar"
		return 1
	}
	[[ -f $work/out/dmesg.txt ]] && mv "$work/out/dmesg.txt" "$work/dmesg.txt"
	local src=$work/out/run msrc=$work/out/micro ssrc=$work/out/stock
	[[ $MODE == stub || $MODE == hook ]] && src=$work/out
	[[ -n $(ls -A "$src" 2>/dev/null) ]] && OUT_DIR=$(keep_set "$src" "$label")
	[[ -n $(ls -A "$msrc" 2>/dev/null) ]] && MICRO_DIR=$(keep_set "$msrc" "$(micro_label "$label")")
	[[ -n $(ls -A "$ssrc" 2>/dev/null) ]] && STOCK_DIR=$(keep_set "$ssrc" "$(micro_label "$label" stock)")
	[[ -n $OUT_DIR ]] || log "$rel: results disk holds no result set"
	[[ $MICRO == no || -n $MICRO_DIR ]] || log "$rel: results disk holds no micro result set"
	[[ $STOCK == no || -n $STOCK_DIR ]] || log "$rel: results disk holds no stock result set"
	[[ -n $OUT_DIR && ($MICRO == no || -n $MICRO_DIR) && ($STOCK == no || -n $STOCK_DIR) ]]
}

# Whole pipeline for kernel $1; returns 0 when a result set came back.
run_kernel() {
	local v=$1
	kdir=$("$here/fetch-kernel.sh" "$v" | tail -n 1) || {
		log "$v: no kernel"
		return 1
	}
	rel=$(cat "$kdir/release")
	work=$VM_WORK/$rel
	mkdir -p "$work"
	if [[ $CGROUP == v1 ]] && ! has_memcg_v1 "$kdir/config"; then
		log "$rel: cgroup v1 memory is not built into this kernel (CONFIG_MEMCG_V1); use CGROUP=v2"
		return 1
	fi
	local -a bin=() prof=()
	[[ $MODE == run || $MODE == hook ]] && bin=(-b "$STATIC_BUILD")
	[[ $MODE == run || ($MODE == hook && -f $PROFILE) ]] && prof=(-p "$PROFILE")
	[[ $MICRO == yes ]] && bin+=(-m "$MICRO_BIN")
	[[ $PERF == 1 ]] && bin+=(-P "$PERF_BIN")
	if [[ $MICRO == yes ]] && wants_kloop; then
		local ko
		ko=$("$top/scripts/kloop/build.sh" "$kdir" | tail -n 1) || {
			log "$rel: cannot build the in-kernel loop module for the profile's k: ops"
			return 1
		}
		bin+=(-K "$ko")
	fi
	"$here/mkinitramfs.sh" -k "$kdir" "${bin[@]}" "${prof[@]}" -o "$work/base.cpio.gz"
	make_disks
	choose_virt
	label=${LABEL:-$(default_label)}
	boot_image "$MODE" "$work/base.cpio.gz" "$work/boot.img" "$VIRT_USED"
	log "$rel: booting ($VIRT_USED, $VM_CPUS vCPU, $VM_MEM, cgroup $CGROUP, deadline ${VM_DEADLINE}s${CMDLINE:+, cmdline '$CMDLINE'})"
	boot "$VIRT_USED" "$work/boot.img" "$VM_DEADLINE" "$work/console.log"
	read_vmlog "$work/console.log" $([[ $KILLED != none ]] && echo --killed)
	local verdict=${VL[verdict]:-unreadable}
	if [[ $verdict != ok ]]; then
		log "$rel: boot failed after ${BOOT_SECS}s: $verdict${VL[error]:+ (${VL[error]})}${VL[panic]:+ (${VL[panic]})} killed: $KILLED status: ${VL[status]:-?}"
		show_tail "$work/console.log"
		if [[ $verdict == run-failed ]]; then
			collect || true
			[[ -z $OUT_DIR ]] || log "$rel: partial result set kept in $OUT_DIR"
			[[ -z $MICRO_DIR ]] || log "$rel: partial micro result set kept in $MICRO_DIR"
		fi
		return 1
	fi
	collect || return 1
	log "$rel: ok in ${BOOT_SECS}s ($VIRT_USED, guest uname ${VL[uname]:-?}) -> $OUT_DIR${MICRO_DIR:+ + $MICRO_DIR}${STOCK_DIR:+ + $STOCK_DIR}"
	echo "$OUT_DIR"
	[[ -z $MICRO_DIR ]] || echo "$MICRO_DIR"
	[[ -z $STOCK_DIR ]] || echo "$STOCK_DIR"
}

main() {
	parse_args "$@"
	build_vmlog
	local v fails=0
	for v in "${KERNELS[@]}"; do
		run_kernel "$v" || fails=$((fails + 1))
	done
	[[ $fails -eq 0 ]] || { log "$fails of ${#KERNELS[@]} kernel(s) failed"; exit 1; }
}

main "$@"
