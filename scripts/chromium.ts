import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Debian's chromium, as Playwright launches it here: its own browser download cannot work on
 * these machines, and as root headless Chromium needs these flags (docs/toolchain.md); without the
 * background-networking ones it floods the closed network with refused connections.
 */
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

/**
 * The kiosk screen's rendering flags (packaging/kiosk/chromium-render.flags, which
 * packaging/kiosk/session.sh starts Chromium with), for a bench that measures the page as a
 * terminal draws it. Its `--disable-features` list replaces the one Playwright passes (Chromium
 * keeps the last), as on the terminal, where Playwright's is not there.
 */
export function kioskRenderFlags(
  file = fileURLToPath(new URL('../packaging/kiosk/chromium-render.flags', import.meta.url)),
): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
