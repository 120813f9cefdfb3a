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
