# guest-etc.sh - files run.sh puts into a guest's /etc per boot: the host's machine identity
# (env.host_machine of the guest's sets) and the guest kernel's config (env.machine's
# kernel_config: Debian's cloud kernels have no /proc/config.gz). Sourced by run.sh.
# shellcheck shell=bash

# guest_etc WORK KDIR STATIC_BUILD: fills ETC (mkinitramfs.sh --etc arguments) and
# GUEST_ENV (lines for kmb.conf); each file is optional.
guest_etc() {
	local work=$1 kdir=$2 static=$3
	ETC=()
	GUEST_ENV=""
	rm -f "$work/kmb-host-machine.json" "$work/kmb-kconfig"
	if [[ -x $static/kmembench ]] && "$static/kmembench" info --json 2>/dev/null |
		jq -e .machine >"$work/kmb-host-machine.json" 2>/dev/null; then
		ETC+=(--etc "$work/kmb-host-machine.json")
		GUEST_ENV+="export KMEMBENCH_HOST_MACHINE=/etc/kmb-host-machine.json"$'\n'
	fi
	if [[ -f $kdir/config ]]; then
		cp "$kdir/config" "$work/kmb-kconfig"
		ETC+=(--etc "$work/kmb-kconfig")
		GUEST_ENV+="export KMEMBENCH_KCONFIG=/etc/kmb-kconfig"$'\n'
	fi
}
