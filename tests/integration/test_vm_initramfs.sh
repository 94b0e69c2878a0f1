#!/bin/bash
# test_vm_initramfs.sh - scripts/vm/mkinitramfs.sh builds the guest image we
# expect (listed with cpio -t), refuses dynamic binaries and bad usage without
# creating anything, and run.sh / fetch-kernel.sh reject bad input with exit 2.
# With -m, the image holds the dynamic kmembench-micro ($BUILD/workloads) and
# mkfs.ext4 with every shared object ldd names, and (as root, in a chroot of the
# unpacked image) the loader resolves all of them from the image alone.
# With -P, the image holds perf (Debian's wrapper script resolved to the perf_*
# program beside it) as usr/bin/perf with every shared object ldd names, xz and
# the libtraceevent plugins, and (as root) perf runs in a chroot of the image;
# run.sh asks for perf by itself when the profile's [suite] sets perf or caches.
# Needs busybox-static; no network, no QEMU. Exit 77 = skip.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BB=/bin/busybox
if [[ ! -x $BB ]] || ldd "$BB" >/dev/null 2>&1; then
	echo "skip: busybox-static not installed"
	exit 77
fi
# shellcheck source=tests/integration/check-lib.sh
. tests/integration/check-lib.sh

t=$(mktemp -d "${TMPDIR:-/tmp}/kmb-test-initramfs.XXXXXX")
trap 'rm -rf "$t"' EXIT

# A fake kernel directory as fetch-kernel.sh leaves it, and a fake static build.
mkdir -p "$t/k/modules" "$t/static/workloads"
: >"$t/k/vmlinuz"
echo "6.99.0-test" >"$t/k/release"
printf 'virtio_ring\nvirtio_blk\n' >"$t/k/modules.load"
echo ring >"$t/k/modules/virtio_ring.ko"
echo blk >"$t/k/modules/virtio_blk.ko"
cp "$BB" "$t/static/kmembench"
cp "$BB" "$t/static/workloads/dentry-walk"
cp "$BB" "$t/static/workloads/inode-storm"
mkdir "$t/static/workloads/fio"
echo "[create]" >"$t/static/workloads/fio/meta.fio"
printf '[suite]\nreps = 1\n' >"$t/tiny.ini"

scripts/vm/mkinitramfs.sh -k "$t/k" -b "$t/static" -p "$t/tiny.ini" -o "$t/base.cpio.gz"
check "base image built" '[[ -s $t/base.cpio.gz ]]'
gzip -dc "$t/base.cpio.gz" | "$BB" cpio -t 2>/dev/null | sed 's|^\./||' | sort >"$t/list"
for f in init bin/busybox etc/modules.load etc/kernel-release lib/modules/virtio_ring.ko \
	lib/modules/virtio_blk.ko opt/kmembench/kmembench opt/kmembench/stub.sh \
	opt/kmembench/workloads/dentry-walk opt/kmembench/workloads/inode-storm \
	opt/kmembench/workloads/fio/meta.fio \
	opt/kmembench/profiles/tiny.ini mnt/data out proc sys dev; do
	check "image lists $f" "grep -qx '$f' '$t/list'"
done
if [[ $(id -u) -eq 0 ]]; then
	check "image has dev/console" "grep -qx dev/console '$t/list'"
fi
check "no etc/kmb.conf in the base image" "! grep -qx etc/kmb.conf '$t/list'"
mkdir "$t/x"
(cd "$t/x" && gzip -dc "$t/base.cpio.gz" | "$BB" cpio -i -d 2>/dev/null)
check "modules keep the load order" '[[ $(cat "$t/x/etc/modules.load") == $(printf "virtio_ring\nvirtio_blk") ]]'
check "init is executable busybox sh" '[[ -x $t/x/init && $(head -n 1 "$t/x/init") == "#!/bin/busybox sh" ]]'

echo "KMB_MODE='probe'" >"$t/kmb.conf"
scripts/vm/mkinitramfs.sh --conf "$t/kmb.conf" -o "$t/conf.cpio"
check "conf image lists only etc/kmb.conf" \
	'[[ $("$BB" cpio -t <"$t/conf.cpio" 2>/dev/null | sed "s|^\./||" | grep -v "^etc$") == etc/kmb.conf ]]'

# A dynamically linked "kmembench" is refused and no image is left.
cp /bin/sh "$t/static/kmembench"
scripts/vm/mkinitramfs.sh -k "$t/k" -b "$t/static" -o "$t/dyn.cpio.gz" 2>"$t/err"
check "dynamic binary refused with exit 1" '[[ $? -eq 1 ]]'
check "dynamic binary: one-line message" '[[ $(wc -l <"$t/err") -eq 1 ]] && grep -q dynamically "$t/err"'
check "dynamic binary: nothing created" '[[ ! -e $t/dyn.cpio.gz && ! -e $t/dyn.cpio.gz.tmp ]]'

check "no micro shim or mkfs.ext4 without -m" \
	"! grep -qE '^(opt/kmembench/workloads/kmembench-micro|sbin/mkfs.ext4)\$' '$t/list'"

# -m: the dynamic micro shim and mkfs.ext4, each with exactly what ldd names.
shim=${BUILD:-build}/workloads/kmembench-micro
mkfs=$(command -v mkfs.ext4 || echo /sbin/mkfs.ext4)
# Shared objects (absolute paths: libraries and the loader) ldd lists for $1.
ldd_paths() { ldd "$1" | sed -n 's|.*=> \(/[^ ]*\) (0x.*|\1|p; s|^[[:space:]]*\(/[^ ]*\) (0x.*|\1|p'; }
if [[ -x $shim && -x $mkfs ]]; then
	cp "$BB" "$t/static/kmembench"
	scripts/vm/mkinitramfs.sh -k "$t/k" -b "$t/static" -m "$shim" -p "$t/tiny.ini" -o "$t/micro.cpio.gz"
	check "micro image built" '[[ $? -eq 0 && -s $t/micro.cpio.gz ]]'
	gzip -dc "$t/micro.cpio.gz" | "$BB" cpio -t 2>/dev/null | sed 's|^\./||' | sort >"$t/mlist"
	for f in opt/kmembench/kmembench opt/kmembench/workloads/kmembench-micro \
		opt/kmembench/workloads/dentry-walk sbin/mkfs.ext4; do
		check "micro image lists $f" "grep -qx '$f' '$t/mlist'"
	done
	ldd_paths "$shim" >"$t/shim-libs"
	check "shim needs libbenchmark, libstdc++, libc and a loader" \
		'grep -q /libbenchmark "$t/shim-libs" && grep -q /libstdc++ "$t/shim-libs" &&
		grep -q /libc.so "$t/shim-libs" && grep -q /ld-linux "$t/shim-libs"'
	for l in $(cat "$t/shim-libs") $(ldd_paths "$mkfs"); do
		check "micro image lists ${l#/}" "grep -qx '${l#/}' '$t/mlist'"
	done
	interp=$(readelf -l "$shim" 2>/dev/null | sed -n 's/.*interpreter: \(\/[^]]*\)\]/\1/p')
	check "the shim's loader ($interp) is in the image at its path" \
		'[[ -n $interp ]] && grep -qx "${interp#/}" "$t/mlist"'
	check "nothing else under lib/ but modules and what ldd names" \
		'[[ -z $(grep -E "^lib(64)?/.+\.so" "$t/mlist" | grep -vxF -f <(sed "s|^/||" "$t/shim-libs"; ldd_paths "$mkfs" | sed "s|^/||")) ]]'
	if [[ $(id -u) -eq 0 ]]; then
		mkdir "$t/m"
		(cd "$t/m" && gzip -dc "$t/micro.cpio.gz" | "$BB" cpio -i -d 2>/dev/null)
		chroot "$t/m" "$interp" --list /opt/kmembench/workloads/kmembench-micro >"$t/resolved" 2>&1
		check "in a chroot of the image the loader resolves every library of the shim" \
			'[[ $? -eq 0 ]] && ! grep -q "not found" "$t/resolved" && grep -q libbenchmark "$t/resolved"'
		chroot "$t/m" /sbin/mkfs.ext4 -V >"$t/mkfsv" 2>&1
		check "in a chroot of the image mkfs.ext4 runs" '[[ $? -eq 0 ]] && grep -q mke2fs "$t/mkfsv"'
	fi
	scripts/vm/mkinitramfs.sh -k "$t/k" -b "$t/static" -m "$BB" -o "$t/smicro.cpio.gz" 2>"$t/err"
	check "static micro shim refused with exit 1, one line, nothing created" \
		'[[ $? -eq 1 && $(wc -l <"$t/err") -eq 1 && ! -e $t/smicro.cpio.gz && ! -e $t/smicro.cpio.gz.tmp ]] && grep -q "micro shim" "$t/err"'
else
	echo "# skip: micro image checks ($shim or mkfs.ext4 missing; run make)"
fi

check "no perf without -P" "! grep -qx usr/bin/perf '$t/list'"

# -P: perf with exactly what ldd names; a wrapper script resolved to perf_X.Y.
perf=$(command -v perf || true)
if [[ -n $perf ]] && ldd "$perf" >/dev/null 2>&1; then
	cp "$BB" "$t/static/kmembench"
	scripts/vm/mkinitramfs.sh -k "$t/k" -b "$t/static" -P "$perf" -p "$t/tiny.ini" -o "$t/perf.cpio.gz"
	check "perf image built" '[[ $? -eq 0 && -s $t/perf.cpio.gz ]]'
	gzip -dc "$t/perf.cpio.gz" | "$BB" cpio -t 2>/dev/null | sed 's|^\./||' | sort >"$t/plist"
	check "perf image lists usr/bin/perf and bin/xz" \
		"grep -qx usr/bin/perf '$t/plist' && grep -qx bin/xz '$t/plist'"
	for l in $(ldd_paths "$perf"); do
		check "perf image lists ${l#/}" "grep -qx '${l#/}' '$t/plist'"
	done
	if [[ -d /usr/lib/traceevent/plugins ]]; then
		check "perf image has the libtraceevent plugins" \
			"grep -q '^usr/lib/traceevent/plugins/plugin_kmem.so\$' '$t/plist'"
	fi
	mkdir "$t/p"
	(cd "$t/p" && gzip -dc "$t/perf.cpio.gz" | "$BB" cpio -i -d 2>/dev/null)
	check "the image's perf is the host's program" 'cmp -s "$(realpath "$perf")" "$t/p/usr/bin/perf"'
	if [[ $(id -u) -eq 0 ]]; then
		chroot "$t/p" /usr/bin/perf --version >"$t/pv" 2>&1
		check "in a chroot of the image perf runs" '[[ $? -eq 0 ]] && grep -q "perf version" "$t/pv"'
	fi
	# Debian's wrapper: /usr/bin/perf a script exec'ing perf_X.Y.
	mkdir "$t/wrap"
	printf '#!/bin/sh\nexec perf_6.1 "$@"\n' >"$t/wrap/perf"
	cp "$perf" "$t/wrap/perf_6.1"
	printf '#!/bin/sh\n' >"$t/wrap/perf_5.10"
	chmod 755 "$t/wrap/perf" "$t/wrap/perf_6.1" "$t/wrap/perf_5.10"
	scripts/vm/mkinitramfs.sh -k "$t/k" -P "$t/wrap/perf" -o "$t/wrap.cpio.gz"
	check "perf wrapper: image built" '[[ $? -eq 0 && -s $t/wrap.cpio.gz ]]'
	mkdir "$t/w"
	(cd "$t/w" && gzip -dc "$t/wrap.cpio.gz" | "$BB" cpio -i -d 2>/dev/null)
	check "perf wrapper: usr/bin/perf is the perf_6.1 program, not the script" \
		'cmp -s "$t/wrap/perf_6.1" "$t/w/usr/bin/perf"'
	rm "$t/wrap/perf_6.1"
	scripts/vm/mkinitramfs.sh -k "$t/k" -P "$t/wrap/perf" -o "$t/nowrap.cpio.gz" 2>"$t/err"
	check "perf wrapper without a perf_* program: exit 1, one line, nothing created" \
		'[[ $? -eq 1 && $(wc -l <"$t/err") -eq 1 && ! -e $t/nowrap.cpio.gz && ! -e $t/nowrap.cpio.gz.tmp ]] && grep -q "perf_" "$t/err"'
else
	echo "# skip: perf image checks (no dynamic perf in PATH; install linux-perf)"
fi
scripts/vm/mkinitramfs.sh -k "$t/k" -P "$t/no-perf" -o "$t/np.cpio.gz" 2>"$t/err"
check "missing perf: exit 1, one line, nothing created" \
	'[[ $? -eq 1 && $(wc -l <"$t/err") -eq 1 && ! -e $t/np.cpio.gz ]] && grep -q no-perf "$t/err"'

# --hook: the per-boot conf image carries the script as etc/kmb-hook.sh.
printf 'echo hi\n' >"$t/hook.sh"
scripts/vm/mkinitramfs.sh --conf "$t/kmb.conf" --hook "$t/hook.sh" -o "$t/hconf.cpio"
check "conf image with --hook lists etc/kmb-hook.sh" \
	'"$BB" cpio -t <"$t/hconf.cpio" 2>/dev/null | sed "s|^\./||" | grep -qx etc/kmb-hook.sh'
scripts/vm/mkinitramfs.sh -k "$t/k" --hook "$t/hook.sh" -o "$t/hb.cpio.gz" 2>"$t/err"
check "--hook without --conf: exit 2, one line, nothing created" \
	'[[ $? -eq 2 && $(wc -l <"$t/err") -eq 1 && ! -e $t/hb.cpio.gz ]]'
scripts/vm/mkinitramfs.sh --conf "$t/kmb.conf" --hook "$t/no-hook.sh" -o "$t/hn.cpio" 2>"$t/err"
check "--hook of a missing file: exit 2, one line, nothing created" \
	'[[ $? -eq 2 && $(wc -l <"$t/err") -eq 1 && ! -e $t/hn.cpio ]] && grep -q no-hook "$t/err"'

scripts/vm/mkinitramfs.sh -k "$t/nope" -o "$t/bad.cpio.gz" 2>/dev/null
check "missing kernel dir is exit 2" '[[ $? -eq 2 && ! -e $t/bad.cpio.gz ]]'
scripts/vm/mkinitramfs.sh --frob 2>/dev/null
check "unknown option is exit 2" '[[ $? -eq 2 ]]'

scripts/vm/fetch-kernel.sh 'x;y' 2>/dev/null
check "fetch-kernel: bad version is exit 2" '[[ $? -eq 2 ]]'
scripts/vm/fetch-kernel.sh "$t/tiny.ini" 2>/dev/null
check "fetch-kernel: non-bzImage file is exit 2" '[[ $? -eq 2 ]]'

# Each bad argument: exit 2, one line naming the value, nothing created.
run_bad() {
	local word=$1
	shift
	VM_WORK=$t/vmwork RESULTS=$t/res scripts/vm/run.sh "$@" 2>"$t/err"
	local rc=$?
	check "run.sh $*: exit 2, one line naming '$word', nothing created" \
		'[[ $rc -eq 2 && $(wc -l <"$t/err") -eq 1 ]] && grep -qF -- "$word" "$t/err" && [[ ! -e $t/vmwork && ! -e $t/res ]]'
}
run_bad v3 -g v3 6.12
run_bad lots -m lots 6.12
run_bad "'0'" -j 0 6.12
run_bad xen -a xen 6.12
run_bad "'-5'" -t -5 6.12
run_bad "a b" -l "a b" 6.12
run_bad "no kernel" --stub
run_bad missing.ini -p "$t/missing.ini" 6.12
run_bad "'q\"'" -c 'q"' 6.12
printf '[suite]\nreps = 1\n[micro]\ntime = 5\n' >"$t/micro.ini"
STATIC_BUILD=$t/static MICRO_BIN=$t/no-shim run_bad "$t/no-shim" -p "$t/micro.ini" 6.12
PERF=2 run_bad "PERF '2'" 6.12
run_bad "$t/no-hook.sh" --hook "$t/no-hook.sh" 6.12
STATIC_BUILD=$t/static PERF_BIN=$t/no-perf run_bad "$t/no-perf" -p "$t/tiny.ini" -P 6.12
# perf asked by the profile ([suite] perf or caches) or the run arguments: PERF_BIN is checked.
printf '[suite]\nreps = 1\nperf = 1 ; attribution\n' >"$t/perf.ini"
STATIC_BUILD=$t/static PERF_BIN=$t/no-perf run_bad "$t/no-perf" -p "$t/perf.ini" 6.12
printf '[suite]\nreps = 1\ncaches = true\n' >"$t/caches.ini"
STATIC_BUILD=$t/static PERF_BIN=$t/no-perf run_bad "$t/no-perf" -p "$t/caches.ini" 6.12
STATIC_BUILD=$t/static PERF_BIN=$t/no-perf run_bad "$t/no-perf" -p "$t/tiny.ini" -x --perf 6.12
# ... and not when it says 0 or names perf only in another section: the next check (QEMU) speaks.
printf '[suite]\nreps = 1\nperf = 0\ncaches = none\n[dentry-walk]\nperf = 1\n' >"$t/noperf.ini"
STATIC_BUILD=$t/static PERF_BIN=$t/no-perf QEMU=$t/no-qemu run_bad "$t/no-qemu" -p "$t/noperf.ini" 6.12

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
