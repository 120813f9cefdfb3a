#!/bin/sh
# Removes Bianmin Kiosk's programs, units and system settings. Keeps the terminal's data and
# configuration unless --purge (docs/deploy.md, "Uninstalling").
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/packaging/common.sh"
usage() { echo "Usage: uninstall.sh [--purge] [--root DIR] [--systemctl CMD]"; }

PURGE=no
args=""
for arg in "$@"; do
  if [ "$arg" = --purge ]; then PURGE=yes; else args="$args $arg"; fi
done
# shellcheck disable=SC2086
parse_options $args

for unit in "$SCREEN_UNIT" bianmin-agent-watchdog.timer "$AGENT_UNIT" "$CENTRE_UNIT"; do
  systemctl_ disable --now "$unit" >/dev/null 2>&1 || true
done
systemctl_ unmask ctrl-alt-del.target >/dev/null 2>&1 || true
rm -f "$ROOT"/etc/systemd/system/bianmin-* "$ROOT/etc/udev/rules.d/60-bianmin-kiosk.rules" \
  "$ROOT/etc/systemd/journald.conf.d/50-bianmin-kiosk.conf" \
  "$ROOT/etc/X11/xorg.conf.d/50-bianmin-kiosk.conf" \
  "$ROOT/etc/chromium/policies/managed/bianmin-kiosk.json" \
  "$ROOT/etc/chromium-browser/policies/managed/bianmin-kiosk.json"
systemctl_ daemon-reload
rm -rf "$ROOT/opt/bianmin-kiosk"
if [ "$PURGE" = yes ]; then
  rm -rf "$STATE" "$ETC" "$ROOT/var/lib/bianmin-kiosk-screen" "$CENTRE_STATE"
  if [ "$ROOT" = "" ]; then
    userdel "$CENTRE_USER" 2>/dev/null || true
    userdel "$SCREEN_USER" 2>/dev/null || true
    userdel "$AGENT_USER" 2>/dev/null || true
  fi
  say "removed, with the terminal's data and configuration"
else
  say "removed; data kept in $STATE (a centre's in $CENTRE_STATE), configuration in $ETC (--purge removes them)"
fi
