#!/usr/bin/env bash
# Name responders, side by side in one run: Loom's responder for a network of N endpoints
# (default 1000) against dnsmasq (Debian's) serving the same N names from a hosts file, both in
# the network's sandbox on the host's address (Loom on port 53, dnsmasq on 5300), asked by the
# same client (loom_dns_bench) from inside one of the endpoints, over the same veth and bridge.
# Every name is asked in turn, bare and under the network's domain; each row keeps WINDOW
# queries outstanding for SECONDS. Needs root and a build; everything it makes starts with
# "ldn" and goes on exit.
# Usage: bench/dns.sh [N] [SECONDS]
set -euo pipefail
source "$(dirname "$0")/lab.sh"
N=${1:-1000}
SECONDS_EACH=${2:-5}
bench_init dns.sh loomd loomctl loom_dns_bench
command -v dnsmasq >/dev/null || { echo "dns.sh: needs dnsmasq (apt-get install dnsmasq-base)" >&2; exit 1; }

DNSMASQ_PID=
cleanup() {
  [ -n "$DNSMASQ_PID" ] && kill "$DNSMASQ_PID" 2>/dev/null || true
  bench_engine_down
}
trap cleanup EXIT
bench_engine ldn
RUNDIR=$BENCH_RUN
ctl() { LOOM_SOCKET=$SOCK "$BIN/loomctl" "$@"; }

# N endpoints on one network, made in one request (a design bundle applied).
bench_design "$N" web 10.150.0.0/16 bench >"$RUNDIR/out/design.json"
ctl bundle export --design "$RUNDIR/out/design.json" -o "$RUNDIR/out/design.tar.gz" >/dev/null
ctl bundle apply "$RUNDIR/out/design.tar.gz" --yes >/dev/null
ctl --json endpoint ls --network web >"$RUNDIR/out/endpoints.json"
SANDBOX=$(ctl --json network inspect web | awk -F'"' '/"sandbox_netns"/ {print $4}')
GATEWAY=$(ctl --json network inspect web | awk -F'"' '/"gateway"/ {print $4}')
CLIENT=$(ctl --json endpoint inspect e0 | awk -F'"' '/"netns_path"/ {print $4}')

# The same names for dnsmasq, from a hosts file: "ADDR NAME NAME.web.loom".
awk -F'"' '/"name"/ {name=$4} /"ip"/ {split($4, a, "/"); print a[1], name, name ".web.loom"}' \
  "$RUNDIR/out/endpoints.json" >"$RUNDIR/out/hosts"
[ "$(wc -l <"$RUNDIR/out/hosts")" -eq "$N" ] || { echo "dns.sh: expected $N endpoints" >&2; exit 1; }
awk '{print $2; print $3}' "$RUNDIR/out/hosts" >"$RUNDIR/out/names"
nsenter --net="$SANDBOX" dnsmasq --keep-in-foreground --no-resolv --no-hosts \
  --addn-hosts="$RUNDIR/out/hosts" --listen-address="$GATEWAY" --port=5300 --bind-interfaces \
  --pid-file= --local-ttl=5 2>"$RUNDIR/dnsmasq.log" &
DNSMASQ_PID=$!
ready=
for _ in $(seq 100); do
  if nsenter --net="$CLIENT" timeout 1 drill -p 5300 "@$GATEWAY" e1 2>/dev/null | grep -q "ANSWER: 1"; then
    ready=1
    break
  fi
  sleep 0.05
done
if [ -z "$ready" ]; then
  echo "dns.sh: dnsmasq does not answer e1 (hosts file: $(head -2 "$RUNDIR/out/hosts" | tr '\n' ';'))" >&2
  cat "$RUNDIR/dnsmasq.log" >&2
  exit 1
fi

echo "$N names (bare and under web.loom), asked from inside an endpoint; each row ${SECONDS_EACH} s"
printf '%-10s | %6s | %10s | %8s | %8s | %8s | %6s | %6s\n' server window answers/s "p50 us" \
  "p99 us" "p99.9 us" lost errors
printf -- '-----------+--------+------------+----------+----------+----------+--------+-------\n'
for window in 1 8 64; do
  for server in loom dnsmasq; do
    port=53; [ "$server" = dnsmasq ] && port=5300
    read -r qps p50 p99 p999 lost bad < <(nsenter --net="$CLIENT" "$BIN/loom_dns_bench" \
      "$GATEWAY" "$port" "$RUNDIR/out/names" "$SECONDS_EACH" "$window")
    printf '%-10s | %6s | %10s | %8s | %8s | %8s | %6s | %6s\n' "$server" "$window" "$qps" \
      "$p50" "$p99" "$p999" "$lost" "$bad"
  done
done
echo
echo "loom: the engine's responder (per network a UDP thread and a TCP/upstream thread, answers"
echo "from the live store and cluster view, built with ldns); dnsmasq $(dnsmasq --version | awk 'NR == 1 {print $3}'):"
echo "the same names from a hosts file, one thread. On this machine's 2 cores with the client."
