#!/usr/bin/env bash
# Endpoint creation when many hosts create at once on one /16 network: each host's engine gets
# PER_HOST creates (default 35), one after another, every host at the same time, through the API.
# Prints, per lab size, the creates, failures, distinct addresses, latency p50/p99/max (ms) and
# creates per second. With BEFORE=DIR (a build directory of another checkout, e.g. the commit
# before address blocks), the same runs with that build's loomd come first, side by side.
#
#   bench/allocation.sh [HOSTS...]            default: 1 5 20
set -euo pipefail
source "$(dirname "$0")/lab.sh"
bench_init allocation loom_allocation_bench loomctl loomd
trap bench_lab_down EXIT
PER_HOST=${PER_HOST:-35}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 5 20)
AFTER_BUILD=$LOOM_BUILD
BENCH=$BIN/loom_allocation_bench

run_build() {  # label build-dir
  local label=$1 n sockets i
  export LOOM_BUILD=$2
  echo
  echo "$label ($LOOM_BUILD/bin/loomd), $PER_HOST creates per host:"
  echo
  echo "| hosts | creates | failed | distinct addresses | p50 ms | p99 ms | max ms | creates/s |"
  echo "|---|---|---|---|---|---|---|---|"
  for n in "${sizes[@]}"; do
    bench_lab_up "$n" alloc
    "$LOOM_BUILD/bin/loomctl" --socket "$BENCH_DIR/h1/loomd.sock" network create big \
      --subnet 10.60.0.0/16 >/dev/null
    sockets=()
    for i in $(seq "$n"); do sockets+=("$BENCH_DIR/h$i/loomd.sock"); done
    "$BENCH" --network big --per-host "$PER_HOST" "${sockets[@]}"
    bench_lab_down
    BENCH_DIR=
  done
}

[ -n "${BEFORE:-}" ] && run_build "before" "$BEFORE"
run_build "after" "$AFTER_BUILD"
