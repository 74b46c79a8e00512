#!/usr/bin/env bash
# Convergence benchmark: endpoints created on lab host h1, timed until host h2 has the FDB entry
# and until a ping from h2 is answered (p50/p99 over N), next to etcd's own put-to-watch latency
# in the same run. Needs root and a build; makes a 2-host lab (scripts/lab) and removes it on exit.
# Usage: bench/convergence.sh [N]   (default 100)
set -euo pipefail
source "$(dirname "$0")/lab.sh"
N=${1:-100}
bench_init convergence.sh loomd loom_convergence_bench
trap bench_lab_down EXIT
bench_lab_up 2 lbc
DIR=$BENCH_DIR
NAME=$BENCH_NAME
CTL="$BIN/loomctl"
"$CTL" --socket "$DIR/h1/loomd.sock" network create conv --subnet 10.90.0.0/22 >/dev/null
"$CTL" --socket "$DIR/h2/loomd.sock" endpoint create from --network conv >/dev/null
echo "lab: 2 hosts; endpoints created on h1 one at a time, watched from h2 (kernel $(uname -r))"
"$BIN/loom_convergence_bench" --socket-a "$DIR/h1/loomd.sock" --socket-b "$DIR/h2/loomd.sock" \
  --network conv --from-endpoint from --etcd http://198.51.100.254:2379 \
  --etcd-netns "/run/netns/$NAME-ul" --count "$N"
