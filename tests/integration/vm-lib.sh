# vm-lib.sh - sourced by the VM integration tests (not run by itself).
# vm_require TOOL...: exit 77 (skip) unless VM tests are wanted and QEMU,
# busybox-static, the named tools and the Debian 6.12 kernel package are there.
vm_require() {
	[[ -n ${SKIP_VM:-} ]] && { echo "skip: SKIP_VM set"; exit 77; }
	local t
	for t in qemu-system-x86_64 mkfs.ext4 "$@"; do
		command -v "$t" >/dev/null || { echo "skip: $t not installed"; exit 77; }
	done
	if [[ ! -x /bin/busybox ]] || ldd /bin/busybox >/dev/null 2>&1; then
		echo "skip: busybox-static not installed"
		exit 77
	fi
	export VM_CACHE=${VM_CACHE:-$PWD/build/vm/cache}
	scripts/vm/fetch-kernel.sh 6.12 >/dev/null || { echo "skip: no 6.12 kernel package (apt)"; exit 77; }
}

# check, ok, not_ok and the pass/fail counts.
# shellcheck source=tests/integration/check-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/check-lib.sh"

# vm_static_build: make static, check the binary really is static (exits 1 when not).
vm_static_build() {
	make -s static >/dev/null
	check "make static builds static kmembench" '[[ -x build/static/kmembench ]] && ! ldd build/static/kmembench >/dev/null 2>&1'
	[[ $fail -eq 0 ]] || { echo "$pass passed, $fail failed"; exit 1; }
}
