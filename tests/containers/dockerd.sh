#!/usr/bin/env bash
# A real dockerd (Debian 12's docker.io) with its defaults, confined to a test's namespace:
#   dockerd.sh start DIR NETNS   start it in network namespace NETNS (a path), state in DIR;
#                                returns once its API answers
#   dockerd.sh stop DIR          stop it and remove what it made outside DIR
# The packages (docker.io, containerd, tini) are fetched with apt-get download into a cache and
# unpacked there, never installed: an installed docker.io would start a dockerd in the machine's
# own namespace (FORWARD DROP, docker0) on any host where systemd runs. Exits 77 when they cannot
# be had. iptables and runc come from the machine (scripts/test installs them).
#   LOOM_DOCKER_CACHE  where the unpacked packages are kept (default /var/cache/loom-docker)
set -euo pipefail
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: dockerd.sh start DIR NETNS | stop DIR" >&2; exit 2; }
cache=${LOOM_DOCKER_CACHE:-/var/cache/loom-docker}

fetch() {
  local ver
  ver=$(apt-cache policy docker.io 2>/dev/null | awk '/Candidate:/ {print $2}')
  if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
    echo "dockerd.sh: apt knows no docker.io (apt-get update?)" >&2
    exit 77
  fi
  root=$cache/${ver//[^A-Za-z0-9.+-]/_}
  [ -f "$root/ready" ] && return 0
  mkdir -p "$cache"
  exec 9>"$cache/.lock"
  flock 9
  [ -f "$root/ready" ] && return 0
  local tmp
  tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
  if ! (cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root docker.io containerd tini >/dev/null 2>&1); then
    rm -rf "$tmp"
    echo "dockerd.sh: apt-get download docker.io containerd tini failed" >&2
    exit 77
  fi
  for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$tmp/root"; done
  rm -rf "$root"
  mv "$tmp/root" "$root"
  rm -rf "$tmp"
  touch "$root/ready"
}

case "$cmd" in
  start)
    netns=${3:?dockerd.sh start DIR NETNS}
    fetch
    for tool in iptables runc; do
      command -v $tool >/dev/null || { echo "dockerd.sh: $tool is not installed" >&2; exit 77; }
    done
    mkdir -p "$dir"
    # dockerd makes /run/docker/plugins whatever its flags say: remember whether it was there.
    [ -d /run/docker ] || touch "$dir/made-run-docker"
    # Its trust key in DIR, not in /etc/docker (where it goes whatever --config-file says).
    printf '{"deprecated-key-path": "%s/key.json"}\n' "$dir" > "$dir/daemon.json"
    # nsenter, not `ip netns exec`: that one remounts /sys, and dockerd needs the cgroup mounts.
    PATH=$root/usr/bin:$root/usr/sbin:$PATH setsid nsenter --net="$netns" \
      unshare -m --propagation private \
      "$root/usr/sbin/dockerd" --config-file "$dir/daemon.json" --data-root "$dir/data" \
      --exec-root "$dir/exec" --pidfile "$dir/docker.pid" -H "unix://$dir/docker.sock" \
      --containerd-namespace loomtest --containerd-plugins-namespace loomtestp \
      >"$dir/dockerd.log" 2>&1 </dev/null &
    echo $! > "$dir/launcher.pid"
    for _ in $(seq 1 300); do
      if grep -q "API listen on" "$dir/dockerd.log" 2>/dev/null; then exit 0; fi
      if ! kill -0 "$(cat "$dir/launcher.pid")" 2>/dev/null; then break; fi
      sleep 0.1
    done
    echo "dockerd.sh: dockerd did not start; its log:" >&2
    tail -20 "$dir/dockerd.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$dir/docker.pid" ]; then
      pid=$(cat "$dir/docker.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    if [ -f "$dir/launcher.pid" ]; then
      kill -9 -- -"$(cat "$dir/launcher.pid")" 2>/dev/null || true
    fi
    if [ -f "$dir/made-run-docker" ]; then
      rm -rf /run/docker
    fi
    rm -rf "$dir/data" "$dir/exec"
    ;;
  *) echo "dockerd.sh: unknown command $cmd" >&2; exit 2 ;;
esac
