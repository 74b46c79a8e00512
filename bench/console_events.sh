#!/usr/bin/env bash
# The console following the cluster: a 3-host lab with N endpoints (default 1000, spread over the
# hosts), a console (offscreen) on h1, and endpoints created through h2's engine:
#  - one at a time: from the request to the row in h1's console (median, max, min of 10);
#  - a burst of 100: the GUI thread's longest stall meanwhile, and the time to the last row.
#
#   bench/console_events.sh [N]
set -euo pipefail
source "$(dirname "$0")/lab.sh"
N=${1:-1000}
bench_init console_events.sh loomd loomctl loom_console_events_bench
trap bench_lab_down EXIT
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
bench_lab_up 3 cev
CTL=("$BIN/loomctl" --socket "$BENCH_DIR/h1/loomd.sock")
"${CTL[@]}" network create ev --subnet 10.99.0.0/16 >/dev/null
for h in 1 2 3; do
  for i in $(seq $((N / 3))); do
    "$BIN/loomctl" --socket "$BENCH_DIR/h$h/loomd.sock" endpoint create "e$h-$i" --network ev >/dev/null
  done
done
echo "| endpoints | one create: median ms | max ms | min ms | burst | GUI stall in burst, ms | burst to last row, ms |"
echo "|---|---|---|---|---|---|---|"
QT_QPA_PLATFORM=offscreen "$BIN/loom_console_events_bench" --console "$BENCH_DIR/h1/loomd.sock" \
  --other "$BENCH_DIR/h2/loomd.sock" --network ev --burst 100 2>&1 | grep -v "^QStandardPaths\|^qt\."
