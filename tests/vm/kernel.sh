#!/usr/bin/env bash
# Fetches Debian 12's stock kernel (the package linux-image-amd64 points at) into a cache, once:
# unpacked with dpkg-deb (nothing installed, no hooks run), modules indexed with depmod, and the
# uncompressed vmlinux extracted so qemu boots it straight (PVH), which saves ~3 s a boot under
# emulation. Prints the cache directory of that kernel. See ../shared/VM-KERNEL-TESTS.md.
#   LOOM_VM_CACHE  where kernels are kept (default /var/cache/loom-vm)
set -euo pipefail
cache=${LOOM_VM_CACHE:-/var/cache/loom-vm}
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
if [ -z "$pkg" ]; then
  echo "kernel.sh: apt knows no linux-image-amd64 (apt-get update?)" >&2
  exit 1
fi
ver=${pkg#linux-image-}
dir=$cache/$ver
if [ -f "$dir/ready" ]; then
  echo "$dir"
  exit 0
fi
mkdir -p "$cache"
# One fetch at a time: tests run side by side.
exec 9>"$cache/.lock"
flock 9
if [ -f "$dir/ready" ]; then
  echo "$dir"
  exit 0
fi
tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root "$pkg" >/dev/null)
dpkg-deb -x "$tmp"/linux-image-*.deb "$tmp/root"
depmod -b "$tmp/root" "$ver"
# The bzImage holds an xz stream: its start is the xz magic FD 37 7A 58 5A 00.
img=$tmp/root/boot/vmlinuz-$ver
off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$img" | head -1 | cut -d: -f1)
if [ -n "$off" ]; then
  { tail -c +$((off + 1)) "$img" | xz -dc > "$tmp/vmlinux" 2>/dev/null; } || true
fi
if ! head -c 4 "$tmp/vmlinux" 2>/dev/null | grep -q ELF; then
  rm -f "$tmp/vmlinux"  # qemu boots the compressed image then, slower
fi
rm -rf "$dir"
mkdir -p "$dir"
mv "$tmp/root/lib" "$dir/lib"
cp "$img" "$dir/vmlinuz"
[ -f "$tmp/vmlinux" ] && mv "$tmp/vmlinux" "$dir/vmlinux"
echo "$ver" > "$dir/version"
touch "$dir/ready"
echo "$dir"
