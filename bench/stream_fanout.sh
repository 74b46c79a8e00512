#!/usr/bin/env bash
# Cluster-wide streams with many subscribers: on a 3-host TLS lab, N console-like clients on h1
# each follow `stats --all` and `latency` (always all hosts) (every host's samples, relayed by h1's engine
# from the other two). Prints h1's engine threads and CPU (over SECONDS) with no subscriber and
# with N. With BEFORE=DIR (another checkout's build directory) that build's loomd is measured
# first, in the same run.
#
#   bench/stream_fanout.sh [N] [SECONDS]     default 10 subscribers, 20 s
set -euo pipefail
source "$(dirname "$0")/lab.sh"
N=${1:-10}
SECS=${2:-20}
bench_init stream_fanout.sh loomd loomctl
trap 'kill $(jobs -p) 2>/dev/null || true; bench_lab_down' EXIT
AFTER_BUILD=$LOOM_BUILD
HZ=$(getconf CLK_TCK)

# threads and CPU % of one core of process $1 over $SECS seconds
measure() {
  local pid=$1 t0 t1
  t0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  sleep "$SECS"
  t1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  echo "$(ls "/proc/$pid/task" | wc -l) $(awk -v d=$((t1 - t0)) -v hz="$HZ" -v s="$SECS" \
    'BEGIN { printf "%.1f", d * 100 / hz / s }')"
}

run_build() {  # label build-dir
  local label=$1 ctl pid idle busy i
  export LOOM_BUILD=$2
  bench_lab_up 3 fan --tls
  ctl=("$LOOM_BUILD/bin/loomctl" --socket "$BENCH_DIR/h1/loomd.sock")
  "${ctl[@]}" network create fan --subnet 10.98.0.0/24 >/dev/null
  for i in 1 2 3; do
    "$LOOM_BUILD/bin/loomctl" --socket "$BENCH_DIR/h$i/loomd.sock" endpoint create "f$i" \
      --network fan >/dev/null
  done
  pid=$(cat "$BENCH_DIR/h1/pid")
  sleep 3
  idle=$(measure "$pid")
  for i in $(seq "$N"); do
    "${ctl[@]}" stats --all >/dev/null 2>&1 &
    "${ctl[@]}" latency >/dev/null 2>&1 &
  done
  sleep 3
  busy=$(measure "$pid")
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  echo "| $label | ${idle% *} | ${busy% *} | ${idle#* } | ${busy#* } |"
  bench_lab_down
  BENCH_DIR=
}

echo "h1's engine, 3-host TLS lab, $N subscribers each to stats --all and latency, CPU over ${SECS} s:"
echo
echo "| build | threads idle | threads with $N+$N | CPU % idle | CPU % with $N+$N |"
echo "|---|---|---|---|---|"
[ -n "${BEFORE:-}" ] && run_build before "$BEFORE"
run_build after "$AFTER_BUILD"
