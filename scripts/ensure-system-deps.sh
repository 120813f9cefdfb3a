#!/usr/bin/env bash
# Installs the Debian packages the tests need and npm cannot provide: chromium for
# Playwright (its own browser download cannot work here), socat for virtual serial ports,
# CJK fonts so screenshots show Chinese, libusb and udev for node-hid and serialport,
# PostgreSQL for the centre's storage tests (they start a throwaway cluster of their own),
# espeak-ng with its Mandarin voice for spoken calls at the counters, dpkg-deb and
# systemd-analyze for the release test (building the package, verifying its units), and
# for the release test of the other processor (arm64 on x86-64, x86-64 on arm64) the cross
# compiler (better-sqlite3) with that processor's C libraries and QEMU's user-mode emulator
# to run its Node.js here (docs/deploy.md).
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v socat >/dev/null 2>&1 || need+=(socat)
command -v udevadm >/dev/null 2>&1 || need+=(udev)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
ldconfig -p 2>/dev/null | grep -q libusb-1.0.so.0 || need+=(libusb-1.0-0)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v dpkg-deb >/dev/null 2>&1 || need+=(dpkg)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
case "$(uname -m)" in
  x86_64) other=aarch64 ;;
  aarch64) other=x86_64 ;;
  *) other="" ;;
esac
if [ -n "$other" ]; then
  command -v "$other-linux-gnu-g++" >/dev/null 2>&1 || need+=("g++-${other//_/-}-linux-gnu")
  command -v "qemu-$other-static" >/dev/null 2>&1 || need+=(qemu-user-static)
fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "Missing Debian packages: ${need[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

echo "Installing Debian packages: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
