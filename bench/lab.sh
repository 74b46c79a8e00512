# Shared by the benchmarks that run on a lab (sourced): paths, checks, and a lab of their own.
#   bench_init NAME BINARY...   root and the listed binaries, or one line and exit 1
#   bench_lab_up HOSTS PREFIX [LAB ARGS...]
#                               a lab in a fresh directory ($BENCH_DIR, namespaces $BENCH_NAME-*)
#   bench_lab_down              removes it (call it from the script's EXIT trap)
#   bench_design N NETWORK SUBNET HOST
#                               prints a design (topology.json) of N endpoints e0..e(N-1) on
#                               one network of one host
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LOOM_BUILD=${LOOM_BUILD:-$BENCH_ROOT/build}
BIN=$LOOM_BUILD/bin
BENCH_DIR=
BENCH_NAME=

bench_init() {
  local name=$1 b
  shift
  [ "$(id -u)" -eq 0 ] || { echo "$name: needs root" >&2; exit 1; }
  for b in "$@"; do
    [ -x "$BIN/$b" ] || { echo "$name: build first (scripts/test)" >&2; exit 1; }
  done
}

bench_lab_up() {
  BENCH_NAME=$2$$
  BENCH_DIR=$(mktemp -d /tmp/loom-bench-lab.XXXXXX)
  rmdir "$BENCH_DIR"
  LOOM_LAB_NO_BUILD=1 "$BENCH_ROOT/scripts/lab" up "$1" --dir "$BENCH_DIR" --name "$BENCH_NAME" \
    "${@:3}" >/dev/null
}

bench_lab_down() {
  [ -n "$BENCH_DIR" ] && LOOM_LAB_NO_BUILD=1 "$BENCH_ROOT/scripts/lab" down --dir "$BENCH_DIR"
  return 0
}

bench_design() {
  local n=$1 network=$2 subnet=$3 host=$4 i
  printf '{"format": 1, "hosts": [{"name": "%s"}], ' "$host"
  printf '"networks": [{"name": "%s", "subnet": "%s"}], "endpoints": [' "$network" "$subnet"
  for ((i = 0; i < n; i++)); do
    [ "$i" -gt 0 ] && printf ','
    printf '{"name": "e%d", "network_name": "%s", "host_name": "%s"}' "$i" "$network" "$host"
  done
  printf ']}\n'
}
