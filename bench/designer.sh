#!/usr/bin/env bash
# Designer benchmark. First, with no engine (offscreen Qt), at N endpoints over 10 hosts: one
# edit end to end (rules over the whole draft, undo step, canvas redrawn where it changed), the
# rules alone, a plan, a full drawing next to the same number of bare Qt items, a redraw after
# an event that changed nothing shown, the heap an undo step holds, and a design file written
# and read. Then, on a 1-host lab, APPLY_N endpoints created through the plan (one call each, so
# each shows its progress) next to the same N in one bulk CreateEndpoints request.
# Needs root and a build; the lab is removed on exit.
# Usage: bench/designer.sh [N...]   (default: 100 1000 5000; APPLY_N=100 in the environment)
set -euo pipefail
source "$(dirname "$0")/lab.sh"
bench_init designer.sh loomd loom_designer_bench
"$BIN/loom_designer_bench" "$@"
echo
trap bench_lab_down EXIT
bench_lab_up 1 lbd
"$BIN/loom_designer_bench" --socket "$BENCH_DIR/h1/loomd.sock" "${APPLY_N:-100}"
