#!/usr/bin/env bash
# Installs the host packages the VM harness needs: QEMU (TCG emulation), a static
# busybox for the initramfs, cpio to pack it, xz for the kernel modules.
# Idempotent: installs only what is missing; runs `apt-get update` at most once.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

packages=(qemu-system-x86 busybox-static cpio xz-utils)

# One dpkg-query for all of them; a package dpkg has never heard of is missing too.
declare -A installed=()
while read -r pkg status; do
  if [[ $status == "install ok installed" ]]; then installed[$pkg]=1; fi
done < <(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null || true)
missing=()
for pkg in "${packages[@]}"; do
  [[ -n ${installed[$pkg]:-} ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  log "host packages present: ${packages[*]}"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  die "missing packages (${missing[*]}) and not root: run 'apt-get install --no-install-recommends ${missing[*]}' as root"
fi

log "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
log "installed: ${missing[*]}"
