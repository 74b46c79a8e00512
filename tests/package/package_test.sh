#!/usr/bin/env bash
# Label "package": Loom's Debian packages on a fresh host. Builds them (scripts/package, which
# also runs lintian and fails on any error), makes a minimal Debian 12 root with mmdebstrap from
# this machine's apt sources, and inside it (in_root.sh): installs both with apt-get, checks
# the programs, man pages, config file, group and unit, then removes and purges them and checks
# what is left. Downloads are kept in /var/cache/loom-package for the next run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../scripts/common.sh"

"$LOOM_ROOT/scripts/package"
debs=("$LOOM_BUILD"/packages/*.deb)
[ ${#debs[@]} -eq 2 ] || { echo "expected 2 packages, found ${#debs[@]}" >&2; exit 1; }

work=$(mktemp -d /tmp/loom-pkgtest-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debs"
cp "${debs[@]}" "$work/debs/"
cp "$here/in_root.sh" "$work/"

# This machine's Debian sources (third-party ones need keys the root does not have).
mirrors=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] && grep -qs '^[^#]*debian' "$f" && grep -vqs 'nodesource\|google' "$f" && mirrors+=("$f")
done
[ ${#mirrors[@]} -gt 0 ] || { echo "no Debian apt source on this machine" >&2; exit 1; }

cache=/var/cache/loom-package/archives
mkdir -p "$cache"
start=$(date +%s)
mmdebstrap --variant=minbase --mode=root --include=systemd,man-db --quiet \
  --skip=download/empty,essential/unlink \
  --setup-hook="mkdir -p \"\$1\"/var/cache/apt/archives" \
  --setup-hook="sync-in $cache /var/cache/apt/archives/" \
  --customize-hook="copy-in $work/debs $work/in_root.sh /tmp/" \
  --customize-hook='chroot "$1" sh -e /tmp/in_root.sh' \
  --customize-hook="sync-out /var/cache/apt/archives $cache" \
  bookworm "$work/root" "${mirrors[@]}"
echo "package test: the root made, the packages installed, checked and purged in $(( $(date +%s) - start )) s"
