#!/bin/bash
# Runs inside the guest (bench/encryption.sh boots it): two real engines over TLS etcd, an
# encrypted network and a plain one side by side on the same two hosts; prints the rows.
set -uo pipefail
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export LOOM_BUILD=@BUILD@ LOOM_LAB_NO_BUILD=1 LOOM_LAB_LOG_LEVEL=debug
LAB=@ROOT@/scripts/lab
SECS=@SECONDS@
ROUNDS=@ROUNDS@
dir=/tmp/lab
ctl() { local h=$1; shift; "$LOOM_BUILD/bin/loomctl" --socket "$dir/h$h/loomd.sock" "$@"; }
ipof() { ctl "$1" endpoint inspect "$2" | awk '/^ip:/ {sub(/\/.*/, "", $2); print $2}'; }
"$LAB" up 2 --dir "$dir" --name vmlab --tls >/tmp/up.txt 2>&1 || { cat /tmp/up.txt; exit 1; }
ctl 1 network create secret --subnet 10.70.0.0/24 --encrypted --key-rotation 10s >/dev/null
ctl 1 network create plain --subnet 10.71.0.0/24 >/dev/null
for n in secret plain; do
  ctl 1 endpoint create "${n}1" --network "$n" >/dev/null
  ctl 2 endpoint create "${n}2" --network "$n" >/dev/null
done
for n in secret plain; do
  ip=$(ipof 2 "${n}2")
  for _ in $(seq 100); do ctl 1 endpoint exec "${n}1" -- ping -c 1 -W 1 "$ip" >/dev/null 2>&1 && break; done
  ctl 2 endpoint exec "${n}2" -- iperf3 -s -D -1 >/dev/null 2>&1 || true
done
echo "BENCH mtu $(ctl 1 network inspect secret | awk '/^mtu:/ {print $2}') $(ctl 1 network inspect plain | awk '/^mtu:/ {print $2}')"
for r in $(seq "$ROUNDS"); do
  for n in secret plain; do
    ip=$(ipof 2 "${n}2")
    ctl 2 endpoint exec "${n}2" -- iperf3 -s -D -1 >/dev/null 2>&1
    sleep 0.5
    bps=$(ctl 1 endpoint exec "${n}1" -- iperf3 -c "$ip" -t "$SECS" -J 2>/dev/null \
          | awk -F: '/"sum_received"/ {r = 1} r && /bits_per_second/ {gsub(/[ ,]/, "", $2); print $2; exit}')
    rtt=$(ctl 1 endpoint exec "${n}1" -- ping -q -c 50 -i 0.02 "$ip" 2>/dev/null \
          | awk -F/ '/^rtt/ {print $5}')
    echo "BENCH round $r $n ${bps:-0} ${rtt:-0}"
  done
done
# Rotations: from the receiver installing the new key to the sender sending with it, and to
# the key it replaces gone (after the sender's ack and the 1 s grace), from the engines' debug
# logs (both engines share the guest's clock).
sleep 25
for f in "$dir"/h1/loomd.log "$dir"/h2/loomd.log; do
  grep -E "crypt +(add|delete) ESP state" "$f" | sed "s|^|$(basename "$(dirname "$f")") |"
done | sort -k2 > /tmp/states.txt
awk '
  function ms(t,  a) { split(t, a, ":"); return (a[1] * 3600 + a[2] * 60 + a[3]) * 1000 }
  { host = $1; t = ms($2); op = $5; src = $8; dst = $10; spi = $12; d = src ">" dst
    if (op == "add" && !(spi in installed)) {
      installed[spi] = t; rx[spi] = host; n[d]++; order[d, n[d]] = spi
    } else if (op == "add" && host != rx[spi] && !(spi in used)) used[spi] = t
    else if (op == "delete" && host == rx[spi] && !(spi in gone)) gone[spi] = t }
  END {
    for (d in n) for (i = 2; i <= n[d]; i++) {
      k = order[d, i]; p = order[d, i - 1]
      if ((k in used) && (p in gone)) printf "BENCH rotation %s %d %d\n", d, used[k] - installed[k], gone[p] - installed[k]
    }
  }
' /tmp/states.txt
"$LAB" down --dir "$dir" --name vmlab >/dev/null 2>&1
exit 0
