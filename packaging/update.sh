#!/bin/sh
# Installs a release beside the running one, switches to it and keeps it only if the agent
# (on a centre machine, the centre) comes up healthy; otherwise switches back (docs/deploy.md,
# "Updating"). Data (/var/lib/bianmin-kiosk, /var/lib/bianmin-centre) and configuration
# (/etc/bianmin-kiosk) are not touched.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/packaging/common.sh"

usage() {
  cat <<'USAGE'
Usage: update.sh <bianmin-kiosk-VERSION-ARCH.tar.gz | release folder> [options]
  --health-seconds N  how long the new release has to become healthy (default 90)
  --idle-seconds N    how long to wait for a resident at the terminal to finish before
                      restarting it (default 600; 0: do not wait)
  --keep N            releases kept in /opt/bianmin-kiosk/releases (default 3)
  --no-screen         no kiosk screen on this machine
  --root DIR, --systemctl CMD, --health-url URL: for tests
USAGE
}

parse_options "$@"
machine_role
[ -n "$SOURCE" ] || { usage; exit 2; }
[ -L "$CURRENT" ] || die "no release is installed in $PREFIX: run install.sh first"
release=$(place_release "$SOURCE")
wait_for_residents "$release"
activate "$release"
