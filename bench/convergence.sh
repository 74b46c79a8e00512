#!/usr/bin/env bash
# Convergence benchmark: endpoints created on lab host h1, timed until host h2 has the FDB entry
# and until a ping from h2 is answered (p50/p99 over N), next to etcd's own put-to-watch latency
# in the same run. Needs root and a build; makes a 2-host lab (scripts/lab) and removes it on exit.
# Usage: bench/convergence.sh [N]   (default 100)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export LOOM_BUILD=${LOOM_BUILD:-$ROOT/build}
BIN=$LOOM_BUILD/bin
N=${1:-100}
[ "$(id -u)" -eq 0 ] || { echo "convergence.sh: needs root" >&2; exit 1; }
[ -x "$BIN/loom_convergence_bench" ] || { echo "convergence.sh: build first (scripts/test)" >&2; exit 1; }

NAME=lbc$$
DIR=$(mktemp -d /tmp/loom-bench-lab.XXXXXX)
rmdir "$DIR"
trap 'LOOM_LAB_NO_BUILD=1 "$ROOT/scripts/lab" down --dir "$DIR"' EXIT
LOOM_LAB_NO_BUILD=1 "$ROOT/scripts/lab" up 2 --dir "$DIR" --name "$NAME" >/dev/null
CTL="$BIN/loomctl"
"$CTL" --socket "$DIR/h1/loomd.sock" network create conv --subnet 10.90.0.0/22 >/dev/null
"$CTL" --socket "$DIR/h2/loomd.sock" endpoint create from --network conv >/dev/null
echo "lab: 2 hosts; endpoints created on h1 one at a time, watched from h2 (kernel $(uname -r))"
"$BIN/loom_convergence_bench" --socket-a "$DIR/h1/loomd.sock" --socket-b "$DIR/h2/loomd.sock" \
  --network conv --from-endpoint from --etcd http://198.51.100.254:2379 \
  --etcd-netns "/run/netns/$NAME-ul" --count "$N"
