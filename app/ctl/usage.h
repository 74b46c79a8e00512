#pragma once

namespace loom::ctl {

// loomctl --help.
inline constexpr const char* kUsage = R"(usage: loomctl [--socket PATH] [--json] COMMAND

  network create NAME --subnet CIDR [--vni N] [--mtu N] [--port N] [--label K=V]... [--internal]
                 [--encrypted [--key-rotation DURATION]]
                                             --encrypted: its traffic between hosts in ESP
                                             (AES-GCM), keys renewed every DURATION (12h)
  network ls | inspect NAME | rm NAME [--force]
  network update NAME [--mtu N] [--label K=V]... [--clear-labels] [--internal|--no-internal]
                                             change in place (traffic goes on); --label: the
                                             labels from now on; --internal: the
                                             network's names resolve, nothing else does
  endpoint create NAME --network NET [--ip ADDR] [--mac MAC] [--netns PATH | --pid PID]
                       [--ifname NAME] [--label K=V]... [--host HOST] [--service NAME]
  endpoint ls [--network NET] [--all] | inspect NAME | rm NAME [--host HOST]
                       (--all: every host's endpoints; --host: made or removed by that
                        host's engine, when clustered)
  endpoint update NAME (--label K=V... | --clear-labels) [--host HOST]
  endpoint exec NAME -- COMMAND [ARGS...]   run a command inside the endpoint (root)
  service create NAME --network NET [--vip ADDR] [--port P[/tcp|udp]]... [--label K=V]...
                                             a virtual IP spread over the endpoints behind it
                                             (no --port: every port)
  service ls [--network NET] | inspect NAME | rm NAME
  service add|remove NAME ENDPOINT [--host HOST]
                                             put an endpoint behind a service, or take it out
  host info | ls                             this host; every host of the cluster
  host rm HOST                               forget a dead host, release its addresses
  stats [--once] [--all] [--network NET]... [--endpoint EP]... [--interval MS]
                                             live rates of endpoints, networks and the host
                                             (--all: of every host of the cluster)
  latency [--once] [--network NET]... [--interval MS]
                                             RTT and loss between every pair of hosts of
                                             each network, and to local endpoints
  history endpoint|network|host [NAME] [--since SECONDS] [--step SECONDS] [--points N]
          [--host HOST | --all]              rates over time (default: the last hour), each
                                             bucket's average and maximum (--points: at most
                                             N buckets; --all: a network's or the hosts'
                                             traffic summed over every live host)
  history latency NETWORK TO [--host FROM] [--since SECONDS] [--step SECONDS] [--points N]
                                             RTT and loss over time from a host (default:
                                             this one) to another host or a local endpoint
  events [--all]                             follow network and endpoint events; --all: also
                                             the other hosts' (endpoints, hosts dying, back)
  teardown --yes                             remove everything this engine made
  audit [--since WHEN] [--limit N]           every change and every refusal this engine
                                             answered, newest first (WHEN: 30m, 2d, or a
                                             local time 2026-12-01T08:30); who, from where,
                                             what, and how it ended
  whoami                                     your role on this engine (operator: everything;
                                             viewer: look, plan, export) and who it sees
  cni config NETWORK                         the CNI config (.conflist) that puts a runtime's
                                             containers on NETWORK through loom-cni
  cni install NETWORK [--dir DIR]            write it into DIR (/etc/cni/net.d) as
                                             loom-NETWORK.conflist
  bundle export --design FILE -o OUT         a design file as a config bundle (.tar.gz)
  bundle export --live [--hosts A,B] -o OUT  the live cluster as a bundle, with per-host
                                             iproute2 scripts and systemd-networkd files
  bundle inspect FILE                        what a bundle holds, every member checked
  bundle plan FILE                           what importing it would change, step by step
  bundle apply FILE [--yes]                  the plan, then run through the engine's API
                                             (asked on a terminal; --yes: without asking)

The socket is --socket, else $LOOM_SOCKET, else /run/loom/loomd.sock. A remote engine's
mutual-TLS listener instead: --server ADDR:PORT --ca FILE --cert FILE --key FILE.
)";

}  // namespace loom::ctl
