#!/usr/bin/env bash
# Cluster telemetry benchmark, on a 2-host TLS lab (scripts/lab --tls), both in one run:
#  1. stream latency of host h2's samples (counter read to receipt) read through h1's engine,
#     which relays them from h2's over mutual TLS, next to reading them from h2's own engine;
#  2. the latency prober's RTT between the hosts' own addresses on a network (UDP, answered by
#     the other engine) next to ping between the same two addresses (answered by the kernel).
# Needs root and a build; removes the lab on exit.
# Usage: bench/cluster_telemetry.sh [SAMPLES]   (default 20)
set -euo pipefail
source "$(dirname "$0")/lab.sh"
SAMPLES=${1:-20}
bench_init cluster_telemetry.sh loomd loomctl loom_cluster_stream_bench
trap bench_lab_down EXIT
bench_lab_up 2 lbk --tls
DIR=$BENCH_DIR
CTL1=("$BIN/loomctl" --socket "$DIR/h1/loomd.sock")
CTL2=("$BIN/loomctl" --socket "$DIR/h2/loomd.sock")
"${CTL1[@]}" network create kt --subnet 10.97.0.0/24 >/dev/null
"${CTL1[@]}" endpoint create k1 --network kt >/dev/null
"${CTL2[@]}" endpoint create k2 --network kt >/dev/null
echo "lab: 2 hosts with mutual-TLS listeners (kernel $(uname -r))"
echo
"$BIN/loom_cluster_stream_bench" --socket-a "$DIR/h1/loomd.sock" --socket-b "$DIR/h2/loomd.sock" \
  --host-b h2 --samples "$SAMPLES"
echo

# Let the prober gather a minute's worth; ping the same pair meanwhile (one per second, as the
# prober does, then a burst).
SB1=$("${CTL1[@]}" --json network inspect kt | sed -n 's/.*"sandbox_netns": "\([^"]*\)".*/\1/p')
sleep 3
line=$("${CTL1[@]}" --json latency --once --network kt)
src=$(echo "$line" | grep -o '"kind":"KIND_HOST"[^}]*' | sed -n 's/.*"source":"\([^"]*\)".*/\1/p' | head -1)
dst=$(echo "$line" | grep -o '"kind":"KIND_HOST"[^}]*' | sed -n 's/.*"address":"\([^"]*\)".*/\1/p' | head -1)
[ -n "$src" ] && [ -n "$dst" ] || { echo "cluster_telemetry.sh: no host probe in: $line" >&2; exit 1; }
ping1=$(nsenter --net="$SB1" ping -q -c 30 -i 1 -I "$src" "$dst" | awk -F/ '/rtt/ { print $5 }')
pingb=$(nsenter --net="$SB1" ping -q -c 200 -i 0.01 -I "$src" "$dst" | awk -F/ '/rtt/ { print $5 }')
line=$("${CTL1[@]}" --json latency --once --network kt)
probe=$(echo "$line" | grep -o '"kind":"KIND_HOST"[^}]*' | head -1)
p50=$(echo "$probe" | sed -n 's/.*"p50_ms":\([0-9.e-]*\).*/\1/p')
p99=$(echo "$probe" | sed -n 's/.*"p99_ms":\([0-9.e-]*\).*/\1/p')
sent=$(echo "$probe" | sed -n 's/.*"sent":\([0-9]*\).*/\1/p')
echo "h1 -> h2 over network kt, between the hosts' own addresses ($src -> $dst):"
printf '%-44s | %-10s | %s\n' "" "RTT ms" "of"
printf -- '---------------------------------------------+------------+---------------------\n'
printf '%-44s | %-10.3f | %s\n' "prober, UDP answered by h2's engine, p50" "$p50" "$sent probes at 1/s"
printf '%-44s | %-10.3f | %s\n' "prober, p99" "$p99" "same"
printf '%-44s | %-10.3f | %s\n' "ping, answered by h2's kernel, 1/s, mean" "$ping1" "30 pings"
printf '%-44s | %-10.3f | %s\n' "ping, 100/s, mean" "$pingb" "200 pings"
echo
echo "Stream latency: wall-clock receipt minus the sample's timestamp (taken when its counters"
echo "are read), ms resolution. RTT: the prober's p50/p99 over its last minute of probes."
