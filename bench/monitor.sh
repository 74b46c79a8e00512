#!/usr/bin/env bash
# Monitor benchmark (offscreen Qt, no engine): the refresh tick with 16 panels x 8 series of
# 3600 points fed at 1 Hz (the panels in sight of a 1400x900 page, then all 16 in sight), with
# and without painting, the memory a series holds, and the weathermap's update at N endpoints.
# Usage: bench/monitor.sh [--panels P] [--points S] [--ticks T] [--endpoints N]
set -euo pipefail
BUILD=${LOOM_BUILD:-$(cd "$(dirname "$0")/.." && pwd)/build}
[ -x "$BUILD/bin/loom_monitor_bench" ] || { echo "monitor.sh: build first (scripts/test)" >&2; exit 1; }
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
QT_QPA_PLATFORM=offscreen "$BUILD/bin/loom_monitor_bench" --ticks 300 "$@" 2>/dev/null
