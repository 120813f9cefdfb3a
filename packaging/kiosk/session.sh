#!/bin/sh
# The kiosk screen's X session (bianmin-kiosk-session.service runs it through xinit):
# no blanking, Chromium full-screen on the agent's page, started again whenever it exits
# (a crash, or Ctrl+W / Alt+F4 on a keyboard plugged in). docs/deploy.md, "The kiosk screen".
set -u

KIOSK_URL="${KIOSK_URL:-http://127.0.0.1:7070/}"
RELEASE=/opt/bianmin-kiosk/current

xset s off
xset s noblank
xset -dpms

browser=""
for candidate in chromium chromium-browser /snap/bin/chromium; do
  if command -v "$candidate" >/dev/null 2>&1; then
    browser="$candidate"
    break
  fi
done
if [ -z "$browser" ]; then
  echo "bianmin-kiosk-session: no chromium found (apt-get install chromium)" >&2
  exit 1
fi

# How the pages render (the glyph cache; the features turned off), shared with the kiosk's
# benchmark (scripts/chromium.ts reads it the same way): one flag per line, # for a comment.
# None holds a space, and none is a pattern: the shell splits them into words, not globs.
flags_file="$(dirname "$0")/chromium-render.flags"
render_flags=""
if [ -r "$flags_file" ]; then
  render_flags=$(grep -v '^[[:space:]]*#' "$flags_file" | tr -d '\r')
else
  echo "bianmin-kiosk-session: $flags_file is missing: Chromium starts without the kiosk's rendering flags (reinstall the release)" >&2
fi
set -f

# A fresh profile at every start: no "restore pages?" bubble, nothing kept between runs.
profile="${XDG_RUNTIME_DIR:-/tmp}/bianmin-chromium"

while true; do
  # The page is the agent's: wait until it answers (at most 2 minutes, then show whatever
  # Chromium shows, and try again when it exits).
  node "$RELEASE/lib/health-check.mjs" --ready 120 --url "${KIOSK_URL%/}/healthz" || true
  rm -rf "$profile"
  "$browser" \
    --kiosk \
    --noerrdialogs \
    --disable-infobars \
    --no-first-run \
    --no-default-browser-check \
    --disable-session-crashed-bubble \
    --disable-pinch \
    --overscroll-history-navigation=0 \
    $render_flags \
    --disable-translate \
    --disable-sync \
    --disable-extensions \
    --disable-default-apps \
    --disable-background-networking \
    --disable-component-update \
    --check-for-update-interval=31536000 \
    --password-store=basic \
    --autoplay-policy=no-user-gesture-required \
    --touch-events=enabled \
    --lang=zh-CN \
    --user-data-dir="$profile" \
    "$KIOSK_URL"
  echo "bianmin-kiosk-session: chromium exited ($?), starting it again" >&2
  sleep 2
done
