# Shared by the benchmarks that run on a lab (sourced): paths, checks, and a lab of their own.
#   bench_init NAME BINARY...   root and the listed binaries, or one line and exit 1
#   bench_lab_up HOSTS PREFIX [LAB ARGS...]
#                               a lab in a fresh directory ($BENCH_DIR, namespaces $BENCH_NAME-*)
#   bench_lab_down              removes it (call it from the script's EXIT trap)
#   bench_engine PREFIX         a standalone loomd (name prefix PREFIX, no upstream DNS) in a
#                               namespace PREFIX$$-host of its own with an underlay on a veth;
#                               sets BENCH_RUN (its directory), SOCK and ENGINE_PID
#   bench_engine_down           stops it and removes all it made (call it from the EXIT trap)
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

BENCH_RUN=
BENCH_NETNS=
ENGINE_PID=
bench_engine() {
  local prefix=$1
  BENCH_NETNS=$prefix$$-host
  BENCH_RUN=$(mktemp -d "/run/loom-bench-$prefix.XXXXXX")
  chmod 755 "$BENCH_RUN"  # a helper may read its files as another user (dnsmasq: nobody)
  SOCK=$BENCH_RUN/loomd.sock
  ip netns add "$BENCH_NETNS"
  ip -n "$BENCH_NETNS" link add ul0 type veth peer name ulp0
  ip -n "$BENCH_NETNS" addr add 192.0.2.1/24 dev ul0
  ip -n "$BENCH_NETNS" link set ul0 up
  ip -n "$BENCH_NETNS" link set ulp0 up
  ip -n "$BENCH_NETNS" route add default via 192.0.2.254
  mkdir -p "$BENCH_RUN/ns" "$BENCH_RUN/out"
  nsenter --net="/run/netns/$BENCH_NETNS" "$BIN/loomd" --socket "$SOCK" \
    --state-dir "$BENCH_RUN/state" --netns-dir "$BENCH_RUN/ns" --netns-etc-dir "$BENCH_RUN/etc" \
    --name-prefix "$prefix" --host-name bench --dns-upstream none --log-level warning \
    2>"$BENCH_RUN/loomd.log" &
  ENGINE_PID=$!
  local _
  for _ in $(seq 100); do [ -S "$SOCK" ] && return 0; sleep 0.05; done
  echo "bench: loomd did not start: $(cat "$BENCH_RUN/loomd.log")" >&2
  return 1
}

bench_engine_down() {
  local f
  if [ -n "$ENGINE_PID" ]; then
    kill -9 "$ENGINE_PID" 2>/dev/null || true
    wait "$ENGINE_PID" 2>/dev/null || true
  fi
  ENGINE_PID=
  if [ -n "$BENCH_RUN" ]; then
    for f in "$BENCH_RUN"/ns/* "$BENCH_RUN"/netns-pool.*/*; do
      if [ -e "$f" ]; then umount -l "$f" 2>/dev/null || true; rm -f "$f"; fi
    done
    rm -rf "$BENCH_RUN"
  fi
  if [ -n "$BENCH_NETNS" ]; then ip netns del "$BENCH_NETNS" 2>/dev/null || true; fi
  return 0
}
