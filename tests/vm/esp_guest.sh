#!/bin/bash
# Runs inside the guest (tests/vm/esp_test.sh boots it): a lab of two real engines and a real
# etcd over TLS, on namespaces of a kernel with ESP, sharing an encrypted network and a plain
# one. Prints "ok: ..." per check and exits non-zero at the first that fails.
set -uo pipefail
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export LOOM_BUILD=@BUILD@
export LOOM_LAB_NO_BUILD=1  # built on the host; the guest has no apt
LAB=@ROOT@/scripts/lab
dir=/tmp/lab
fail() {
  echo "FAIL: $*"
  for h in 1 2; do
    echo "--- h$h: xfrm"
    ip -n "vmlab-h$h" -s xfrm state | grep -v "aead\|enc \|auth"  # no key in the output
    ip -n "vmlab-h$h" xfrm policy
    ip netns exec "vmlab-h$h" cat /proc/net/xfrm_stat | awk '$2 > 0'
    echo "--- h$h: loomd.log"
    tail -30 "$dir/h$h/loomd.log"
  done
  exit 1
}
ok() { echo "ok: $*"; }
ctl() { local h=$1; shift; "$LOOM_BUILD/bin/loomctl" --socket "$dir/h$h/loomd.sock" "$@"; }
ns() { echo "vmlab-h$1"; }
eventually() {  # seconds, command...
  local limit=$1; shift
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}
xstat() { ip netns exec "$(ns "$1")" cat /proc/net/xfrm_stat | awk -v k="$2" '$1 == k {print $2}'; }

t0=$SECONDS
"$LAB" up 2 --dir "$dir" --name vmlab --tls --lease-ttl 5 >/tmp/lab-up.txt 2>&1 || { cat /tmp/lab-up.txt; cat "$dir"/etcd/etcd.log 2>/dev/null | tail; fail "lab up"; }
ok "lab of 2 hosts with etcd over TLS up in $((SECONDS - t0)) s"
ctl 1 host info | grep -q "encryption: yes" || fail "h1 says it cannot encrypt: $(ctl 1 host info)"
ok "host info: this kernel can encrypt"

ctl 1 network create secret --subnet 10.70.0.0/24 --encrypted --key-rotation 10s >/dev/null || fail "create secret"
ctl 1 network create plain --subnet 10.71.0.0/24 >/dev/null || fail "create plain"
ctl 1 endpoint create a1 --network secret >/dev/null || fail "a1"
ctl 2 endpoint create b1 --network secret >/dev/null || fail "b1"
ctl 1 endpoint create pa --network plain >/dev/null || fail "pa"
ctl 2 endpoint create pb --network plain >/dev/null || fail "pb"
mtu=$(ctl 1 network inspect secret | awk '/^mtu:/ {print $2}')
port=$(ctl 1 network inspect secret | awk '/^port:/ {print $2}')
b1=$(ctl 2 endpoint inspect b1 | awk '/^ip:/ {sub(/\/.*/, "", $2); print $2}')
pb=$(ctl 2 endpoint inspect pb | awk '/^ip:/ {sub(/\/.*/, "", $2); print $2}')
[ "$mtu" = 1366 ] || [ "$mtu" -lt 1450 ] || fail "encrypted MTU $mtu leaves no room for ESP"
ok "secret: mtu $mtu, port $port; plain: port 4789"

eventually 20 ctl 1 endpoint exec a1 -- ping -c 1 -W 1 "$b1" || fail "a1 cannot ping b1 over the encrypted network: $(ctl 1 endpoint exec a1 -- ping -c 1 -W 1 "$b1" 2>&1)"
ok "a1 pings b1 across hosts, in ESP"
eventually 10 ctl 1 endpoint exec pa -- ping -c 1 -W 1 "$pb" || fail "pa cannot ping pb"

# Full-size DF at the reported MTU passes; one byte more does not.
ctl 1 endpoint exec a1 -- ping -c 2 -W 2 -M do -s $((mtu - 28)) "$b1" >/dev/null || fail "full-size DF ping at MTU $mtu"
if ctl 1 endpoint exec a1 -- ping -c 1 -W 1 -M do -s $((mtu - 27)) "$b1" >/dev/null 2>&1; then
  fail "a DF ping one byte over the MTU passed"
fi
ok "DF ping of $mtu bytes passes, $((mtu + 1)) does not"

# The wire: ESP for the encrypted network, never its VXLAN in clear; the plain one stays plain.
cap=/tmp/cap.txt
ip netns exec "$(ns 1)" tcpdump -l -n -i ul0 --immediate-mode "esp or udp" > "$cap" 2>/tmp/cap.err &
tcpd=$!
eventually 10 grep -q "listening on" /tmp/cap.err || fail "tcpdump did not start"
ctl 1 endpoint exec a1 -- ping -c 5 -i 0.2 -W 1 "$b1" >/dev/null || fail "pings during the capture"
ctl 1 endpoint exec pa -- ping -c 5 -i 0.2 -W 1 "$pb" >/dev/null || fail "plain pings during the capture"
# Until tcpdump has written what went by (10 echoes and replies each way, on each network).
captured() { [ "$(grep -c "ESP(spi" "$cap")" -ge 20 ] && [ "$(grep -cE "\.4789: " "$cap")" -ge 20 ]; }
eventually 5 captured
kill "$tcpd"; wait "$tcpd" 2>/dev/null
esp=$(grep -c "ESP(spi" "$cap")
clear=$(grep -cE "\.$port: |\.$port > " "$cap")
plainvx=$(grep -cE "\.4789: " "$cap")
[ "$esp" -ge 20 ] || fail "only $esp ESP packets on the underlay: $(head -5 "$cap")"
[ "$clear" -eq 0 ] || fail "$clear packets of the encrypted network's port $port in clear: $(grep -E "\.$port" "$cap" | head -3)"
[ "$plainvx" -ge 20 ] || fail "the plain network's VXLAN is not on the wire in clear ($plainvx)"
ok "underlay capture: $esp ESP, 0 in clear on port $port, $plainvx plain VXLAN on 4789"

# Both SAs of each host count packets.
for h in 1 2; do
  n=$(ip -n "$(ns $h)" -s xfrm state | awk '/lifetime current:/ {getline; split($0, a, ","); sub(/\(packets\)/, "", a[2]); gsub(/ /, "", a[2]); print a[2]}' | awk '$1 > 0' | wc -l)
  [ "$n" -ge 2 ] || fail "h$h: $n ESP states counted packets: $(ip -n "$(ns $h)" -s xfrm state)"
done
ok "every SA on both hosts counted packets"

# Plaintext VXLAN injected at h1 for the encrypted network (from the underlay's own namespace:
# h2's policy would wrap anything it sends there in ESP): dropped and counted.
before=$(xstat 1 XfrmInTmplMismatch)
dropped() { ctl 1 host info | grep -o "[0-9]* plaintext dropped" | grep -o "^[0-9]*"; }
dropped0=$(dropped)
h1ip=$(ctl 1 host info | awk '/^vtep:/ {print $2}')
for i in 1 2 3; do
  ip netns exec vmlab-ul bash -c "printf '\x08\x00\x00\x00\x00\x10\x00\x00hello-in-clear-0123456789abcdef' > /dev/udp/$h1ip/$port"
done
eventually 5 bash -c "[ \$(ip netns exec $(ns 1) cat /proc/net/xfrm_stat | awk '\$1 == \"XfrmInTmplMismatch\" {print \$2}') -ge $((before + 3)) ]" || fail "injected plaintext not dropped by policy ($before -> $(xstat 1 XfrmInTmplMismatch))"
counted() { [ "$(dropped)" -ge $((dropped0 + 3)) ]; }
eventually 5 counted || fail "host info does not count the dropped plaintext: $(ctl 1 host info)"
ok "3 plaintext VXLAN datagrams injected: dropped, XfrmInTmplMismatch $before -> $(xstat 1 XfrmInTmplMismatch), and host info counts them"

# A key rotation (every 10 s) during a ping every 10 ms loses nothing.
gen0=$(ip -n "$(ns 1)" xfrm state | grep -c "^src")
out=$(ctl 1 endpoint exec a1 -- ping -q -c 1500 -i 0.01 -W 1 "$b1" 2>&1)
loss=$(echo "$out" | grep -o "[0-9.]*% packet loss")
rot=$(ctl 1 host info | grep -o "[0-9]* key rotation" | grep -o "^[0-9]*")
[ "${rot:-0}" -ge 1 ] || fail "no key rotation during the ping loop: $(ctl 1 host info)"
[ "$loss" = "0% packet loss" ] || fail "the ping loop across a rotation lost packets: $out"
ok "1500 pings at 10 ms across $rot key rotation(s) on h1: $loss"

# Owned like any kernel object: removed by hand, put back within a pass (a second).
countx() { ip -n "$(ns "$1")" xfrm "$2" | grep -c "^src"; }
ip -n "$(ns 1)" xfrm policy flush
ip -n "$(ns 1)" xfrm state flush
t=$SECONDS
eventually 5 bash -c "[ \$(ip -n $(ns 1) xfrm policy | grep -c '^src') -eq 2 ] && [ \$(ip -n $(ns 1) xfrm state | grep -c '^src') -ge 2 ]" \
  || fail "h1's flushed states and policies not repaired: $(countx 1 state) states, $(countx 1 policy) policies"
eventually 10 ctl 1 endpoint exec a1 -- ping -c 1 -W 1 "$b1" || fail "no traffic after the repair"
ok "flushed by hand on h1: states and policies back within $((SECONDS - t + 1)) s, traffic flows"

# A dead host's states go from the other within its lease (5 s here) and a little more.
"$LAB" engine 2 kill --dir "$dir" >/dev/null 2>&1 || fail "kill h2's engine"
t=$SECONDS
eventually 12 bash -c "[ \$(ip -n $(ns 1) xfrm state | grep -c '^src') -eq 0 ]" \
  || fail "h1 keeps the dead h2's states: $(ip -n "$(ns 1)" xfrm state | grep ^src)"
ok "h2's engine killed: h1 dropped its states for h2 within $((SECONDS - t + 1)) s (lease TTL 5 s)"
"$LAB" engine 2 start --dir "$dir" >/dev/null 2>&1 || fail "restart h2's engine"
eventually 30 ctl 1 endpoint exec a1 -- ping -c 1 -W 1 "$b1" || fail "no traffic after h2's engine came back"
ok "h2's engine back: keys exchanged again, a1 pings b1"

# Teardown on h1 takes its part: no state or policy left there, the network stays for h2.
ctl 1 teardown --yes >/dev/null || fail "teardown on h1"
eventually 10 bash -c "[ -z \"\$(ip -n $(ns 1) xfrm state)\" ] && [ -z \"\$(ip -n $(ns 1) xfrm policy)\" ]" \
  || fail "h1 keeps xfrm objects after teardown: $(ip -n "$(ns 1)" xfrm state; ip -n "$(ns 1)" xfrm policy)"
ctl 2 network ls | grep -q "^secret " || fail "teardown on h1 took the cluster's network"
ok "teardown on h1: no xfrm state or policy left there; the network stays in the cluster"

# Deleting the network leaves no xfrm state or policy on h2 either.
ctl 2 endpoint rm b1 >/dev/null && ctl 2 network rm secret >/dev/null || fail "delete secret"
eventually 10 bash -c "[ -z \"\$(ip -n $(ns 2) xfrm state)\" ] && [ -z \"\$(ip -n $(ns 2) xfrm policy)\" ]" \
  || fail "h2 keeps xfrm objects: $(ip -n "$(ns 2)" xfrm state; ip -n "$(ns 2)" xfrm policy)"
ok "network deleted: no xfrm state or policy left on either host"
"$LAB" down --dir "$dir" --name vmlab >/dev/null 2>&1
echo "PASS"
