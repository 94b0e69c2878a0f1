# provenance.sh - how a guest was run (vm.txt beside each result set), sourced by run.sh.
# shellcheck shell=bash

# How the guest was run (vm.txt beside run.json).
write_provenance() {
	echo "package: $(cat "$kdir/package")"
	echo "release: $rel"
	echo "qemu: $("$QEMU" --version | head -n 1)"
	echo "accel: $BOOT_ACCEL"
	echo "vcpus: $VM_CPUS"
	echo "memory: $VM_MEM"
	echo "append: console=ttyS0 panic=-1 rdinit=/init $CMDLINE"
	echo "cgroup: $CGROUP"
	echo "profile: $PROFILE"
	echo "micro: $MICRO${MICRO_EXTRA[*]:+ (extra: ${MICRO_EXTRA[*]})}"
	echo "stock: $STOCK"
	if [[ $PERF == 1 ]]; then
		echo "perf: $PERF_BIN ($("$PERF_BIN" --version 2>/dev/null | head -n 1))"
	else
		echo "perf: no"
	fi
	[[ $MODE != hook ]] || echo "hook: $HOOK"
	echo "data_disk: ext4 $DATA_SIZE virtio-blk raw"
	echo "boot_seconds: $BOOT_SECS"
	echo "host: $(uname -r) $(nproc) cpus"
}
