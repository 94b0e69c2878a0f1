#!/bin/bash
# test_vm_initramfs.sh - scripts/vm/mkinitramfs.sh builds the guest image we
# expect (listed with cpio -t), refuses dynamic binaries and bad usage without
# creating anything, and run.sh / fetch-kernel.sh reject bad input with exit 2.
# With -m, the image holds the dynamic kmembench-micro ($BUILD/workloads) and
# mkfs.ext4 with every shared object ldd names, and (as root, in a chroot of the
# unpacked image) the loader resolves all of them from the image alone.
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

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
