#!/usr/bin/env bash
# Runs one command inside a real Linux kernel (Debian's bookworm-backports 6.12, with udmabuf,
# dma heaps and vgem) under QEMU's software emulation, on the host's own root file system
# (read-only) and returns the command's exit status.
#
#   run-in-vm.sh [--timeout SECONDS] [--share DIR] [--verbose] -- COMMAND [ARG...]
#
# --timeout  wall-clock limit for the whole boot and run (default 300)
# --share    read-write directory shared with the guest at the same path, for inputs and
#            outputs (default: a fresh temporary directory, removed after a successful run);
#            the guest sees it as $DMABUF_VM_SHARE. Its .vm/ subfolder is the harness's own.
# --verbose  also stream the guest console to stderr while it runs
#
# The command runs as root in the guest, in the host's current directory, with HOME and
# JNA's temporary directory on a tmpfs. Its stdout and stderr are replayed on ours after
# the run. The result is read from a file the guest writes on the share, cross-checked with
# the status QEMU exits with (isa-debug-exit); the console is never trusted for it.
# Exit status: the command's, or 124 on timeout, 125 when the harness itself failed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2; exit "$1"; }
fail() { log "error: $*"; exit 125; }

timeout_s=300
share=""
verbose=0
while (($#)); do
  case $1 in
    --timeout) [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || fail "--timeout needs a number of seconds"; timeout_s=$2; shift 2 ;;
    --share)   [[ $# -ge 2 ]] || fail "--share needs a directory"; share=$2; shift 2 ;;
    --verbose|-v) verbose=1; shift ;;
    -h|--help) usage 0 ;;
    --) shift; break ;;
    *) fail "unknown option '$1' (usage: run-in-vm.sh [--timeout S] [--share DIR] [--verbose] -- COMMAND...)" ;;
  esac
done
(($#)) || { log "no command given"; usage 125; }

# Setup is serialised so that concurrent runs do not fetch or pack the cache twice at once.
"$VM_DIR/install-deps.sh" || fail "install-deps.sh failed"
mkdir -p "$VM_CACHE"
{
  flock 9 || fail "cannot lock $VM_CACHE/setup.lock"
  "$VM_DIR/fetch-kernel.sh" || fail "fetch-kernel.sh failed"
  "$VM_DIR/build-initramfs.sh" || fail "build-initramfs.sh failed"
} 9>"$VM_CACHE/setup.lock"

keep_share=1
if [[ -z $share ]]; then
  share=$(mktemp -d "${TMPDIR:-/tmp}/dmabuf-vm.XXXXXX")
  keep_share=0
fi
mkdir -p "$share"
share=$(cd "$share" && pwd -P)
ctl="$share/.vm"
rm -rf "$ctl" && mkdir -p "$ctl"
echo "$share" > "$ctl/share-path"

# cmd.sh: the guest's environment is built here, not inherited wholesale from the host.
{
  echo '#!/bin/sh'
  echo '# Written by run-in-vm.sh; run by the guest init inside the chroot of the host root.'
  printf 'export PATH=%q\n' "$PATH"
  printf 'export LANG=%q\n' "${LANG:-C.UTF-8}"
  [[ -n ${JAVA_HOME:-} ]] && printf 'export JAVA_HOME=%q\n' "$JAVA_HOME"
  [[ -n ${CI:-} ]] && printf 'export CI=%q\n' "$CI"
  while IFS='=' read -r name _; do
    printf 'export %s=%q\n' "$name" "${!name}"
  done < <(env | grep -E '^DMABUF_[A-Z0-9_]*=' || true)
  echo 'export HOME=/tmp/home TMPDIR=/tmp'
  printf 'export DMABUF_VM_SHARE=%q DMABUF_IN_VM=1\n' "$share"
  # JAVA_TOOL_OPTIONS reaches every JVM the command starts; JNA unpacks its native part there.
  printf 'export JAVA_TOOL_OPTIONS=%q\n' "-Djna.tmpdir=/tmp/jna${JAVA_TOOL_OPTIONS:+ $JAVA_TOOL_OPTIONS}"
  echo 'mkdir -p "$HOME" /tmp/jna'
  printf 'cd %q || { echo "[guest] cannot enter %s" >&2; exit 125; }\n' "$PWD" "$PWD"
  printf 'exec'; printf ' %q' "$@"; printf ' >%q 2>%q </dev/null\n' "$ctl/stdout" "$ctl/stderr"
} > "$ctl/cmd.sh"

console="$ctl/console.log"
qemu=(
  qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 2G -nographic -no-reboot -nic none
  -kernel "$KERNEL_DIR/vmlinuz" -initrd "$INITRAMFS"
  -append 'console=ttyS0 panic=-1 quiet'
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
  -virtfs "local,path=$share,mount_tag=results,security_model=none,multidevs=remap"
  -device isa-debug-exit,iobase=0xf4,iosize=0x04
)
log "booting $(cat "$KERNEL_DIR/version") under QEMU (TCG), timeout ${timeout_s}s, share $share"
start=$(date +%s.%N)
set +e
if ((verbose)); then
  timeout --kill-after=5 "$timeout_s" "${qemu[@]}" </dev/null 2>&1 | tee "$console" >&2
  qemu_rc=${PIPESTATUS[0]}
else
  timeout --kill-after=5 "$timeout_s" "${qemu[@]}" </dev/null >"$console" 2>&1
  qemu_rc=$?
fi
set -e
elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')

[[ -f $ctl/stdout ]] && cat "$ctl/stdout"
[[ -f $ctl/stderr ]] && cat "$ctl/stderr" >&2

console_tail() {
  log "last lines of the guest console ($console, kept with the share):"
  tail -n 30 "$console" | sed 's/^/    /' >&2
}

if ((qemu_rc == 124 || qemu_rc == 137)); then
  log "error: timed out after ${timeout_s}s (QEMU status $qemu_rc)"
  console_tail
  exit 124
fi
if [[ ! -s $ctl/exit-status ]]; then
  log "error: the guest wrote no exit status (QEMU status $qemu_rc after ${elapsed}s): the command did not complete"
  console_tail
  exit 125
fi
status=$(cat "$ctl/exit-status")
[[ $status =~ ^[0-9]+$ ]] || { log "error: unreadable exit status '$status'"; console_tail; exit 125; }
reported=$(( status > 126 ? 127 : status ))
if ((qemu_rc != (reported << 1 | 1))); then
  log "error: the result file says status $status but QEMU exited $qemu_rc (expected $((reported << 1 | 1)) from isa-debug-exit)"
  console_tail
  exit 125
fi
log "guest command exited $status after ${elapsed}s"
((keep_share)) || rm -rf "$share"

exit "$status"
