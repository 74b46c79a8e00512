#!/usr/bin/env bash
# loomd as a service (the packaged loomd.service, Type=notify), in one run:
#   1. exec to READY=1 (the API answers) and SIGTERM to exit, ROUNDS restarts each, of an engine
#      with no endpoints and with ENDPOINTS endpoints in its state (kept across the restarts),
#      stopped 2 s after READY (settled) or at once (during its first reconcile pass).
#   2. traffic through those restarts: one ping every 10 ms between two endpoints for all of
#      them; how many were lost (the data plane does not need the engine).
#   3. loomd --check-config on the shipped /etc/loom/loomd.conf, next to loomd --version (the
#      process's start alone, the floor of both it and exec to READY).
#   4. the Debian packages' sizes, when scripts/package has built them.
# Needs root and a build; everything it makes is under /run/loom-bench-lsv.* and in namespaces
# lsv<pid>-*, removed on exit.
# Usage: bench/service.sh [ROUNDS] [ENDPOINTS]   (default: 10 200)
set -euo pipefail
source "$(dirname "$0")/lab.sh"
ROUNDS=${1:-10}
ENDPOINTS=${2:-200}
bench_init service.sh loomd loomctl loom_service_bench
PING_PID=
cleanup() {
  [ -n "$PING_PID" ] && kill "$PING_PID" 2>/dev/null
  bench_engine_down
}
trap cleanup EXIT

bench_engine lsv
ctl() { "$BIN/loomctl" --socket "$SOCK" "$@"; }
args=("$BIN/loomd" --socket "$SOCK" --state-dir "$BENCH_RUN/state" --netns-dir "$BENCH_RUN/ns"
      --netns-etc-dir "$BENCH_RUN/etc" --name-prefix lsv --host-name bench --dns-upstream none
      --log-level warning)
# Stops the running engine, restarts it ROUNDS times (the medians into $BENCH_RUN/restarts),
# and leaves one running again (ENGINE_PID).
restarts() {
  kill -TERM "$ENGINE_PID"
  wait "$ENGINE_PID" 2>/dev/null || true
  "$BIN/loom_service_bench" "$ROUNDS" "$1" "/run/netns/$BENCH_NETNS" -- "${args[@]}" |
    tail -1 >"$BENCH_RUN/restarts"
  nsenter --net="/run/netns/$BENCH_NETNS" "${args[@]}" 2>>"$BENCH_RUN/loomd.log" &
  ENGINE_PID=$!
  for _ in $(seq 200); do ctl host info >/dev/null 2>&1 && return 0; sleep 0.05; done
  echo "service.sh: the engine did not come back" >&2
  return 1
}

printf '%-52s %14s %14s\n' "loomd restarted $ROUNDS times (median)" "exec→READY ms" "SIGTERM→exit"
restarts 2000
read -r _ r s <"$BENCH_RUN/restarts"
printf '%-52s %14s %14s\n' "no endpoints" "$r" "$s"

ctl network create blue --subnet 10.91.0.0/16 >/dev/null
for ((i = 0; i < ENDPOINTS; i++)); do ctl endpoint create "e$i" --network blue >/dev/null; done
to=$(ctl --json endpoint inspect e1 | sed -n 's/.*"ip": "\([^"/]*\).*/\1/p')
from=$(ctl --json endpoint inspect e0 | sed -n 's/.*"netns_path": "\([^"]*\)".*/\1/p')
nsenter --net="$from" ping -i 0.01 -W 1 "$to" >"$BENCH_RUN/ping.txt" 2>&1 &
PING_PID=$!
sleep 1
restarts 2000
read -r _ r s <"$BENCH_RUN/restarts"
printf '%-52s %14s %14s\n' "$ENDPOINTS endpoints, stopped 2 s after READY" "$r" "$s"
restarts 0
read -r _ r s <"$BENCH_RUN/restarts"
printf '%-52s %14s %14s\n' "$ENDPOINTS endpoints, stopped at READY" "$r" "$s"
sleep 1
kill -INT "$PING_PID"; wait "$PING_PID" 2>/dev/null || true
PING_PID=
summary=$(grep "packets transmitted" "$BENCH_RUN/ping.txt" || echo "no ping summary")
printf '\n%-52s %s\n' "ping every 10 ms e0→e1 through the $((2 * ROUNDS)) restarts" "$summary"

start=$(date +%s%N)
for _ in $(seq 20); do "$BIN/loomd" --version >/dev/null; done
printf '%-52s %s ms\n' "loomd --version (the process's start alone, per run)" \
  "$(awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN { printf "%.1f", ns / 20 / 1e6 }')"
start=$(date +%s%N)
for _ in $(seq 20); do "$BIN/loomd" --config "$BENCH_ROOT/resources/loomd.conf" --check-config >/dev/null; done
printf '%-52s %s ms\n' "loomd --check-config (shipped file, per run)" \
  "$(awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN { printf "%.1f", ns / 20 / 1e6 }')"
if ls "$LOOM_BUILD"/packages/*.deb >/dev/null 2>&1; then
  for deb in "$LOOM_BUILD"/packages/*.deb; do
    printf '%-52s %s KiB (installed %s KiB)\n' "$(basename "$deb")" "$(( $(stat -c %s "$deb") / 1024 ))" \
      "$(dpkg-deb -f "$deb" Installed-Size)"
  done
fi
