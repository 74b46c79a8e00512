#!/usr/bin/env bash
# Boots Debian 12's stock kernel under qemu (software emulation) with a throwaway initramfs and
# runs one guest script in it as root; the verdict comes back on the serial console. For kernel
# features this machine lacks (ESP). See ../shared/VM-KERNEL-TESTS.md.
#
#   run.sh SCRIPT [FILE...]
#     SCRIPT  a busybox sh script, run as /test.sh in the guest; it prints what it likes and
#             exits 0 for a pass. Its exit status comes back as this script's.
#     FILE    host files to copy in at the same path (binaries get their ldd closure too);
#             DIR=PATH copies the directory PATH in, at the same path.
#   LOOM_VM_MODULES  modules to load, in order (their dependencies come first by themselves)
#   LOOM_VM_MODULES_EXTRA  more modules, after those
#   LOOM_VM_CPU      qemu's -cpu (default: qemu's own; "max" gives the guest AES-NI and PCLMUL)
#   LOOM_VM_MEMORY   guest memory in MiB (default 1024)
#   LOOM_VM_TIMEOUT  seconds before the guest is killed (default 300)
#   LOOM_VM_LOG      where the serial console is written (default: a temp file, printed)
#
# Exit status: the script's, 77 when the guest cannot be run here (no qemu, no kernel), 124 on
# a timeout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
script=${1:?usage: run.sh SCRIPT [FILE...]}
shift
for tool in qemu-system-x86_64 busybox cpio modprobe; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed (scripts/test installs it)"
    exit 77
  fi
done
kerr=$(mktemp /tmp/loom-vm-kernel.XXXXXX)
if ! kdir=$("$here/kernel.sh" 2>"$kerr"); then
  echo "SKIP: no guest kernel: $(tail -n 1 "$kerr")"
  rm -f "$kerr"
  exit 77
fi
rm -f "$kerr"
ver=$(cat "$kdir/version")
modules=${LOOM_VM_MODULES:-"veth vxlan bridge xfrm_user esp4 gcm ghash-generic ctr seqiv sha512_generic drbg sha3_generic jitterentropy_rng"}

root=$(mktemp -d /tmp/loom-vm.XXXXXX)
log=${LOOM_VM_LOG:-$root.log}
cleanup() {
  rm -rf "$root" "$root.cpio.gz"
  [ -n "${LOOM_VM_LOG:-}" ] || rm -f "$root.log"  # printed below; kept only when asked for
}
trap cleanup EXIT
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,run,tmp,var/lib,lib/modules,usr/bin,usr/sbin}

# busybox for the basics; the host's bash as /bin/sh and ip(8) (busybox's sh runs its own
# applets before $PATH, and its ip has no netns or xfrm).
cp "$(command -v busybox)" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  case "$applet" in sh|ash|ip|nsenter|tcpdump) continue ;; esac
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done

copy_binary() {
  local f=$1 lib
  mkdir -p "$root$(dirname "$f")"
  rm -f "$root$f"  # never through a busybox link
  cp -L "$f" "$root$f"
  for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*' | sort -u); do
    [ -e "$root$lib" ] && continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
    chmod 755 "$root$lib"  # the loader is exec'd by the kernel
  done
}
copy_binary /bin/bash
# Debian's own tools where scripts rely on GNU behaviour (realpath -m, ps -o, grep -P, ...).
for pkg in coreutils procps grep sed mawk util-linux findutils; do
  for f in $(dpkg -L "$pkg" 2>/dev/null | grep -E '^/(usr/)?s?bin/[^/]+$'); do
    [ -f "$f" ] && [ -x "$f" ] && [ ! -L "$f" ] && copy_binary "$f"
  done
done
[ -e "$root/usr/bin/env" ] || ln -sf /bin/busybox "$root/usr/bin/env"
ln -sf bash "$root/bin/sh"
for f in /usr/sbin/ip /usr/bin/nsenter /usr/bin/tcpdump "$@"; do
  case "$f" in
    DIR=*) d=${f#DIR=}; mkdir -p "$root$(dirname "$d")"; cp -a "$d" "$root$d" ;;
    *) [ -e "$f" ] || { echo "run.sh: no $f" >&2; exit 2; }
       if file -L "$f" 2>/dev/null | grep -q ELF || head -c 4 "$f" | grep -q ELF; then
         copy_binary "$f"
       else
         mkdir -p "$root$(dirname "$f")"; cp -L "$f" "$root$f"
       fi ;;
  esac
done
cp "$script" "$root/test.sh"
chmod 755 "$root/test.sh"
printf 'root:x:0:0::/root:/bin/sh\ntcpdump:x:104:109::/nonexistent:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\ntcpdump:x:109:\nloom:x:110:\n' > "$root/etc/group"
cp /etc/protocols "$root/etc/protocols"
echo "127.0.0.1 localhost" > "$root/etc/hosts"
: > "$root/etc/resolv.conf"

# Modules, each after what it needs, in the order modprobe would load them.
: > "$root/modules.list"
for m in $modules ${LOOM_VM_MODULES_EXTRA:-}; do
  modprobe -d "$kdir" -S "$ver" --show-depends "$m" 2>/dev/null | awk '$1 == "insmod" {print $2}'
done | awk '!seen[$0]++' | while read -r ko; do
  rel=${ko#"$kdir"}
  mkdir -p "$root$(dirname "$rel")"
  cp "$ko" "$root$rel"
  echo "$rel" >> "$root/modules.list"
done

cat > "$root/init" <<'INIT'
#!/bin/busybox sh
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sys /sys
/bin/busybox mount -t devtmpfs dev /dev
/bin/busybox mount -t tmpfs run /run
# /tmp stays the initramfs's own (files copied under /tmp are there; it is RAM already).
mkdir -p /run/netns /var/lib /etc/netns
while read -r ko; do insmod "$ko" || echo "LOOM-VM: insmod $ko failed"; done < /modules.list
/usr/sbin/ip link set lo up
echo "LOOM-VM: booted $(uname -r), running /test.sh"
/test.sh
rc=$?
echo "LOOM-VM-RESULT: $rc"
echo o > /proc/sysrq-trigger
sleep 5  # only if the sysrq power-off above did not end the guest
poweroff -f
INIT
chmod 755 "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$root.cpio.gz"

kernel=$kdir/vmlinuz
[ -f "$kdir/vmlinux" ] && kernel=$kdir/vmlinux
set +e
cpu=()
[ -n "${LOOM_VM_CPU:-}" ] && cpu=(-cpu "$LOOM_VM_CPU")
timeout --foreground "${LOOM_VM_TIMEOUT:-300}" qemu-system-x86_64 -accel tcg "${cpu[@]}" -m "${LOOM_VM_MEMORY:-1024}" \
  -nographic -no-reboot -nic none -kernel "$kernel" -initrd "$root.cpio.gz" \
  -append "console=ttyS0 quiet panic=-1 loglevel=3" > "$log" 2>&1 < /dev/null
qrc=$?
set -e
tr -d '\r' < "$log"
if [ $qrc -eq 124 ]; then
  echo "run.sh: the guest did not finish within ${LOOM_VM_TIMEOUT:-300} s" >&2
  exit 124
fi
result=$(tr -d '\r' < "$log" | awk '/^LOOM-VM-RESULT: / {print $2}' | tail -1)
if [ -z "$result" ]; then
  echo "run.sh: the guest gave no result (qemu exit $qrc)" >&2
  exit 1
fi
exit "$result"
