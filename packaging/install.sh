#!/bin/sh
# Installs Bianmin Kiosk on a terminal (Debian 12, Ubuntu 22.04+; x86-64 or arm64):
# system packages, the agent's and the screen's system users, folders, the release in
# /opt/bianmin-kiosk/releases/<version>, systemd units, udev rules, journald limits, and
# starts the agent. With --centre it sets up a centre machine instead: the central service's
# user, folder and settings, and starts the centre (no agent, no screen). Run again to repair;
# existing configuration and data are kept. docs/deploy.md walks through both.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/packaging/common.sh"

usage() {
  cat <<'USAGE'
Usage: sudo ./install.sh [options]      (from an unpacked release folder)
  --no-apt            do not install Node.js, Chromium, fonts and X with apt
  --no-screen         no kiosk screen (an agent-only or test machine)
  --centre            a centre machine: run the central service, not the agent or a screen
  --health-seconds N  how long the agent has to become healthy (default 90)
  --root DIR, --systemctl CMD, --no-users, --health-url URL: for tests
USAGE
}

parse_options "$@"
machine_role
SOURCE="${SOURCE:-$HERE}"
[ "$ROOT" != "" ] || [ "$(id -u)" -eq 0 ] || die "run as root (sudo ./install.sh)"

NODE_MAJOR=$(release_field "$SOURCE" nodeMajor)

install_packages() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" != "$NODE_MAJOR" ]; then
    # Debian 12 ships Node 18 and Ubuntu 22.04 Node 12: Node $NODE_MAJOR comes from NodeSource.
    apt-get install -y -qq ca-certificates curl gnupg
    mkdir -p /etc/apt/keyrings
    curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key |
      gpg --dearmor --yes -o /etc/apt/keyrings/nodesource.gpg
    echo "deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_${NODE_MAJOR}.x nodistro main" \
      >/etc/apt/sources.list.d/nodesource.list
    apt-get update -qq
    apt-get install -y -qq nodejs
  fi
  apt-get install -y -qq udev libusb-1.0-0
  if [ "$WITH_SCREEN" = yes ]; then
    browser=chromium
    apt-cache show chromium >/dev/null 2>&1 || browser=chromium-browser # Ubuntu: a snap
    apt-get install -y -qq "$browser" fonts-noto-cjk fonts-noto-color-emoji \
      xserver-xorg xserver-xorg-legacy xinit x11-xserver-utils
  fi
}

create_users() {
  if [ "$WITH_CENTRE" = yes ]; then
    getent passwd "$CENTRE_USER" >/dev/null ||
      useradd --system --user-group --home-dir /var/lib/bianmin-centre --no-create-home \
        --shell /usr/sbin/nologin --comment "Bianmin Kiosk central service" "$CENTRE_USER"
    return
  fi
  getent group "$AGENT_USER" >/dev/null || groupadd --system "$AGENT_USER"
  getent passwd "$AGENT_USER" >/dev/null ||
    useradd --system --gid "$AGENT_USER" --home-dir /var/lib/bianmin-kiosk --no-create-home \
      --shell /usr/sbin/nologin --comment "Bianmin Kiosk device agent" "$AGENT_USER"
  for group in dialout plugdev; do
    getent group "$group" >/dev/null && usermod -aG "$group" "$AGENT_USER"
  done
  if [ "$WITH_SCREEN" = yes ]; then
    getent passwd "$SCREEN_USER" >/dev/null ||
      useradd --system --user-group --create-home --home-dir /var/lib/bianmin-kiosk-screen \
        --shell /usr/sbin/nologin --comment "Bianmin Kiosk screen" "$SCREEN_USER"
    for group in video input render audio; do
      getent group "$group" >/dev/null && usermod -aG "$group" "$SCREEN_USER"
    done
  fi
}

# Configuration is the site's: written once from the release's defaults, never replaced.
install_configuration() {
  mkdir -p "$ETC"
  for file in terminal.json devices.json services.json regions.json communities.json; do
    [ -e "$ETC/$file" ] || install -m 0644 "$SOURCE/config/defaults/$file" "$ETC/$file"
  done
  if [ "$WITH_CENTRE" = yes ]; then
    [ -e "$ETC/centre.env" ] || install -m 0640 "$SOURCE/packaging/centre.env" "$ETC/centre.env"
    mkdir -p "$CENTRE_STATE"
    chmod 0750 "$CENTRE_STATE"
    if [ "$WITH_USERS" = yes ]; then
      chown root:"$CENTRE_USER" "$ETC/centre.env"
      chown -R "$CENTRE_USER:$CENTRE_USER" "$CENTRE_STATE"
    fi
    return
  fi
  [ -e "$ETC/agent.env" ] || install -m 0640 "$SOURCE/packaging/agent.env" "$ETC/agent.env"
  [ -e "$ETC/kiosk.env" ] || install -m 0644 "$SOURCE/packaging/kiosk/kiosk.env" "$ETC/kiosk.env"
  mkdir -p "$STATE/agent"
  chmod 0750 "$STATE" "$STATE/agent"
  if [ "$WITH_USERS" = yes ]; then
    chown root:"$AGENT_USER" "$ETC/agent.env"
    chown -R "$AGENT_USER:$AGENT_USER" "$STATE"
  fi
}

[ "$WITH_APT" = no ] || install_packages
[ "$WITH_USERS" = no ] || create_users
install_configuration
release=$(place_release "$SOURCE")
check_runtime "$release"
install_system_files "$release"
if [ "$WITH_CENTRE" = yes ]; then
  # A machine that was a terminal before stops being one.
  for unit in "$SCREEN_UNIT" bianmin-agent-watchdog.timer "$AGENT_UNIT"; do
    systemctl_ disable --now "$unit" >/dev/null 2>&1 || true
  done
  systemctl_ enable "$CENTRE_UNIT"
else
  systemctl_ enable "$AGENT_UNIT"
fi
if [ "$WITH_SCREEN" = yes ]; then
  systemctl_ enable "$SCREEN_UNIT"
  systemctl_ set-default graphical.target
  # Ctrl+Alt+Del on a keyboard must not reboot the terminal.
  systemctl_ mask ctrl-alt-del.target
fi
activate "$release"
if [ "$WITH_CENTRE" = no ] && grep -q '"profile": "development"' "$ETC/devices.json"; then
  say "NOTE: $ETC/devices.json is the development profile with simulated devices: set the real ports (docs/deploy.md, step 4)"
fi
say "installed; check: journalctl -u $MAIN_UNIT, $(health_url)"
