#!/usr/bin/env bash
# Encrypted networks end to end, on a kernel with ESP: Debian's stock kernel under qemu (this
# machine's has no ESP), with the real loomd, loomctl and etcd copied in. esp_guest.sh says what
# is checked. Skips (exit 77) where qemu or the kernel cannot be had.
#   esp_test.sh ROOT BUILD
set -euo pipefail
root=${1:?source dir}
build=${2:?build dir}
here=$root/tests/vm
guest=$(mktemp /tmp/loom-esp-guest.XXXXXX)
trap 'rm -f "$guest"' EXIT
sed -e "s|@BUILD@|$build|g" -e "s|@ROOT@|$root|g" "$here/esp_guest.sh" > "$guest"
chmod +x "$guest"
files=("$build/bin/loomd" "$build/bin/loomctl" /usr/bin/etcd /usr/bin/etcdctl /usr/bin/openssl
       /usr/bin/ping /usr/lib/ssl/openssl.cnf
       "$root/scripts/lab" "$root/scripts/common.sh")
LOOM_VM_TIMEOUT=${LOOM_VM_TIMEOUT:-400} "$here/run.sh" "$guest" "${files[@]}"  # not exec: the trap removes $guest
