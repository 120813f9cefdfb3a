import { chmodSync, copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kioskRenderFlags } from '../../scripts/chromium.js';
import { REPO_ROOT } from '../../scripts/stack.js';

/** A stand-in for a program on the PATH: `chromium` prints its arguments and stops the session. */
function stub(dir: string, name: string, body: string) {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
}

/** Runs a session script with stand-ins for chromium, xset and node: Chromium's arguments, and stderr. */
function runSession(script: string) {
  const bin = mkdtempSync(join(tmpdir(), 'kiosk-session-'));
  stub(bin, 'chromium', 'for a in "$@"; do echo "$a"; done\nkill "$PPID"');
  stub(bin, 'xset', 'exit 0');
  stub(bin, 'node', 'exit 0');
  const run = spawnSync('sh', [script], {
    // The script's Chromium profile goes under XDG_RUNTIME_DIR: here, the test's own folder.
    env: {
      PATH: `${bin}:/usr/bin:/bin`,
      KIOSK_URL: 'http://127.0.0.1:7070/',
      HOME: bin,
      XDG_RUNTIME_DIR: bin,
    },
    encoding: 'utf8',
    timeout: 10_000,
  });
  return { args: run.stdout.split('\n').filter(Boolean), stderr: run.stderr };
}

describe("the kiosk screen's session script", () => {
  it('starts Chromium with the rendering flags the bench measures with, and on the kiosk URL', () => {
    const { args } = runSession(join(REPO_ROOT, 'packaging/kiosk/session.sh'));
    const flags = kioskRenderFlags();
    expect(flags).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^--disable-features=.*\bSmallerFontCache\b/),
        expect.stringMatching(/^--skia-font-cache-limit-mb=\d+$/),
      ]),
    );
    // Chromium keeps the last --disable-features: the kiosk has one.
    expect(args.filter((a) => a.startsWith('--disable-features='))).toHaveLength(1);
    expect(args).toEqual(expect.arrayContaining([...flags, '--kiosk']));
    expect(args.at(-1)).toBe('http://127.0.0.1:7070/');
  });

  it('without its flags file still starts Chromium on the kiosk, and says what is missing', () => {
    const alone = mkdtempSync(join(tmpdir(), 'kiosk-session-alone-'));
    copyFileSync(join(REPO_ROOT, 'packaging/kiosk/session.sh'), join(alone, 'session.sh'));
    const { args, stderr } = runSession(join(alone, 'session.sh'));
    expect(stderr).toContain('chromium-render.flags is missing');
    expect(args).toContain('--kiosk');
    expect(args.at(-1)).toBe('http://127.0.0.1:7070/');
  });
});
