#!/usr/bin/env bash
# Encrypted against plain, side by side in one run: two real engines over TLS etcd in a qemu
# guest with Debian's stock kernel (this machine's has no ESP; tests/vm/run.sh), one encrypted
# network and one plain on the same two hosts. Per round: iperf3 TCP for SECONDS across hosts
# on each, and 50 pings; then how long key rotations took between the two hosts. Under software
# emulation the absolute figures mean little: the ratios are what counts.
# Usage: bench/encryption.sh [SECONDS] [ROUNDS]     (root; a build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LOOM_BUILD:-$root/build}
secs=${1:-5}
rounds=${2:-3}
guest=$(mktemp /tmp/loom-bench-esp.XXXXXX)
out=$(mktemp /tmp/loom-bench-esp-out.XXXXXX)
trap 'rm -f "$guest" "$out"' EXIT
sed -e "s|@BUILD@|$build|g" -e "s|@ROOT@|$root|g" -e "s|@SECONDS@|$secs|g" \
    -e "s|@ROUNDS@|$rounds|g" "$root/bench/encryption_guest.sh" > "$guest"
chmod +x "$guest"
LOOM_VM_TIMEOUT=$((300 + rounds * secs * 6)) "$root/tests/vm/run.sh" "$guest" \
  "$build/bin/loomd" "$build/bin/loomctl" /usr/bin/etcd /usr/bin/etcdctl /usr/bin/openssl \
  /usr/bin/ping /usr/bin/iperf3 /usr/lib/ssl/openssl.cnf "$root/scripts/lab" \
  "$root/scripts/common.sh" > "$out" 2>&1 || { tail -30 "$out"; exit 1; }
tr -d '\r' < "$out" | awk '
  $1 == "BENCH" && $2 == "mtu" { printf "MTU: encrypted %s, plain %s (underlay 1500)\n\n", $3, $4 }
  $1 == "BENCH" && $2 == "round" { r = $3; n = $4; bps[r, n] = $5; rtt[r, n] = $6; if (r > rounds) rounds = r }
  $1 == "BENCH" && $2 == "rotation" { rot[++nr] = $0 }
  END {
    printf "%-6s | %14s | %14s | %7s | %12s | %12s | %7s\n", "round", "encrypted Mb/s", "plain Mb/s", "ratio", "encr. RTT ms", "plain RTT ms", "ratio"
    for (r = 1; r <= rounds; r++) {
      e = bps[r, "secret"] / 1e6; p = bps[r, "plain"] / 1e6
      printf "%-6s | %14.1f | %14.1f | %7.2f | %12.3f | %12.3f | %7.2f\n", r, e, p, (p ? e / p : 0), rtt[r, "secret"], rtt[r, "plain"], (rtt[r, "plain"] ? rtt[r, "secret"] / rtt[r, "plain"] : 0)
      se += e; sp += p; re += rtt[r, "secret"]; rp += rtt[r, "plain"]
    }
    if (rounds) printf "%-6s | %14.1f | %14.1f | %7.2f | %12.3f | %12.3f | %7.2f\n", "mean", se / rounds, sp / rounds, (sp ? se / sp : 0), re / rounds, rp / rounds, (rp ? re / rp : 0)
    printf "\nkey rotations, from the new key installed where it is received:\n"
    printf "%-32s | %18s | %18s\n", "direction (sender>receiver)", "sender uses it, ms", "old key gone, ms"
    for (i = 1; i <= nr; i++) { split(rot[i], f, " "); printf "%-32s | %18d | %18d\n", f[3], f[4], f[5]; u += f[4]; g += f[5] }
    if (nr) printf "%-32s | %18d | %18d\n", "mean of " nr, u / nr, g / nr
  }'
