#!/usr/bin/env bash
# Containers on Loom, side by side with CNI's stock bridge plugin in one run:
#   1. `podman run --rm --network NET IMAGE true`: Loom's plugin vs the stock bridge plugin
#      (host-local IPAM), ROUNDS rounds, alternating, on one engine with ENDPOINTS endpoints.
#   2. The plugins' own ADD and DEL, called by hand as a runtime calls them (process start
#      included), with ENDPOINTS endpoints on the host.
#   3. Bridged traffic between two endpoints of one host with the sandbox's bridge in netfilter
#      (br_netfilter's default, as on a Docker host) and out of it (what the engine sets).
# Needs root, podman and a build; everything it makes is under /run/loom-bench-lcn.* and in
# namespaces lcn<pid>-*, removed on exit.
# Usage: bench/containers.sh [ROUNDS] [ENDPOINTS]   (default: 20 100)
set -euo pipefail
source "$(dirname "$0")/lab.sh"
ROUNDS=${1:-20}
ENDPOINTS=${2:-100}
bench_init containers.sh loomd loomctl loom-cni
command -v podman >/dev/null || { echo "containers.sh: podman is not installed (scripts/test installs it)" >&2; exit 1; }
[ -x /usr/lib/cni/bridge ] || { echo "containers.sh: the stock plugins are not installed (containernetworking-plugins)" >&2; exit 1; }

PODMAN_DIR=
cleanup() {
  if [ -n "$PODMAN_DIR" ]; then
    pm rm -a -f -t 0 >/dev/null 2>&1 || true
  fi
  ip netns list 2>/dev/null | awk '{print $1}' | grep "^lcn$$-c" | xargs -r -n1 ip netns del 2>/dev/null || true
  bench_engine_down
}
trap cleanup EXIT

bench_engine lcn
ctl() { "$BIN/loomctl" --socket "$SOCK" "$@"; }
PODMAN_DIR=$BENCH_RUN/podman
pm() {
  CONTAINERS_CONF=$PODMAN_DIR/containers.conf nsenter --net="/run/netns/$BENCH_NETNS" \
    podman --root "$PODMAN_DIR/root" --runroot "$PODMAN_DIR/runroot" --storage-driver vfs "$@"
}

ctl network create blue --subnet 10.90.0.0/16 >/dev/null
for ((i = 0; i < ENDPOINTS; i++)); do ctl endpoint create "e$i" --network blue >/dev/null; done

mkdir -p "$PODMAN_DIR/net.d" "$PODMAN_DIR/image/bin" "$PODMAN_DIR/image/etc"
cat >"$PODMAN_DIR/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
[network]
network_backend = "cni"
network_config_dir = "$PODMAN_DIR/net.d"
cni_plugin_dirs = ["$BIN", "/usr/lib/cni"]
EOF
ctl cni install blue --dir "$PODMAN_DIR/net.d" >/dev/null
# The reference: the stock bridge plugin with host-local addresses, kept in this run's directory.
STOCK='{"cniVersion":"1.0.0","name":"stock","plugins":[{"type":"bridge","bridge":"lcnbr0",
"isGateway":false,"ipMasq":false,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.91.0.0/16"}]],
"dataDir":"'$PODMAN_DIR'/ipam"}}]}'
echo "$STOCK" >"$PODMAN_DIR/net.d/stock.conflist"
cp /bin/busybox "$PODMAN_DIR/image/bin/busybox"
for a in $("$PODMAN_DIR/image/bin/busybox" --list); do [ "$a" = busybox ] || ln -sf busybox "$PODMAN_DIR/image/bin/$a"; done
echo 'root:x:0:0:root:/:/bin/sh' >"$PODMAN_DIR/image/etc/passwd"
echo 'root:x:0:' >"$PODMAN_DIR/image/etc/group"
tar --numeric-owner -C "$PODMAN_DIR/image" -cf "$PODMAN_DIR/busybox.tar" .
pm import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' "$PODMAN_DIR/busybox.tar" loombox >/dev/null

ms() { echo "$EPOCHREALTIME"; }
# Prints median, mean and p90 (ms) of the numbers on stdin.
stats() { sort -n | awk '{a[NR]=$1; s+=$1} END {printf "%.1f %.1f %.1f\n", a[int((NR+1)/2)], s/NR, a[int(NR*0.9+0.5)]}'; }

# 1. podman run --rm, alternating so that drift hits both sides alike.
for net in blue stock blue stock; do pm run --rm --network $net loombox true >/dev/null; done  # warm
: >"$BENCH_RUN/loom.run"
: >"$BENCH_RUN/stock.run"
for ((r = 0; r < ROUNDS; r++)); do
  for net in blue stock; do
    t0=$(ms)
    pm run --rm --network $net loombox true >/dev/null
    t1=$(ms)
    awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", (b - a) * 1000}' \
      >>"$BENCH_RUN/$([ $net = blue ] && echo loom || echo stock).run"
  done
done
read -r lmed lmean lp90 < <(stats <"$BENCH_RUN/loom.run")
read -r smed smean sp90 < <(stats <"$BENCH_RUN/stock.run")
left=$(ctl endpoint ls | awk 'NR > 1' | wc -l)

echo "podman run --rm --network NET loombox true, $ROUNDS rounds each, $ENDPOINTS endpoints on the host"
printf '%-26s | %10s | %10s | %10s\n' "plugin" "median ms" "mean ms" "p90 ms"
printf '%-26s | %10s | %10s | %10s\n' "loom-cni" "$lmed" "$lmean" "$lp90"
printf '%-26s | %10s | %10s | %10s\n' "bridge + host-local" "$smed" "$smean" "$sp90"
awk -v a="$lmed" -v b="$smed" -v c="$lmean" -v d="$smean" \
  'BEGIN {printf "%-26s | %10.3f | %10.3f |\n", "loom / stock", a / b, c / d}'
echo "endpoints left after the runs: $left (expected $ENDPOINTS)"
echo

# 2. The plugins by hand: ADD then DEL of a fresh namespace, process start included.
plugin_round() {  # PLUGIN CONFIG NS ID -> "add_ms del_ms"
  local plugin=$1 config=$2 ns=$3 id=$4 t0 t1 t2
  export CNI_CONTAINERID=$id CNI_NETNS=/run/netns/$ns CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni
  t0=$(ms)
  CNI_COMMAND=ADD "$plugin" <<<"$config" >/dev/null
  t1=$(ms)
  CNI_COMMAND=DEL "$plugin" <<<"$config" >/dev/null
  t2=$(ms)
  awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {printf "%.3f %.3f\n", (b - a) * 1000, (c - b) * 1000}'
}
LOOM_CONF='{"cniVersion":"1.0.0","name":"blue","type":"loom-cni","socket":"'$SOCK'"}'
STOCK_CONF='{"cniVersion":"1.0.0","name":"stock","type":"bridge","bridge":"lcnbr0","isGateway":false,
"ipMasq":false,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.91.0.0/16"}]],"dataDir":"'$PODMAN_DIR'/ipam"}}'
: >"$BENCH_RUN/loom.cni"
: >"$BENCH_RUN/stock.cni"
for ((r = 0; r < ROUNDS * 2; r++)); do
  ns=lcn$$-c$r
  ip netns add "$ns"
  nsenter --net="/run/netns/$BENCH_NETNS" bash -c "$(declare -f ms plugin_round); plugin_round '$BIN/loom-cni' '$LOOM_CONF' $ns l$r" >>"$BENCH_RUN/loom.cni"
  nsenter --net="/run/netns/$BENCH_NETNS" bash -c "$(declare -f ms plugin_round); plugin_round /usr/lib/cni/bridge '$STOCK_CONF' $ns s$r" >>"$BENCH_RUN/stock.cni"
  ip netns del "$ns"
done
echo "the plugin alone, called by hand ($((ROUNDS * 2)) ADD + DEL each, $ENDPOINTS endpoints on the host)"
printf '%-26s | %10s | %10s | %10s | %10s\n' "plugin" "ADD med" "ADD p90" "DEL med" "DEL p90"
for p in loom stock; do
  read -r amed _ ap90 < <(awk '{print $1}' "$BENCH_RUN/$p.cni" | stats)
  read -r dmed _ dp90 < <(awk '{print $2}' "$BENCH_RUN/$p.cni" | stats)
  printf '%-26s | %10s | %10s | %10s | %10s\n' \
    "$([ $p = loom ] && echo loom-cni || echo 'bridge + host-local')" "$amed" "$ap90" "$dmed" "$dp90"
done
echo

# 3. Bridged traffic on one host, the sandbox's bridge in netfilter and out of it.
ctl endpoint create tx --network blue >/dev/null
ctl endpoint create rx --network blue >/dev/null
rx=$(ctl endpoint inspect rx | awk '/^ip:/ {split($2, a, "/"); print a[1]}')
netid=$(ctl network inspect blue | awk '/^id:/ {print $2}')
sandbox=$BENCH_RUN/ns/lcn-net-$netid
rxns=$(ctl endpoint inspect rx | awk '/^namespace:/ {print $2}')
txns=$(ctl endpoint inspect tx | awk '/^namespace:/ {print $2}')
nsenter --net="$rxns" iperf3 -s -D -p 5301 --pidfile "$BENCH_RUN/iperf.pid"
for _ in $(seq 100); do  # -D returns before it listens
  nsenter --net="$rxns" ss -ltn | grep -q ':5301 ' && break
  sleep 0.02
done
filter() {
  nsenter --net="$sandbox" sh -c "for k in iptables ip6tables arptables; do echo $1 > /proc/sys/net/bridge/bridge-nf-call-\$k; done"
}
echo "bridged TCP between two endpoints of one host (iperf3 -t 3, 3 runs each, alternating)"
printf '%-40s | %12s\n' "sandbox bridge" "Gbit/s mean"
: >"$BENCH_RUN/on.tcp"
: >"$BENCH_RUN/off.tcp"
for _ in 1 2 3; do
  for mode in 1 0; do
    filter $mode
    nsenter --net="$txns" iperf3 -c "$rx" -p 5301 -t 3 -J |
      awk '/"sum_received"/ {f=1} f && /"bits_per_second"/ {gsub(/,/, ""); print $2 / 1e9; exit}' \
        >>"$BENCH_RUN/$([ $mode = 1 ] && echo on || echo off).tcp"
  done
done
kill "$(cat "$BENCH_RUN/iperf.pid")" 2>/dev/null || true
on=$(awk '{s+=$1} END {printf "%.2f", s/NR}' "$BENCH_RUN/on.tcp")
off=$(awk '{s+=$1} END {printf "%.2f", s/NR}' "$BENCH_RUN/off.tcp")
printf '%-40s | %12s\n' "in netfilter (br_netfilter's default)" "$on"
printf '%-40s | %12s\n' "out of it (what Loom sets)" "$off"
awk -v a="$off" -v b="$on" 'BEGIN {printf "%-40s | %12.3f\n", "out / in", a / b}'
