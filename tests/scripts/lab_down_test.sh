#!/usr/bin/env bash
# `scripts/lab down` fails loudly, naming the mount, when a namespace under the lab cannot be
# unmounted (on a root without the `mount` package it used to go on silently and then fail in
# rm with "Device or resource busy"); a second `down` that can unmount removes everything.
# Usage: lab_down_test.sh BUILD_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export LOOM_BUILD=${1:?build dir} LOOM_LAB_NO_BUILD=1
dir=$(mktemp -d /tmp/loom-labdown.XXXXXX)
fake=$(mktemp -d /tmp/loom-labdown-bin.XXXXXX)
name=ldt$$
cleanup() { "$root/scripts/lab" down --dir "$dir" >/dev/null 2>&1 || true; rm -rf "$fake" "$dir"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

rmdir "$dir"
"$root/scripts/lab" up 1 --dir "$dir" --name "$name" >/dev/null
ctl=("$LOOM_BUILD/bin/loomctl" --socket "$dir/h1/loomd.sock")
"${ctl[@]}" network create ldt --subnet 10.231.0.0/24 >/dev/null
"${ctl[@]}" endpoint create e1 --network ldt >/dev/null
grep -q " $dir/" /proc/self/mountinfo || fail "the endpoint's namespace is not mounted under $dir"

printf '#!/bin/sh\necho "umount: $*: not permitted (test)" >&2\nexit 32\n' >"$fake/umount"
chmod +x "$fake/umount"
set +e
out=$(PATH="$fake:$PATH" "$root/scripts/lab" down --dir "$dir" 2>&1)
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "down succeeded although nothing could be unmounted"
grep -q "could not unmount $dir/" <<<"$out" || fail "down did not name the mount: $out"
grep -q "still mounted" <<<"$out" || fail "down did not end with the reason: $out"

"$root/scripts/lab" down --dir "$dir" || fail "the second down failed"
[ ! -e "$dir" ] || fail "$dir is left"
! grep -q " $dir/" /proc/self/mountinfo || fail "mounts under $dir are left"
! ip netns list | grep -q "^$name-" || fail "namespaces $name-* are left"
echo "PASS"
