#!/usr/bin/env bash
# Telemetry benchmark: CPU time of the engine's sampler per sample at N Loom interfaces, next to
# the CPU time of `ip -s -j link show` over the same interfaces in the same run, and the stream
# latency from the start of a sample (its counter read) to its receipt by a client; then the
# CPU per second of the sampler, latency prober and history threads.
# Needs root and a build; makes a 1-host lab (scripts/lab) and removes it on exit.
# Usage: bench/telemetry.sh [N...]   (default: 100 1000; endpoints, each with one veth)
set -euo pipefail
source "$(dirname "$0")/lab.sh"
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(100 1000)
bench_init telemetry.sh loomd loomctl
trap bench_lab_down EXIT
bench_lab_up 1 lbt
DIR=$BENCH_DIR
NAME=$BENCH_NAME
CTL=("$BIN/loomctl" --socket "$DIR/h1/loomd.sock")
"${CTL[@]}" network create tel --subnet 10.96.0.0/20 >/dev/null
SANDBOX=$("${CTL[@]}" --json network inspect tel | sed -n 's/.*"sandbox_netns": "\([^"]*\)".*/\1/p')

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

printf '%-6s | %-10s | %-22s | %-26s | %-7s | %-22s\n' N interfaces "sampler CPU/sample ms" \
  "ip -s -j link show CPU ms" "ratio" "stream latency p50 ms"
printf -- '-------+------------+------------------------+----------------------------+---------+-----------------------\n'
have=0
threads=()
for n in "${SIZES[@]}"; do
  # Set-up (not measured): endpoints up to N.
  while [ "$have" -lt "$n" ]; do
    "${CTL[@]}" endpoint create "t$have" --network tel >/dev/null
    have=$((have + 1))
  done
  sleep 2
  # 12 samples from the engine's stream: the sampler's own CPU time per sample, and how long
  # after the sample started (its counters were read) the client had it.
  lat=$(mktemp)
  cpu=$(mktemp)
  # One endpoint's rates in the stream (the sampler still reads every interface): short lines
  # keep the client's own parsing out of the latency. No `head` in between: its output buffer
  # would hold each sample back until the next one.
  count=0
  "${CTL[@]}" --json stats --interval 0 --endpoint t0 | while read -r line; do
    now=$(date +%s%3N)
    sent=$(echo "$line" | sed -n 's/.*"unix_ms":"\([0-9]*\)".*/\1/p')
    echo "$line" | sed -n 's/.*"sampler_cpu_us":\([0-9]*\).*/\1/p' >>"$cpu"
    echo "interfaces $(echo "$line" | sed -n 's/.*"interfaces":\([0-9]*\).*/\1/p')" >"$lat.n"
    echo $((now - sent)) >>"$lat"
    count=$((count + 1))
    [ "$count" -ge 12 ] && break
  done || true  # the stream ends when the loop stops reading
  ifaces=$(awk '{print $2}' "$lat.n")
  cpu_ms=$(tail -n 10 "$cpu" | median | awk '{ printf "%.3f", $1 / 1000 }')
  lat_ms=$(tail -n 10 "$lat" | median)
  # The same interfaces by ip: the sandbox (the veths and vx0) and the host namespace.
  ipcpu=$(for _ in $(seq 10); do
    TIMEFORMAT='%3U %3S'
    { time { nsenter --net="$SANDBOX" ip -s -j link show >/dev/null;
             nsenter --net="/run/netns/$NAME-h1" ip -s -j link show >/dev/null; } ; } 2>&1 |
      awk '{ printf "%.3f\n", ($1 + $2) * 1000 }'
  done | median)
  ratio=$(awk -v a="$cpu_ms" -v b="$ipcpu" 'BEGIN { printf "%.3f", a / b }')
  printf '%-6s | %-10s | %-22s | %-26s | %-7s | %-22s\n' "$n" "$ifaces" "$cpu_ms" "$ipcpu" "$ratio" "$lat_ms"
  rm -f "$lat" "$lat.n" "$cpu"
  # The engine's other telemetry threads, from their own CPU counters over 60 s (a whole minute:
  # the history writes each minute once it is complete).
  pid=$(cat "$DIR/h1/pid")
  ticks() { for t in /proc/"$pid"/task/*; do
      if [ "$(cat "$t/comm")" = "$1" ]; then awk '{ print $14 + $15 }' "$t/stat"; fi; done; }
  p0=$(ticks loom-prober); h0=$(ticks loom-history); s0=$(ticks loom-sampler)
  sleep 60
  p1=$(ticks loom-prober); h1=$(ticks loom-history); s1=$(ticks loom-sampler)
  hz=$(getconf CLK_TCK)
  threads+=("$(printf '%-6s | %-18s | %-18s | %-18s' "$n" \
    "$(awk -v a="$s0" -v b="$s1" -v hz="$hz" 'BEGIN { printf "%.1f", (b - a) * 1000 / hz / 60 }')" \
    "$(awk -v a="$p0" -v b="$p1" -v hz="$hz" 'BEGIN { printf "%.1f", (b - a) * 1000 / hz / 60 }')" \
    "$(awk -v a="$h0" -v b="$h1" -v hz="$hz" 'BEGIN { printf "%.2f", (b - a) * 1000 / hz / 60 }')")")
done
echo
printf '%-6s | %-18s | %-18s | %-18s\n' N "sampler ms CPU/s" "prober ms CPU/s" "history ms CPU/s"
printf -- '-------+--------------------+--------------------+-------------------\n'
printf '%s\n' "${threads[@]}"
echo
echo "sampler CPU: the engine's own thread CPU time per sample (median of 10), including its"
echo "netlink dumps; ip: user+system CPU of 'ip -s -j link show' in the sandbox and the host"
echo "namespace (median of 10 runs, process start included); latency: sample start to receipt"
echo "by a loomctl stream client filtered to one endpoint (median of 10, ms resolution)."
echo "Second table: each telemetry thread's CPU per second of wall time over 60 s (from"
echo "/proc, ${hz:-100} Hz ticks): the prober probes at most 64 endpoints (--probe-endpoints);"
echo "history folds every sample into the open minute and writes each minute once (a row per"
echo "interface per minute, and its rollup)."
