#!/usr/bin/env bash
# Roles and audit: what they add to a call next to the plain gRPC unix listener the engine used
# before (one process, both sides alternating), and what the audit trail costs on its own.
# Needs root (the listener gives its socket to group loom); no lab, nothing outside /tmp.
# Usage: bench/access.sh [CALLS]   (default 5000 of each kind per side)
set -euo pipefail
source "$(dirname "$0")/lab.sh"
bench_init access.sh loom_access_bench
dir=$(mktemp -d /tmp/loom-access-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
"$BIN/loom_access_bench" "${1:-5000}" "$dir"
