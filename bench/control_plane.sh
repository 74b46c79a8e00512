#!/usr/bin/env bash
# Control-plane benchmark: N endpoints created and deleted through Loom's API, side by side with
# the same kernel topology built by `ip -batch` (one process per endpoint, as a script would),
# in one run. Prints a table. Needs root and a build; every namespace it makes starts with
# "lbn" and is removed on exit. Usage: bench/control_plane.sh [N...]   (default: 100 1000)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${LOOM_BUILD:-$ROOT/build}/bin
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(100 1000)
[ "$(id -u)" -eq 0 ] || { echo "control_plane.sh: needs root" >&2; exit 1; }
[ -x "$BIN/loomd" ] && [ -x "$BIN/loom_endpoint_bench" ] || { echo "control_plane.sh: build first (scripts/test)" >&2; exit 1; }

P=lbn$$
WORK=$(mktemp -d /tmp/loom-bench.XXXXXX)
# Namespaces and the socket (with the engine's namespace pool beside it) on tmpfs, as with the
# defaults under /run: a mount point on a disk file system costs an inode per endpoint.
RUNDIR=$(mktemp -d /run/loom-bench.XXXXXX)
NSDIR=$RUNDIR/ns
SOCK=$RUNDIR/loomd.sock
mkdir -p "$NSDIR"
HOST=$P-host
ENGINE_PID=

cleanup() {
  [ -n "$ENGINE_PID" ] && kill -9 "$ENGINE_PID" 2>/dev/null && wait "$ENGINE_PID" 2>/dev/null || true
  for f in "$NSDIR"/* "$RUNDIR"/netns-pool.*/*; do [ -e "$f" ] && { umount -l "$f" 2>/dev/null; rm -f "$f"; }; done
  rm -rf "$RUNDIR"
  ip netns list | awk '{print $1}' | grep "^$P" | xargs -r -n1 ip netns del 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

ip netns add "$HOST"
ip -n "$HOST" link add ul0 type veth peer name ulp0
ip -n "$HOST" addr add 192.0.2.1/24 dev ul0
ip -n "$HOST" link set ul0 up
ip -n "$HOST" link set ulp0 up
ip -n "$HOST" route add default via 192.0.2.254

now_ms() { date +%s%N | awk '{printf "%.3f", $1/1000000}'; }

# The reference: the topology Loom builds, by ip, one `ip -batch` per step of each endpoint.
ip_reference() {
  local n=$1 sb=$P-refsb i t0 t1 t2
  ip netns add $sb
  # IPv6 off, as Loom does; without it every new port's DAD and MLD flood the bridge.
  ip netns exec $sb sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n $sb -batch - <<EOT
link add br0 mtu 1450 up type bridge
addr add 10.128.0.1/16 dev br0
EOT
  ip -n "$HOST" link add vx0 mtu 1450 netns $sb type vxlan id $((5000 + n)) local 192.0.2.1 dev ul0 dstport 4789 nolearning proxy
  ip -n $sb link set vx0 master br0 up
  t0=$(now_ms)
  for ((i = 0; i < n; i++)); do
    local ns=$P-r$i ip4=10.128.$((2 + i / 250)).$((i % 250 + 1))
    local mac
    mac=$(printf '02:4c:0a:80:%02x:%02x' $((2 + i / 250)) $((i % 250 + 1)))
    # `ip -n` runs in a private mount namespace, so the namespace is added on its own first.
    ip netns add $ns
    ip -n $sb link add rv$i mtu 1450 master br0 up type veth peer name eth0 address $mac mtu 1450 netns $ns
    ip -n $ns -batch - <<EOT
link set eth0 addrgenmode none
addr add $ip4/16 dev eth0
link set eth0 up
link set lo up
EOT
  done
  t1=$(now_ms)
  for ((i = 0; i < n; i++)); do
    ip -n $sb link del rv$i
    ip netns del $P-r$i
  done
  t2=$(now_ms)
  ip netns del $sb
  awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$n" 'BEGIN { printf "%.4f %.4f\n", (b-a)/n, (c-b)/n }'
}

printf '%-6s | %-26s | %12s | %12s | %12s | %12s | %12s | %9s\n' N "what" "loom/ep ms" "last 10% ms" "ip -batch/ep" "loom/ip" "bulk/ep ms" "peak MiB"
printf -- '-------+----------------------------+--------------+--------------+--------------+--------------+--------------+----------\n'
for n in "${SIZES[@]}"; do
  rm -rf "$WORK/state"
  nsenter --net=/run/netns/$HOST "$BIN/loomd" --socket "$SOCK" --state-dir "$WORK/state" \
    --netns-dir "$NSDIR" --netns-etc-dir "$RUNDIR/etc" --dns-upstream none --name-prefix lb \
    --log-level warning 2>"$WORK/loomd.log" &
  ENGINE_PID=$!
  for _ in $(seq 100); do [ -S "$SOCK" ] && break; sleep 0.05; done
  out=$("$BIN/loom_endpoint_bench" --socket "$SOCK" --count "$n")
  peak=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' /proc/$ENGINE_PID/status)
  kill -TERM "$ENGINE_PID"; wait "$ENGINE_PID" || true; ENGINE_PID=
  for f in "$NSDIR"/*; do [ -e "$f" ] && { umount -l "$f"; rm -f "$f"; }; done
  read -r ref_create ref_delete < <(ip_reference "$n")
  get() { echo "$out" | awk -v k="$1" '$1 == k {print $2}'; }
  for op in create delete; do
    loom=$(get ${op}_single); bulk=$(get ${op}_bulk)
    ref=$([ $op = create ] && echo "$ref_create" || echo "$ref_delete")
    ratio=$(awk -v a="$loom" -v b="$ref" 'BEGIN { printf "%.3f", a / b }')
    last=$([ $op = create ] && get create_last_tenth || echo -)
    printf '%-6s | %-26s | %12s | %12s | %12s | %12s | %12s | %9s\n' "$n" "$op (one request each)" "$loom" "$last" "$ref" "$ratio" "$bulk" "$peak"
  done
done
echo
echo "loom/ep: one CreateEndpoint/DeleteEndpoint request per endpoint, answered when the kernel has it;"
echo "last 10%: the same for the last tenth of the creates (the bridge then has ~N ports);"
echo "bulk/ep: one CreateEndpoints/DeleteEndpoints request for all N; ip -batch/ep: the same topology by"
echo "ip, three processes per endpoint to create (netns add; veth; -batch of address and ups), two to"
echo "delete (veth; netns del); peak: loomd VmHWM over the whole run."
