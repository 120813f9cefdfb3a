# Shared by install.sh, update.sh and uninstall.sh (docs/deploy.md). Sourced, not run.
#
# Every path is under ROOT (--root, default /) and every service-manager call goes through
# SYSTEMCTL (--systemctl), so the tests run these scripts in a temporary folder with a
# stand-in for systemctl that starts the agent directly.

ROOT=/
SYSTEMCTL=systemctl
HEALTH_URL=""
HEALTH_SECONDS=90
# How long update.sh waits for a resident at the terminal to finish before restarting.
IDLE_SECONDS=600
KEEP_RELEASES=3
WITH_APT=yes
WITH_USERS=yes
WITH_SCREEN=yes
WITH_CENTRE=no
SOURCE=""

AGENT_UNIT=bianmin-agent.service
SCREEN_UNIT=bianmin-kiosk-session.service
CENTRE_UNIT=bianmin-centre.service
AGENT_USER=bianmin
SCREEN_USER=bianmin-kiosk
CENTRE_USER=bianmin-centre
# The service this machine runs and an update restarts: set by machine_role.
MAIN_UNIT=$AGENT_UNIT

say() { echo "bianmin-kiosk: $*"; }
die() {
  echo "bianmin-kiosk: $*" >&2
  exit 1
}

parse_options() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --root) ROOT="$2"; shift 2 ;;
      --systemctl) SYSTEMCTL="$2"; shift 2 ;;
      --health-url) HEALTH_URL="$2"; shift 2 ;;
      --health-seconds) HEALTH_SECONDS="$2"; shift 2 ;;
      --idle-seconds) IDLE_SECONDS="$2"; shift 2 ;;
      --keep) KEEP_RELEASES="$2"; shift 2 ;;
      --no-apt) WITH_APT=no; shift ;;
      --no-users) WITH_USERS=no; shift ;;
      --no-screen) WITH_SCREEN=no; shift ;;
      --centre) WITH_CENTRE=yes; shift ;;
      -h | --help) usage; exit 0 ;;
      -*) die "unknown option $1 (--help lists them)" ;;
      *) SOURCE="$1"; shift ;;
    esac
  done
  for seconds in "$HEALTH_SECONDS" "$IDLE_SECONDS"; do
    case "$seconds" in
      '' | *[!0-9]*) die "--health-seconds and --idle-seconds take a whole number of seconds, not \"$seconds\"" ;;
    esac
  done
  ROOT="${ROOT%/}"
  PREFIX="$ROOT/opt/bianmin-kiosk"
  RELEASES="$PREFIX/releases"
  CURRENT="$PREFIX/current"
  STATE="$ROOT/var/lib/bianmin-kiosk"
  ETC="$ROOT/etc/bianmin-kiosk"
  CENTRE_STATE="$ROOT/var/lib/bianmin-centre"
}

systemctl_() { $SYSTEMCTL "$@"; }

# A centre machine (install.sh --centre) runs the central service instead of the agent and
# the screen; later installs (the package's postinst too) and updates know it by its enabled
# unit, so an upgrade never turns a centre into a terminal.
machine_role() {
  if [ "$WITH_CENTRE" = yes ] || systemctl_ is-enabled --quiet "$CENTRE_UNIT" 2>/dev/null; then
    WITH_CENTRE=yes
    WITH_SCREEN=no
    MAIN_UNIT=$CENTRE_UNIT
  fi
}

# The version and build facts of a release folder.
# (RELEASE.json has one "key": "text" pair a line, so this needs no Node, which may not be installed yet.)
release_field() { sed -n "s/^ *\"$2\": *\"\([^\"]*\)\",\{0,1\}\$/\1/p" "$1/RELEASE.json"; }

# A release runs only on the processor and Node ABI its native modules were built for.
check_runtime() {
  command -v node >/dev/null 2>&1 || die "node is not installed (install.sh installs it; docs/deploy.md)"
  want_arch=$(release_field "$1" arch)
  want_abi=$(release_field "$1" nodeAbi)
  have_arch=$(node -p process.arch)
  have_abi=$(node -p process.versions.modules)
  [ "$want_arch" = "$have_arch" ] || die "this release is for $want_arch, this machine is $have_arch"
  [ "$want_abi" = "$have_abi" ] ||
    die "this release needs Node $(release_field "$1" nodeMajor).x (ABI $want_abi); node here is $(node -v) (ABI $have_abi)"
}

# A release folder from a tarball or a folder, placed at releases/<version>; prints its path.
place_release() {
  mkdir -p "$RELEASES"
  # What an earlier update left when it died unpacking (a truncated copy, a full disk).
  rm -rf "$RELEASES"/.incoming.*
  incoming=$(mktemp -d "$RELEASES/.incoming.XXXXXX")
  # Called as $(place_release ...), so this trap is the subshell's: a failed unpack or a
  # refused release leaves nothing behind. After the mv below there is nothing to remove.
  trap 'rm -rf "$incoming"' EXIT
  if [ -d "$1" ]; then
    # Hard links when the file system allows: release files are never changed in place.
    cp -al "$1/." "$incoming/" 2>/dev/null || cp -a "$1/." "$incoming/"
  else
    tar -xzf "$1" -C "$incoming" --strip-components=1 || die "cannot unpack $1"
    # mktemp made the folder 0700 and --strip-components drops the archive's own folder
    # entry, so nothing gave it the release's mode: the agent's user could not enter it.
    chmod 0755 "$incoming"
  fi
  [ -f "$incoming/RELEASE.json" ] || die "$1 is not a Bianmin Kiosk release (no RELEASE.json)"
  version=$(release_field "$incoming" version)
  target="$RELEASES/$version"
  if [ "$(current_release)" = "$target" ]; then
    rm -rf "$incoming"
  else
    rm -rf "$target"
    mv "$incoming" "$target"
  fi
  echo "$target"
}

current_release() {
  if [ -L "$CURRENT" ]; then
    echo "$RELEASES/$(basename "$(readlink "$CURRENT")")"
  fi
}

# current -> releases/<version>, replaced in one rename.
switch_to() {
  ln -sfn "releases/$(basename "$1")" "$PREFIX/current.new"
  mv -Tf "$PREFIX/current.new" "$CURRENT"
}

# Units, udev rules, journald limits, the X server's and Chromium's settings, from a release.
install_system_files() {
  release="$1"
  mkdir -p "$ROOT/etc/systemd/system" "$ROOT/etc/udev/rules.d" "$ROOT/etc/systemd/journald.conf.d"
  for unit in "$release"/packaging/systemd/*; do
    install -m 0644 "$unit" "$ROOT/etc/systemd/system/"
  done
  install -m 0644 "$release/packaging/udev/60-bianmin-kiosk.rules" "$ROOT/etc/udev/rules.d/"
  install -m 0644 "$release/packaging/journald/50-bianmin-kiosk.conf" "$ROOT/etc/systemd/journald.conf.d/"
  if [ "$WITH_SCREEN" = yes ]; then
    mkdir -p "$ROOT/etc/X11/xorg.conf.d" "$ROOT/etc/chromium/policies/managed" \
      "$ROOT/etc/chromium-browser/policies/managed"
    install -m 0644 "$release/packaging/kiosk/50-bianmin-kiosk.xorg.conf" "$ROOT/etc/X11/xorg.conf.d/50-bianmin-kiosk.conf"
    install -m 0644 "$release/packaging/kiosk/Xwrapper.config" "$ROOT/etc/X11/Xwrapper.config"
    for dir in chromium chromium-browser; do
      install -m 0644 "$release/packaging/kiosk/chromium-policy.json" \
        "$ROOT/etc/$dir/policies/managed/bianmin-kiosk.json"
    done
  fi
  systemctl_ daemon-reload
  if [ "$ROOT" = "" ] && command -v udevadm >/dev/null 2>&1; then
    udevadm control --reload-rules && udevadm trigger --subsystem-match=tty --subsystem-match=hidraw || true
  fi
}

health_url() {
  if [ -n "$HEALTH_URL" ]; then echo "$HEALTH_URL"; return; fi
  if [ "$MAIN_UNIT" = "$CENTRE_UNIT" ]; then
    port=$(sed -n 's/^CENTRAL_PORT=//p' "$ETC/centre.env" 2>/dev/null | tr -d '"' | tail -n 1)
    echo "http://127.0.0.1:${port:-8080}/healthz"
    return
  fi
  port=$(sed -n 's/^AGENT_PORT=//p' "$ETC/agent.env" 2>/dev/null | tr -d '"' | tail -n 1)
  echo "http://127.0.0.1:${port:-7070}/healthz"
}

# A restart takes the screen from whoever is using it: wait up to IDLE_SECONDS for the agent
# to say no resident is (a session, or its 好差评, in progress), then go ahead all the same.
# Uses the placed release's probe, which knows --idle whatever the running one knows.
wait_for_residents() {
  [ "$MAIN_UNIT" = "$AGENT_UNIT" ] || return 0
  [ "$IDLE_SECONDS" -gt 0 ] || return 0
  if ! node "$1/lib/health-check.mjs" --idle "$IDLE_SECONDS" --url "$(health_url)"; then
    say "updating all the same: the resident's session is cut short"
  fi
}

# Healthy (200 from /healthz) within HEALTH_SECONDS; gives up early once the unit has failed.
wait_healthy() {
  url=$(health_url)
  waited=0
  while [ "$waited" -lt "$HEALTH_SECONDS" ]; do
    if node "$CURRENT/lib/health-check.mjs" --ready 1 --url "$url" >/dev/null 2>&1; then
      return 0
    fi
    if systemctl_ is-failed --quiet "$MAIN_UNIT"; then
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  return 1
}

restart_main() {
  # Non-zero when the start probe fails; wait_healthy decides.
  systemctl_ reset-failed "$MAIN_UNIT" >/dev/null 2>&1 || true
  systemctl_ restart "$MAIN_UNIT" || true
}

# Switches to a placed release; back to the one before if the agent (on a centre machine,
# the centre) is not healthy.
activate() {
  new="$1"
  previous=$(current_release)
  check_runtime "$new"
  install_system_files "$new"
  switch_to "$new"
  say "switched to $(basename "$new")${previous:+ (from $(basename "$previous"))}; restarting $MAIN_UNIT"
  restart_main
  if wait_healthy; then
    say "$(basename "$new") is healthy"
    [ "$WITH_SCREEN" = yes ] && systemctl_ try-restart "$SCREEN_UNIT" || true
    prune_releases
    return 0
  fi
  if [ -z "$previous" ] || [ "$previous" = "$new" ]; then
    die "$(basename "$new") is not healthy and there is no earlier release to go back to (journalctl -u $MAIN_UNIT)"
  fi
  say "$(basename "$new") is not healthy within ${HEALTH_SECONDS} s: rolling back to $(basename "$previous")" >&2
  install_system_files "$previous"
  switch_to "$previous"
  restart_main
  if wait_healthy; then
    die "rolled back to $(basename "$previous"), which is healthy; $(basename "$new") stays in $RELEASES for inspection"
  fi
  die "rolled back to $(basename "$previous"), but it is not healthy either (journalctl -u $MAIN_UNIT)"
}

# Keeps the current release and the KEEP_RELEASES - 1 newest others.
prune_releases() {
  keep_current=$(basename "$(current_release)")
  # shellcheck disable=SC2012
  ls -1t "$RELEASES" | grep -vx "$keep_current" | tail -n +"$KEEP_RELEASES" | while read -r old; do
    rm -rf "${RELEASES:?}/$old"
    say "removed old release $old"
  done
}
