# Shared settings for the VM harness scripts; sourced, never run.
# The cache holds the unpacked kernel, its decompressed modules and the initramfs.

VM_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VM_CACHE="${DMABUF_VM_CACHE:-$HOME/.cache/dmabuf-spec/vm}"
KERNEL_DIR="$VM_CACHE/kernel"
INITRAMFS="$VM_CACHE/initramfs.cpio.gz"

log() { printf '[vm] %s\n' "$*" >&2; }
die() { printf '[vm] error: %s\n' "$*" >&2; exit 1; }

# Modules the guest loads, in an order where every module comes after its
# modinfo `depends:`; fetch-kernel.sh computes it and writes it here.
MODULE_ORDER_FILE="$KERNEL_DIR/modules.order"

# The modules we want; their dependencies are added by fetch-kernel.sh.
WANTED_MODULES=(vgem 9p 9pnet_virtio overlay)
