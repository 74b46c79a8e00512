# Runs inside the fresh root (tests/package/package_test.sh): install, check, remove, purge.
set -eu
export DEBIAN_FRONTEND=noninteractive
# A host without a desktop: loom-console --help must still answer.
unset DISPLAY WAYLAND_DISPLAY QT_QPA_PLATFORM
fail() { echo "in the root: $*" >&2; exit 1; }
# Every file and link outside what the package manager and the kernel keep.
snapshot() {
  find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp \
    -o -path /var/cache -o -path /var/lib/apt -o -path /var/lib/dpkg -o -path /var/log \) -prune \
    -o \( -type f -o -type l \) -print | sort
}

# The packages' dependencies first, so that what follows is theirs alone.
for deb in /tmp/debs/*.deb; do
  apt-get satisfy -y -qq --no-install-recommends "$(dpkg-deb -f "$deb" Depends)" >/dev/null
done
snapshot >/tmp/before
apt-get install -y -qq --no-install-recommends /tmp/debs/*.deb >/dev/null

loomd --version | grep -q '^loomd ' || fail "loomd --version"
loomctl --help | grep -q '^usage: loomctl' || fail "loomctl --help"
loom-console --help 2>/dev/null | grep -q -- '--socket' || fail "loom-console --help"
for page in loomd loomctl loom-console; do
  man -w "$page" >/dev/null || fail "man -w $page"
done
[ -f /etc/loom/loomd.conf ] || fail "no /etc/loom/loomd.conf"
grep -qx /etc/loom/loomd.conf /var/lib/dpkg/info/loom-engine.conffiles || fail "not a conffile"
loomd --config /etc/loom/loomd.conf --check-config || fail "the shipped config is refused"
getent group loom >/dev/null || fail "no group loom"
getent group loom-view >/dev/null || fail "no group loom-view"
[ -L /etc/systemd/system/multi-user.target.wants/loomd.service ] || fail "loomd.service not enabled"
out=$(systemd-analyze verify /lib/systemd/system/loomd.service 2>&1) || fail "systemd-analyze: $out"
[ -z "$out" ] || fail "systemd-analyze: $out"
CNI_COMMAND=VERSION /usr/lib/cni/loom-cni </dev/null | grep -q cniVersion || fail "loom-cni VERSION"
[ -f /usr/share/applications/loom-console.desktop ] || fail "no menu entry"
[ -f /usr/share/icons/hicolor/scalable/apps/loom.svg ] || fail "no icon"
# A bad config is refused with its line, and nothing starts.
printf 'etcd = http://192.0.2.10:2379\nlease-ttl = 1\n' >/tmp/bad.conf
msg=$(loomd --config /tmp/bad.conf 2>&1) && fail "a bad config was taken"
[ "$msg" = "loomd: /tmp/bad.conf:2: lease-ttl: must be a number in 2..3600" ] || fail "said: $msg"

dpkg -r loom-console loom-engine >/dev/null
snapshot >/tmp/removed
left=$(comm -13 /tmp/before /tmp/removed)
[ "$left" = "/etc/loom/loomd.conf" ] || fail "dpkg -r left: $left"
dpkg -P loom-engine >/dev/null
snapshot >/tmp/purged
left=$(comm -13 /tmp/before /tmp/purged)
[ -z "$left" ] || fail "dpkg -P left: $left"
[ ! -e /etc/loom ] || fail "dpkg -P left /etc/loom"
echo "in the root: installed, checked, removed and purged"
