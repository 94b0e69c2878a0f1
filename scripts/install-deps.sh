#!/usr/bin/env bash
# Installs the Debian packages in scripts/packages.txt that are missing.
# As root it runs apt-get; otherwise it lists what to install and fails.
set -eu
cd "$(dirname "$0")/.."
mapfile -t pkgs < <(grep -v '^#' scripts/packages.txt | grep -v '^$')
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages: ${missing[*]} (run as root, or apt-get install them)" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
