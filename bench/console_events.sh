#!/usr/bin/env bash
# The console following the cluster: a 3-host lab with N endpoints (default 1000, spread over the
# hosts), a console (offscreen) on h1, and endpoints created through h2's engine:
#  - one at a time: from the request to the row in h1's console (median, max, min of 10), and
#    when the other engine answered its client (it answers after its kernel work; the row can
#    come before that);
#  - a burst of 100: the GUI thread's longest stall meanwhile, split into the console's CPU time
#    in it, other processes' (the GUI thread's run delay less its own threads'), and time when
#    neither ran (asleep, or the virtual machine's CPU taken by its host); the time to the last
#    row;
#  - the floor: the longest stall of an idle GUI thread (no console) during the same burst.
#
# With PIN=1 (the default where there are two CPUs or more) the lab (engines, etcd, loomctl)
# runs on CPU 0 and the console on CPU 1. Other processes of the machine still share CPU 1 (here
# the sandbox's agent, at nice -10): the stall's split says how much. PIN=0 lets
# everything share every core, as on a laptop that runs a lab.
#
#   [PIN=0|1] bench/console_events.sh [N]
set -euo pipefail
source "$(dirname "$0")/lab.sh"
N=${1:-1000}
bench_init console_events.sh loomd loomctl loom_console_events_bench
PIN=${PIN:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}
CONSOLE=()
if [ "$PIN" = 1 ]; then
  taskset -p -c 0 $$ >/dev/null  # everything started from here on: the lab
  CONSOLE=(taskset -c 1)
fi
echo "console_events: $N endpoints, pinned: $PIN"
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
echo "| endpoints | one create: median ms | max ms | min ms | burst | GUI stall in burst, ms | of it: the console ran, ms | other processes, ms | neither (steal, sleep), ms | same burst, no console: stall ms | burst to last row, ms |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
"${CONSOLE[@]}" env QT_QPA_PLATFORM=offscreen "$BIN/loom_console_events_bench" --console "$BENCH_DIR/h1/loomd.sock" \
  --other "$BENCH_DIR/h2/loomd.sock" --network ev --burst 100 2>&1 | grep -v "^QStandardPaths\|^qt\."
