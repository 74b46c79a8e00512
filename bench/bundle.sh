#!/usr/bin/env bash
# Config bundles. First the library's costs (loom_bundle_bench: export, write, read, plan at N
# endpoints). Then, side by side in one run on this machine, the same N endpoints built two
# ways: imported into a standalone engine with `loomctl bundle apply` (plan, then every step
# through the engine's API), and rebuilt from that engine's live export by the bundle's own
# iproute2 `up.sh` in a bare namespace where no Loom runs; then `up.sh` again (nothing to do)
# and `down.sh`. Needs root and a build; everything it makes starts with "lbd" and goes on exit.
# Usage: bench/bundle.sh [N...]   (default: 100 500)
set -euo pipefail
source "$(dirname "$0")/lab.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${LOOM_BUILD:-$ROOT/build}/bin
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(100 500)
[ "$(id -u)" -eq 0 ] || { echo "bundle.sh: needs root" >&2; exit 1; }
for b in loomd loomctl loom_bundle_bench; do
  [ -x "$BIN/$b" ] || { echo "bundle.sh: build first (scripts/test): no $BIN/$b" >&2; exit 1; }
done

"$BIN/loom_bundle_bench" 100 1000 5000
echo

P=lbd$$
RUNDIR=$(mktemp -d /run/loom-bundle-bench.XXXXXX)
SOCK=$RUNDIR/loomd.sock
ENGINE_PID=
cleanup() {
  [ -n "$ENGINE_PID" ] && kill -9 "$ENGINE_PID" 2>/dev/null && wait "$ENGINE_PID" 2>/dev/null || true
  for f in "$RUNDIR"/ns/* "$RUNDIR"/bare/* "$RUNDIR"/netns-pool.*/*; do
    [ -e "$f" ] && { umount -l "$f" 2>/dev/null; rm -f "$f"; }
  done
  rm -rf "$RUNDIR"
  ip netns list | awk '{print $1}' | grep "^$P" | xargs -r -n1 ip netns del 2>/dev/null || true
}
trap cleanup EXIT

# Two hosts' namespaces on one underlay: the engine's, and a bare one with the same address.
for h in host bare; do
  ip netns add "$P-$h"
  ip -n "$P-$h" link add ul0 type veth peer name ulp0
  ip -n "$P-$h" addr add 192.0.2.1/24 dev ul0
  ip -n "$P-$h" link set ul0 up
  ip -n "$P-$h" link set ulp0 up
  ip -n "$P-$h" route add default via 192.0.2.254
done

now_ms() { date +%s%N | awk '{printf "%.1f", $1/1000000}'; }
ctl() { LOOM_SOCKET=$SOCK "$BIN/loomctl" "$@"; }

printf '%-5s | %-44s | %10s | %9s\n' N "what" "ms" "ms/ep"
printf -- '------+----------------------------------------------+------------+----------\n'
for n in "${SIZES[@]}"; do
  rm -rf "$RUNDIR/state" "$RUNDIR/ns" "$RUNDIR/bare" "$RUNDIR/out"
  mkdir -p "$RUNDIR/ns" "$RUNDIR/bare" "$RUNDIR/out"
  nsenter --net=/run/netns/$P-host "$BIN/loomd" --socket "$SOCK" --state-dir "$RUNDIR/state" \
    --netns-dir "$RUNDIR/ns" --netns-etc-dir "$RUNDIR/etc" --dns-upstream none \
    --name-prefix lbd --host-name bench --log-level warning \
    2>"$RUNDIR/loomd.log" &
  ENGINE_PID=$!
  for _ in $(seq 100); do [ -S "$SOCK" ] && break; sleep 0.05; done
  # A design of n endpoints on one network, as a bundle.
  bench_design "$n" web 10.140.0.0/16 bench >"$RUNDIR/out/design.json"
  ctl bundle export --design "$RUNDIR/out/design.json" -o "$RUNDIR/out/design.tar.gz" >/dev/null
  row() { printf '%-5s | %-44s | %10.1f | %9.2f\n' "$n" "$1" "$2" "$(awk -v t="$2" -v n="$n" 'BEGIN {printf "%.2f", t / n}')"; }

  t0=$(now_ms); ctl bundle plan "$RUNDIR/out/design.tar.gz" >/dev/null; t1=$(now_ms)
  row "loomctl bundle plan (into an empty engine)" "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')"
  t0=$(now_ms); ctl bundle apply "$RUNDIR/out/design.tar.gz" --yes >/dev/null; t1=$(now_ms)
  row "loomctl bundle apply (plan + $((n + 1)) API steps)" "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')"
  t0=$(now_ms); ctl bundle export --live -o "$RUNDIR/out/live.tar.gz" >/dev/null; t1=$(now_ms)
  size=$(stat -c %s "$RUNDIR/out/live.tar.gz")
  row "loomctl bundle export --live ($((size / 1024)) KiB)" "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')"
  tar -xzf "$RUNDIR/out/live.tar.gz" -C "$RUNDIR/out"
  up="$RUNDIR/out/hosts/bench/iproute2/up.sh" down="$RUNDIR/out/hosts/bench/iproute2/down.sh"
  for what in "up.sh in a bare namespace (no Loom)" "up.sh again (nothing to do)" "down.sh"; do
    script=$up; [ "$what" = down.sh ] && script=$down
    t0=$(now_ms)
    NETNS_DIR=$RUNDIR/bare nsenter --net=/run/netns/$P-bare sh "$script" >/dev/null
    t1=$(now_ms)
    row "$what" "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')"
  done
  kill -TERM "$ENGINE_PID"; wait "$ENGINE_PID" || true; ENGINE_PID=
  for f in "$RUNDIR"/ns/*; do [ -e "$f" ] && { umount -l "$f"; rm -f "$f"; }; done
done
echo
echo "apply: the engine's plan and its steps through its own API (a host's endpoints made one"
echo "after another go as one CreateEndpoints request, as the console sends them); up.sh: the"
echo "bundle's script, about four processes per endpoint (unshare, nsenter, ip), no engine."
