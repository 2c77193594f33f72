#!/bin/busybox sh
# /init of the guest's initramfs (packed by build-initramfs.sh). Runs as PID 1:
#  1. mounts proc, sys, devtmpfs, debugfs and a tmpfs;
#  2. loads the kernel modules in the order in /modules.order (dependencies first);
#  3. mounts the host root read-only (9p tag hostroot) and the read-write share (tag results)
#     at the share's own host path, so paths mean the same inside and outside;
#  4. binds proc, sys (with debugfs), dev into the host root; a writable /tmp;
#  5. chroots and runs the share's .vm/cmd.sh; writes its exit status to .vm/exit-status;
#  6. reports the status through isa-debug-exit (QEMU exits with (status << 1) | 1)
#     and powers off. QEMU exiting 0 therefore always means the guest never reported.
/bin/busybox --install -s /bin
export PATH=/bin

say() { echo "[guest] $*"; }
# Powers off without reporting a status: the host sees QEMU exit 0 and no result file.
fail() { say "error: $*"; sync; poweroff -f; sleep 5; }

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug
mkdir -p /run && mount -t tmpfs -o mode=0755 run /run

while read -r m; do
  [ -n "$m" ] || continue
  insmod "/modules/$m.ko" || fail "insmod $m failed"
done < /modules.order

p9=trans=virtio,version=9p2000.L,msize=512000
mkdir -p /host /share
mount -t 9p -o "$p9,ro,cache=loose" hostroot /host || fail "cannot mount the host root (9p tag hostroot)"
# No cache on the share: what the guest writes must be on the host's disk at once.
mount -t 9p -o "$p9" results /share || fail "cannot mount the results share (9p tag results)"
[ -r /share/.vm/share-path ] || fail "no .vm/share-path on the results share"
share_path=$(cat /share/.vm/share-path)

mount -o bind /proc /host/proc || fail "bind /proc"
mount -o rbind /sys /host/sys || fail "bind /sys"
mount -o bind /dev /host/dev || fail "bind /dev"
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /host/dev/pts
mount -t tmpfs -o mode=1777 shm /host/dev/shm
# /tmp: the host's /tmp seen read-only through an overlay, with writes kept in guest memory,
# so that a checkout under the host's /tmp stays visible; a plain tmpfs if overlay fails.
mkdir -p /run/tmp-upper /run/tmp-work
if ! mount -t overlay -o lowerdir=/host/tmp,upperdir=/run/tmp-upper,workdir=/run/tmp-work overlay /host/tmp 2>/dev/null; then
  say "overlay on /tmp failed; using an empty tmpfs"
  mount -t tmpfs -o mode=1777 tmp /host/tmp || fail "tmpfs /tmp"
fi
chmod 1777 /host/tmp
mkdir -p "/host$share_path" 2>/dev/null
mount -o bind /share "/host$share_path" || fail "cannot bind the share at $share_path"

say "running $share_path/.vm/cmd.sh"
chroot /host /bin/sh "$share_path/.vm/cmd.sh"
status=$?
say "command exited with status $status"
echo "$status" > /share/.vm/exit-status.tmp && mv /share/.vm/exit-status.tmp /share/.vm/exit-status
sync
umount "/host$share_path" 2>/dev/null
umount /share 2>/dev/null

# isa-debug-exit (iobase 0xf4 = 244) carries 7 bits: statuses above 126 are reported as 127.
code=$status
[ "$code" -gt 126 ] && code=127
printf "\\$(printf '%03o' "$code")" | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
say "isa-debug-exit did not stop QEMU; powering off"
poweroff -f
