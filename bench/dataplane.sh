#!/usr/bin/env bash
# Data-plane benchmark: endpoint on lab host h1 to endpoint on lab host h2, over
#   (a) Loom's overlay,
#   (b) the same path built by hand with ip/bridge (sandbox namespace, bridge, vxlan with
#       nolearning and proxy, veth, permanent FDB and neighbour entries, MTU 1450),
#   (c) the raw underlay between the two host namespaces,
# interleaved a-b-c for R rounds: iperf3 TCP throughput with 1 and 4 streams, and ping RTT
# (10 bursts of 50 pings per path and round, the paths taking turns burst by burst).
# Prints every round, the per-round ratios and the medians. Needs root and a build; makes a
# 2-host lab (scripts/lab) and removes everything on exit.
# Usage: bench/dataplane.sh [ROUNDS] [SECONDS]   (default 7 rounds of 5 s per iperf3 run)
set -euo pipefail
source "$(dirname "$0")/lab.sh"
ROUNDS=${1:-7}
SECS=${2:-5}
bench_init dataplane.sh loomd loomctl
command -v iperf3 >/dev/null || { echo "dataplane.sh: needs iperf3 (apt-get install iperf3)" >&2; exit 1; }

HB=lbd$$-hb   # prefix of the hand-built namespaces
RTTDIR=

cleanup() {
  set +e
  pkill -f "iperf3 -s -1 -p 52" 2>/dev/null
  [ -n "${RTTDIR:-}" ] && rm -rf "$RTTDIR"
  for i in 1 2; do ip netns del "$HB-sb$i" 2>/dev/null; ip netns del "$HB-ep$i" 2>/dev/null; done
  bench_lab_down
}
trap cleanup EXIT
bench_lab_up 2 lbd
DIR=$BENCH_DIR
NAME=$BENCH_NAME
CTL="$BIN/loomctl"
H1=/run/netns/$NAME-h1
H2=/run/netns/$NAME-h2

# (a) Loom.
"$CTL" --socket "$DIR/h1/loomd.sock" network create bench --subnet 10.77.0.0/24 >/dev/null
"$CTL" --socket "$DIR/h1/loomd.sock" endpoint create a --network bench >/dev/null
"$CTL" --socket "$DIR/h2/loomd.sock" endpoint create b --network bench >/dev/null
netns_of() { "$CTL" --socket "$DIR/h$1/loomd.sock" --json endpoint inspect "$2" | sed -n 's/.*"netns_path": "\([^"]*\)".*/\1/p'; }
ip_of() { "$CTL" --socket "$DIR/h$1/loomd.sock" --json endpoint inspect "$2" | sed -n 's/.*"ip": "\([^"/]*\).*/\1/p'; }
LOOM_A=$(netns_of 1 a)
LOOM_B=$(netns_of 2 b)
LOOM_B_IP=$(ip_of 2 b)

# (b) By hand, the same topology: per host a sandbox with br0 and a vxlan made in the host
# namespace (its socket stays on the underlay) then moved in, a veth to the endpoint, and the
# other host's endpoint as permanent FDB (vxlan and bridge) and neighbour entries.
mac_of() { printf '02:4c:0a:4e:00:%02x' "$1"; }
for i in 1 2; do
  SB=$HB-sb$i; EP=$HB-ep$i; HOSTNS=/run/netns/$NAME-h$i
  ip netns add "$SB"; ip netns add "$EP"
  for ns in "$SB" "$EP"; do
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  done
  ip -n "$SB" link add br0 mtu 1450 type bridge
  ip -n "$SB" link set br0 up
  nsenter --net="$HOSTNS" ip link add vxb mtu 1450 type vxlan id 999 local "198.51.100.$i" dev ul0 \
    dstport 4789 nolearning proxy
  nsenter --net="$HOSTNS" ip link set vxb netns "$SB"
  ip -n "$SB" link set vxb master br0 up
  ip -n "$SB" link add vhb mtu 1450 type veth peer name eth0 netns "$EP"
  ip -n "$SB" link set vhb master br0 up
  ip -n "$EP" link set eth0 address "$(mac_of $((i + 1)))"
  ip -n "$EP" addr add "10.78.0.$((i + 1))/24" dev eth0
  ip -n "$EP" link set eth0 up
  ip -n "$EP" link set lo up
done
for i in 1 2; do
  j=$((3 - i))
  bridge -n "$HB-sb$i" fdb add "$(mac_of $((j + 1)))" dev vxb dst "198.51.100.$j" self permanent
  bridge -n "$HB-sb$i" fdb add "$(mac_of $((j + 1)))" dev vxb master static
  ip -n "$HB-sb$i" neigh add "10.78.0.$((j + 1))" lladdr "$(mac_of $((j + 1)))" dev vxb nud permanent
done
HAND_A=/run/netns/$HB-ep1
HAND_B=/run/netns/$HB-ep2
HAND_B_IP=10.78.0.3

# (c) The raw underlay.
RAW_A=$H1
RAW_B=$H2
RAW_B_IP=198.51.100.2

for path in "$LOOM_A $LOOM_B_IP" "$HAND_A $HAND_B_IP" "$RAW_A $RAW_B_IP"; do
  set -- $path
  nsenter --net="$1" ping -c 3 -W 1 -q "$2" >/dev/null || { echo "dataplane.sh: no path to $2" >&2; exit 1; }
done

# One iperf3 client run; prints Mbit/s received.
iperf() {  # client-netns server-netns server-ip streams
  nsenter --net="$2" iperf3 -s -1 -p 5201 -D >/dev/null
  sleep 0.2
  nsenter --net="$1" iperf3 -c "$3" -p 5201 -t "$SECS" -P "$4" -f m 2>/dev/null |
    awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") v = $(i - 1) } END { print v }'
}
burst() {  # client-netns ip file: 50 pings at 2 ms, RTTs in ms appended to file
  nsenter --net="$1" ping -c 50 -i 0.002 -W 1 -s 56 "$2" | sed -n 's/.*time=\([0-9.]*\) ms/\1/p' >>"$3"
}
RTTDIR=$(mktemp -d /tmp/loom-bench-rtt.XXXXXX)

declare -A T1 T4 RT
echo "data plane, h1 -> h2 in a 2-host lab ($SECS s per iperf3 run, $ROUNDS rounds, kernel $(uname -r))"
printf '\n| round | path | 1 stream Mbit/s | 4 streams Mbit/s | RTT p50 ms |\n|---|---|---|---|---|\n'
for r in $(seq "$ROUNDS"); do
  for p in loom hand raw; do
    case $p in
      loom) A=$LOOM_A; B=$LOOM_B; IP=$LOOM_B_IP ;;
      hand) A=$HAND_A; B=$HAND_B; IP=$HAND_B_IP ;;
      raw) A=$RAW_A; B=$RAW_B; IP=$RAW_B_IP ;;
    esac
    T1[$p,$r]=$(iperf "$A" "$B" "$IP" 1)
    T4[$p,$r]=$(iperf "$A" "$B" "$IP" 4)
  done
  rm -f "$RTTDIR"/*
  for _ in $(seq 10); do
    burst "$LOOM_A" "$LOOM_B_IP" "$RTTDIR/loom"
    burst "$HAND_A" "$HAND_B_IP" "$RTTDIR/hand"
    burst "$RAW_A" "$RAW_B_IP" "$RTTDIR/raw"
  done
  for p in loom hand raw; do
    RT[$p,$r]=$(sort -n "$RTTDIR/$p" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    printf '| %s | %s | %s | %s | %s |\n' "$r" "$p" "${T1[$p,$r]}" "${T4[$p,$r]}" "${RT[$p,$r]}"
  done
done

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { if (y > 0) printf "%.3f", x / y; else print "-" }'; }
printf '\n| round | loom/hand 1 stream | loom/hand 4 streams | loom/hand RTT | hand/raw 1 stream | hand/raw 4 streams |\n|---|---|---|---|---|---|\n'
R1=(); R4=(); RR=(); H1R=(); H4R=()
for r in $(seq "$ROUNDS"); do
  a=$(ratio "${T1[loom,$r]}" "${T1[hand,$r]}"); b=$(ratio "${T4[loom,$r]}" "${T4[hand,$r]}")
  c=$(ratio "${RT[loom,$r]}" "${RT[hand,$r]}"); d=$(ratio "${T1[hand,$r]}" "${T1[raw,$r]}")
  e=$(ratio "${T4[hand,$r]}" "${T4[raw,$r]}")
  R1+=("$a"); R4+=("$b"); RR+=("$c"); H1R+=("$d"); H4R+=("$e")
  printf '| %s | %s | %s | %s | %s | %s |\n' "$r" "$a" "$b" "$c" "$d" "$e"
done
printf '| median | %s | %s | %s | %s | %s |\n' \
  "$(printf '%s\n' "${R1[@]}" | median)" "$(printf '%s\n' "${R4[@]}" | median)" \
  "$(printf '%s\n' "${RR[@]}" | median)" "$(printf '%s\n' "${H1R[@]}" | median)" \
  "$(printf '%s\n' "${H4R[@]}" | median)"
printf '\n| path | median 1 stream Mbit/s | median 4 streams Mbit/s | median RTT p50 ms |\n|---|---|---|---|\n'
for p in loom hand raw; do
  m1=$(for r in $(seq "$ROUNDS"); do echo "${T1[$p,$r]}"; done | median)
  m4=$(for r in $(seq "$ROUNDS"); do echo "${T4[$p,$r]}"; done | median)
  mr=$(for r in $(seq "$ROUNDS"); do echo "${RT[$p,$r]}"; done | median)
  printf '| %s | %s | %s | %s |\n' "$p" "$m1" "$m4" "$mr"
done
