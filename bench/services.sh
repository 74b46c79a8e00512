#!/usr/bin/env bash
# Virtual IPs, side by side in one run: new TCP connections one after another (connect, read
# the server's first line, close) from a client endpoint to a service's VIP, spread by the
# client's own namespace over 3 backends (nftables DNAT, conntrack), against the same client
# straight to one of the backends. Standalone engine, one network, loom_tcp_probe at both ends.
# Needs root and a build; everything it makes starts with "lsb" and goes on exit.
# Usage: bench/services.sh [SECONDS] [ROUNDS]   (default 5 s, 3 rounds, alternating)
set -euo pipefail
source "$(dirname "$0")/lab.sh"
SECONDS_EACH=${1:-5}
ROUNDS=${2:-3}
bench_init services.sh loomd loomctl loom_tcp_probe

PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  bench_engine_down
}
trap cleanup EXIT
bench_engine lsb
ctl() { LOOM_SOCKET=$SOCK "$BIN/loomctl" "$@"; }
field() { awk -F'"' -v k="\"$1\"" '$0 ~ k {print $4; exit}'; }

ctl network create web --subnet 10.160.0.0/24 >/dev/null
VIP=$(ctl --json service create api --network web --port 8080 | field vip)
for b in b1 b2 b3; do
  ns=$(ctl --json endpoint create "$b" --network web --service api | field netns_path)
  nsenter --net="$ns" "$BIN/loom_tcp_probe" serve 0.0.0.0 8080 "$b" &
  PIDS+=($!)
done
B1=$(ctl --json endpoint inspect b1 | field ip | cut -d/ -f1)
CLIENT=$(ctl --json endpoint create client --network web | field netns_path)
for _ in $(seq 100); do
  nsenter --net="$CLIENT" "$BIN/loom_tcp_probe" count "$B1" 8080 1 | grep -q "^b1 1" && break
  sleep 0.05
done

echo "new connections one after another, ${SECONDS_EACH} s a row, $ROUNDS rounds"
printf '%-30s | %10s | %8s | %8s | %6s\n' target "conn/s" "p50 us" "p99 us" failed
printf -- '-------------------------------+------------+----------+----------+-------\n'
for r in $(seq "$ROUNDS"); do
  for target in "VIP $VIP (3 backends)" "b1 $B1 (straight)"; do
    addr=$(echo "$target" | awk '{print $2}')
    read -r rate p50 p99 failed < <(nsenter --net="$CLIENT" "$BIN/loom_tcp_probe" rate "$addr" 8080 "$SECONDS_EACH")
    printf '%-30s | %10s | %8s | %8s | %6s\n' "$target" "$rate" "$p50" "$p99" "$failed"
  done
done
