#!/usr/bin/env bash
# Fetches Debian's bookworm-backports kernel (6.12: udmabuf, dma heaps and debugfs built in,
# vgem and 9p as modules) into the cache, without touching the machine's apt sources:
# a private apt configuration lists only bookworm-backports on the machine's own mirror.
# Keeps vmlinuz, the decompressed modules we load and their dependency order.
# Idempotent: does nothing when the cache is complete.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [[ -s "$KERNEL_DIR/vmlinuz" && -s "$MODULE_ORDER_FILE" ]]; then
  log "kernel cached: $(cat "$KERNEL_DIR/version") in $KERNEL_DIR"
  exit 0
fi

for tool in apt-get apt-cache dpkg-deb xz; do
  command -v "$tool" >/dev/null || die "'$tool' not found (run install-deps.sh on a Debian host)"
done
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -r $keyring ]] || die "$keyring not found (package debian-archive-keyring)"

# The Debian mirror the machine already uses: the URI of the source that serves `bookworm`
# (deb822 .sources files first, then one-line .list files).
find_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r $f ]] || continue
    awk '
      function flush() { if (uri != "" && suites ~ /(^| )bookworm( |$)/ && enabled != "no") { print uri; found=1; exit } uri=""; suites=""; enabled="" }
      /^[[:space:]]*$/ { flush(); next }
      /^URIs:/    { uri=$2 }
      /^Suites:/  { $1=""; suites=$0 " " }
      /^Enabled:/ { enabled=$2 }
      END { if (!found) flush() }
    ' "$f"
  done
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { uri=$i; suite=$(i+1); break }
                         if (suite == "bookworm") print uri }'
  return 0
}
mirror="${DMABUF_DEBIAN_MIRROR:-$(find_mirror | head -n1 || true)}"
[[ -n $mirror ]] || die "no Debian bookworm mirror found in /etc/apt/sources.list{,.d}; set DMABUF_DEBIAN_MIRROR"
log "mirror: $mirror (suite bookworm-backports)"

apt_root="$VM_CACHE/apt"
mkdir -p "$apt_root/lists/partial" "$apt_root/cache/archives/partial" "$apt_root/parts" "$apt_root/prefs"
echo "deb [signed-by=$keyring] $mirror bookworm-backports main" > "$apt_root/sources.list"
: > "$apt_root/status"
apt_opts=(
  -o "Dir::Etc::sourcelist=$apt_root/sources.list"
  -o "Dir::Etc::sourceparts=$apt_root/parts"
  -o "Dir::Etc::preferencesparts=$apt_root/prefs"
  -o "Dir::State::Lists=$apt_root/lists"
  -o "Dir::State::status=$apt_root/status"
  -o "Dir::Cache=$apt_root/cache"
  -o "APT::Architecture=amd64"
  -o "APT::Architectures=amd64"
  -o "APT::Sandbox::User=root"
)

log "updating the private package list"
apt-get "${apt_opts[@]}" -q update >&2

# linux-image-amd64 is a metapackage; the real image's name changes with each upload.
pkg=$(apt-cache "${apt_opts[@]}" depends linux-image-amd64 \
        | awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
[[ -n $pkg ]] || die "could not resolve linux-image-amd64 in bookworm-backports"
log "kernel package: $pkg"

work="$VM_CACHE/download"
mkdir -p "$work"
deb=$(ls "$work/${pkg}"_*.deb 2>/dev/null | head -n1 || true)
if [[ -z $deb ]]; then
  rm -rf "$work" && mkdir -p "$work"
  (cd "$work" && apt-get "${apt_opts[@]}" -q download "$pkg" >&2)
  deb=$(ls "$work/${pkg}"_*.deb)
fi
log "unpacking $(basename "$deb") ($(du -h "$deb" | cut -f1))"
rm -rf "$work/root"
dpkg-deb -x "$deb" "$work/root"

release=$(ls "$work/root/lib/modules")
moddir="$work/root/lib/modules/$release"
[[ -f "$work/root/boot/vmlinuz-$release" ]] || die "no vmlinuz-$release in $pkg"
for opt in CONFIG_UDMABUF=y CONFIG_DMABUF_HEAPS_SYSTEM=y CONFIG_DEBUG_FS=y; do
  grep -qx "$opt" "$work/root/boot/config-$release" || log "warning: $pkg lacks $opt"
done

# Resolve the dependency closure of WANTED_MODULES from modinfo's `depends:` and emit it
# in post-order, so that every module is loaded after the ones it needs.
declare -A path_of=()
while IFS= read -r ko; do
  name=$(basename "$ko"); name=${name%.ko.xz}; name=${name%.ko}
  path_of[${name//-/_}]=$ko
done < <(find "$moddir/kernel" -name '*.ko*')

# The `depends=` entry of a module's .modinfo section (what `modinfo -F depends` prints),
# read directly so that the host needs no kmod.
module_depends() {
  case $1 in
    *.xz) xz -dc "$1" ;;
    *)    cat "$1" ;;
  esac | tr '\0' '\n' | sed -n 's/^depends=//p' | head -n1
}

declare -A done_=()
order=()
visit() {
  local m=${1//-/_} ko deps d
  [[ -n ${done_[$m]:-} ]] && return
  done_[$m]=1
  ko=${path_of[$m]:-}
  if [[ -z $ko ]]; then
    # Built in (listed in modules.builtin): nothing to load.
    grep -q "/${m//_/[-_]}.ko\$" "$moddir/modules.builtin" 2>/dev/null \
      || die "module $m is neither in $pkg nor built in"
    return
  fi
  deps=$(module_depends "$ko")
  for d in ${deps//,/ }; do visit "$d"; done
  order+=("$m")
}
for m in "${WANTED_MODULES[@]}"; do visit "$m"; done

rm -rf "$KERNEL_DIR.new" && mkdir -p "$KERNEL_DIR.new/modules"
cp "$work/root/boot/vmlinuz-$release" "$KERNEL_DIR.new/vmlinuz"
cp "$work/root/boot/config-$release" "$KERNEL_DIR.new/config"
for m in "${order[@]}"; do
  ko=${path_of[$m]}
  case $ko in
    *.xz) xz -dc "$ko" > "$KERNEL_DIR.new/modules/$m.ko" ;;
    *)    cp "$ko" "$KERNEL_DIR.new/modules/$m.ko" ;;
  esac
done
printf '%s\n' "${order[@]}" > "$KERNEL_DIR.new/modules.order"
echo "$release" > "$KERNEL_DIR.new/version"
echo "$pkg" > "$KERNEL_DIR.new/package"
rm -rf "$KERNEL_DIR" && mv "$KERNEL_DIR.new" "$KERNEL_DIR"
rm -rf "$work"
log "kernel $release cached in $KERNEL_DIR; modules in load order: ${order[*]}"
