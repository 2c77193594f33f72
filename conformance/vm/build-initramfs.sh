#!/usr/bin/env bash
# Packs the guest's initramfs: a static busybox, guest-init.sh as /init, and the
# decompressed modules from fetch-kernel.sh with their load order.
# Idempotent: rebuilds only when the init script, busybox or the kernel changed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[[ -s $MODULE_ORDER_FILE ]] || die "no cached kernel in $KERNEL_DIR (run fetch-kernel.sh)"
busybox=/bin/busybox
[[ -x $busybox ]] || die "$busybox not found (package busybox-static; run install-deps.sh)"
if LC_ALL=C readelf -l "$busybox" 2>/dev/null | grep -q 'Requesting program interpreter'; then
  die "$busybox is dynamically linked; the initramfs needs busybox-static"
fi

stamp=$(cat "$VM_DIR/guest-init.sh" "$MODULE_ORDER_FILE" "$KERNEL_DIR/version" "$busybox" | sha256sum | cut -c1-16)
if [[ -s $INITRAMFS && "$(cat "$INITRAMFS.stamp" 2>/dev/null)" == "$stamp" ]]; then
  log "initramfs up to date: $INITRAMFS"
  exit 0
fi

staging=$(mktemp -d "$VM_CACHE/initramfs.XXXXXX")
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging"/{bin,dev,proc,sys,tmp,modules}
cp "$busybox" "$staging/bin/busybox"
install -m 0755 "$VM_DIR/guest-init.sh" "$staging/init"
cp "$KERNEL_DIR"/modules/*.ko "$staging/modules/"
cp "$MODULE_ORDER_FILE" "$staging/modules.order"
(cd "$staging" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet | gzip -1) > "$INITRAMFS.tmp"
mv "$INITRAMFS.tmp" "$INITRAMFS"
echo "$stamp" > "$INITRAMFS.stamp"
log "initramfs built: $INITRAMFS ($(du -h "$INITRAMFS" | cut -f1))"
