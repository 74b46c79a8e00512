# Shared by scripts/run and scripts/test: root, packages, configure, build.
# Idempotent, and quiet when there is nothing to do.

LOOM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOOM_BUILD=${LOOM_BUILD:-$LOOM_ROOT/build}

# Debian 12 packages the build, the tests and the engine need.
LOOM_PACKAGES=(
  cmake ninja-build ccache g++ pkg-config clang-format
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev
  libnl-3-dev libnl-route-3-dev libnl-xfrm-3-dev libsqlite3-dev libarchive-dev libssl-dev nlohmann-json3-dev
  libldns-dev ldnsutils dnsmasq-base libnftables-dev nftables
  libgmock-dev libbenchmark-dev
  iproute2 iputils-ping util-linux mount passwd procps mawk findutils systemd
  etcd-server etcd-client iperf3 openssl
  qt6-base-dev qt6-charts-dev qt6-tools-dev qt6-svg-dev libqt6opengl6-dev
  xvfb xauth
  qemu-system-x86 kmod busybox-static cpio xz-utils tcpdump
  podman runc containernetworking-plugins iptables libdevmapper1.02.1
  dpkg-dev lintian mmdebstrap gzip
)

# Loom makes network namespaces and devices: it needs root.
loom_need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      exec sudo -E "$@"
    fi
    echo "$(basename "$1"): needs root (network namespaces); run it as root or install sudo" >&2
    exit 1
  fi
}

# True when a GUI can be shown (X11 or Wayland, or Qt told to draw offscreen).
loom_has_display() {
  [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ] || [ -n "${QT_QPA_PLATFORM:-}" ]
}

loom_install_packages() {
  local missing=() p
  for p in "${LOOM_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=900 update -qq >/dev/null
  apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

loom_build() {
  mkdir -p "$LOOM_BUILD"
  local log="$LOOM_BUILD/build.log"
  if [ ! -f "$LOOM_BUILD/build.ninja" ]; then
    # Installed under /usr, as the Debian packages (scripts/package) put it.
    if ! cmake -S "$LOOM_ROOT" -B "$LOOM_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_INSTALL_PREFIX=/usr >"$log" 2>&1; then
      cat "$log" >&2
      echo "configure failed (log: $log)" >&2
      return 1
    fi
  fi
  if ninja -C "$LOOM_BUILD" -n 2>/dev/null | grep -q "^ninja: no work to do"; then
    return 0
  fi
  echo "building into $LOOM_BUILD" >&2
  if ! ninja -C "$LOOM_BUILD" >"$log" 2>&1; then
    grep -E "error|FAILED" -A3 "$log" | head -60 >&2
    echo "build failed (log: $log)" >&2
    return 1
  fi
}

# Members of group "loom" may use the engine's socket without root (the engine gives its socket
# to the group when it exists) as operators; members of "loom-view" may look (viewers).
loom_ensure_group() {
  getent group loom >/dev/null || groupadd --system loom
  getent group loom-view >/dev/null || groupadd --system loom-view
}
