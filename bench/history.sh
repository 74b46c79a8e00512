#!/usr/bin/env bash
# History benchmark. First, simulated (no engine): the history's writer CPU per second of
# samples and its database size after an hour and a day at N endpoints, next to the format it
# replaced (row per sample), in the same run, for three traffic profiles; and a week of one
# series queried as the 7-day chart asks (max_points 2000). Then, on a 1-host lab, the same
# week written into the engine's own history.db and queried through its API.
# Needs root and a build; the lab is removed on exit.
# Usage: bench/history.sh [N]   (default 1000; REFERENCE_HOURS=4: hours the old format is
#                                simulated for, its day extrapolated from its last hour; 24
#                                measures its whole day, in about half an hour per profile)
set -euo pipefail
source "$(dirname "$0")/lab.sh"
bench_init history.sh loomd loomctl loom_history_bench
N=${1:-1000}
for profile in idle mixed busy; do
  "$BIN/loom_history_bench" --endpoints "$N" --profile "$profile" \
    --reference-hours "${REFERENCE_HOURS:-4}" 2>/dev/null
  echo
done
trap bench_lab_down EXIT
bench_lab_up 1 lbh
CTL=("$BIN/loomctl" --socket "$BENCH_DIR/h1/loomd.sock")
"${CTL[@]}" network create hist --subnet 10.97.0.0/24 >/dev/null
"${CTL[@]}" endpoint create week --network hist >/dev/null
id=$("${CTL[@]}" --json endpoint inspect week | sed -n 's/.*"id": "\([^"]*\)".*/\1/p' | head -1)
LOOM_LAB_NO_BUILD=1 "$BENCH_ROOT/scripts/lab" engine 1 stop --dir "$BENCH_DIR"
"$BIN/loom_history_bench" --seed-week "$BENCH_DIR/h1/state/history.db" --id "$id"
LOOM_LAB_NO_BUILD=1 "$BENCH_ROOT/scripts/lab" engine 1 start --dir "$BENCH_DIR"
"$BIN/loom_history_bench" --query "$BENCH_DIR/h1/loomd.sock" --target week
