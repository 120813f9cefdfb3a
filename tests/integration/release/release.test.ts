/**
 * A release as a terminal gets it: built once (with stand-in kiosk and monitoring pages, so
 * the apps' own builds stay out of this file's time), installed from its Debian package
 * into a temporary root, its units checked by systemd-analyze, the agent started from the
 * installed files with plain Node, then updated to a healthy release and to one whose agent
 * cannot start (docs/deploy.md). A stand-in systemctl runs the agent directly.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRelease, type BuiltRelease } from '../../../scripts/release/build.js';
import {
  fakeSystemctl,
  freePort,
  runScript,
  takeTicket as takeAgentTicket,
  type Machine,
} from './installed-machine.js';

const KIOSK_PAGE = '<!doctype html><title>stand-in kiosk page</title>';

let temp: TempDir;
let root: string;
let release: BuiltRelease;
let port: number;
let systemctl: string;
let centreSystemctl: string | undefined;

function run(script: string, args: string[], machine: Machine = agentMachine()) {
  return runScript(script, args, machine);
}

function agentMachine(): Machine {
  return { root, systemctl, port, env: { AGENT_PORT: String(port) } };
}

const agentUrl = (path: string) => `http://127.0.0.1:${port}${path}`;

const takeTicket = (requestId: string) => takeAgentTicket(port, requestId);

/** A day's numbering goes on in a kept file; a new file starts at 501 (docs/architecture.md). */
const nextNumber = (number: string) =>
  number.replace(/\d+$/, (digits) => String(Number(digits) + 1).padStart(digits.length, '0'));
let lastTicket = '';

const currentVersion = () => readlinkSync(join(root, 'opt/bianmin-kiosk/current'));

/**
 * The built release under another version (hard links, as release files are never changed
 * in place), as a tarball, or as a folder whose agent exits at once.
 */
function variant(version: string, form: 'tarball' | 'broken-folder'): string {
  const dir = join(temp.path, 'variants', `bianmin-kiosk-${version}`);
  mkdirSync(join(dir, '..'), { recursive: true });
  spawnSync('cp', ['-al', release.dir, dir]);
  const facts = join(dir, 'RELEASE.json');
  const text = readFileSync(facts, 'utf8');
  rmSync(facts);
  writeFileSync(facts, text.replace(`"version": "${release.version}"`, `"version": "${version}"`));
  if (form === 'broken-folder') {
    rmSync(join(dir, 'lib/agent.mjs'));
    writeFileSync(join(dir, 'lib/agent.mjs'), 'process.exit(3);\n');
    return dir;
  }
  const tarball = `${dir}.tar.gz`;
  spawnSync('tar', ['-czf', tarball, '-C', join(dir, '..'), `bianmin-kiosk-${version}`]);
  return tarball;
}

beforeAll(async () => {
  temp = makeTempDir('release');
  root = join(temp.path, 'root');
  const page = join(temp.path, 'page');
  mkdirSync(page);
  writeFileSync(join(page, 'index.html'), KIOSK_PAGE);
  const built = await buildRelease({
    outDir: join(temp.path, 'out'),
    kioskUiDir: page,
    monitorUiDir: page,
    compression: 'fast',
  });
  if (!built.ok) throw new Error(built.error);
  release = built.value;
  port = await freePort();
  const bin = join(temp.path, 'bin');
  mkdirSync(bin);
  systemctl = fakeSystemctl(bin, root);
}, 120_000);

afterAll(() => {
  if (systemctl) spawnSync(systemctl, ['stop', 'bianmin-agent.service']);
  if (centreSystemctl) spawnSync(centreSystemctl, ['stop', 'bianmin-centre.service']);
  temp?.remove();
}, 120_000);

describe('a release', () => {
  it('is a Debian package holding the release, its install scripts and its native modules', () => {
    const info = spawnSync('dpkg-deb', ['--info', release.deb], { encoding: 'utf8' });
    expect(info.stdout).toContain('Package: bianmin-kiosk');
    expect(info.stdout).toMatch(/postinst/);
    expect(spawnSync('dpkg-deb', ['-x', release.deb, root]).status).toBe(0);
    const staged = join(root, 'usr/lib/bianmin-kiosk/release');
    for (const file of [
      'RELEASE.json',
      'install.sh',
      'lib/agent.mjs',
      'lib/centre.mjs',
      'kiosk-ui/build/index.html',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'packaging/systemd/bianmin-agent.service',
      'packaging/systemd/bianmin-centre.service',
      'packaging/centre.env',
      'packaging/kiosk/session.sh',
      'packaging/kiosk/chromium-render.flags',
    ]) {
      expect(existsSync(join(staged, file)), file).toBe(true);
    }
    // The C sources of the native modules are not shipped, nor type declarations.
    expect(existsSync(join(staged, 'node_modules/better-sqlite3/deps'))).toBe(false);
    expect(existsSync(join(staged, 'node_modules/fastify/fastify.d.ts'))).toBe(false);
  });

  it('installs from the package and starts the agent from the installed files with plain node', async () => {
    const installed = run(join(root, 'usr/lib/bianmin-kiosk/release/install.sh'), []);
    expect(installed.output).toContain(`${release.version} is healthy`);
    expect(installed.status).toBe(0);
    expect(currentVersion()).toBe(`releases/${release.version}`);

    const pid = readFileSync(join(root, 'run/bianmin-agent.service.pid'), 'utf8').trim();
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    expect(commandLine.slice(1, 2)).toEqual([
      join(root, 'opt/bianmin-kiosk/current/lib/agent.mjs'),
    ]);
    expect(commandLine.join(' ')).not.toContain('tsx');

    expect((await fetch(agentUrl('/healthz'))).status).toBe(200);
    const page = await fetch(agentUrl('/'));
    expect(await page.text()).toBe(KIOSK_PAGE);
    lastTicket = await takeTicket('release-test-1');
    // The probe the units and update.sh use: the watchdog's (any answer) and the ready one.
    const probe = (...args: string[]) =>
      spawnSync('node', [join(root, 'opt/bianmin-kiosk/current/lib/health-check.mjs'), ...args], {
        env: { ...process.env, AGENT_PORT: String(port) },
      }).status;
    expect(probe()).toBe(0);
    expect(probe('--ready', '5')).toBe(0);
    expect(probe('--ready', '1', '--url', `http://127.0.0.1:${await freePort()}/healthz`)).toBe(1);
    // No resident at the terminal: update.sh's wait for one to finish ends at once.
    expect(probe('--idle', '5')).toBe(0);
    // pinyin-pro is loaded by name inside a worker's code, where the bundler cannot see it.
    expect(readFileSync(join(root, 'agent.log'), 'utf8')).not.toContain('search-initials-failed');
    // Configuration and data in their own folders, outside the release.
    expect(existsSync(join(root, 'etc/bianmin-kiosk/terminal.json'))).toBe(true);
    expect(existsSync(join(root, 'var/lib/bianmin-kiosk/agent/terminal.sqlite'))).toBe(true);
    // The centre's unit comes with the release but a terminal does not run it.
    expect(existsSync(join(root, 'etc/systemd/system/bianmin-centre.service'))).toBe(true);
    const calls = readFileSync(join(root, 'systemctl.log'), 'utf8');
    expect(calls).toContain('enable bianmin-agent.service');
    expect(calls).not.toMatch(/(enable|start) bianmin-centre\.service/);
    expect(existsSync(join(root, 'run/bianmin-centre.service.pid'))).toBe(false);
    expect(existsSync(join(root, 'etc/bianmin-kiosk/centre.env'))).toBe(false);
  });

  it('installs units that systemd-analyze verify accepts, the agent and the centre hardened', () => {
    // verify looks for each command, and the units these depend on, under the root it is
    // given: stand-ins for the commands, and this machine's own system units.
    mkdirSync(join(root, 'usr/bin'), { recursive: true });
    for (const program of ['node', 'systemctl', 'xinit', 'Xorg']) {
      writeFileSync(join(root, 'usr/bin', program), '#!/bin/sh\n', { mode: 0o755 });
    }
    cpSync('/usr/lib/systemd/system', join(root, 'usr/lib/systemd/system'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    const units = [
      'bianmin-agent.service',
      'bianmin-agent-watchdog.service',
      'bianmin-agent-watchdog.timer',
      'bianmin-agent-restart.service',
      'bianmin-kiosk-session.service',
      'bianmin-centre.service',
    ];
    const verify = spawnSync(
      'systemd-analyze',
      ['verify', `--root=${root}`, '--man=no', ...units.map((u) => `/etc/systemd/system/${u}`)],
      { encoding: 'utf8' },
    );
    expect(verify.stderr).toBe('');
    expect(verify.status).toBe(0);
    // The agent's and the centre's hardening as systemd rates it (2.2 and 1.4 of 10 when
    // written); above 3 fails.
    for (const unit of ['bianmin-agent.service', 'bianmin-centre.service']) {
      const security = spawnSync(
        'systemd-analyze',
        [
          'security',
          '--offline=yes',
          `--root=${root}`,
          '--threshold=30',
          '--no-pager',
          `/etc/systemd/system/${unit}`,
        ],
        { encoding: 'utf8' },
      );
      expect(security.stdout).toContain(`Overall exposure level for ${unit}`);
      expect(security.status, security.stdout.split('\n').at(-2)).toBe(0);
    }
  });

  it('sets up a centre machine with install.sh --centre: the centre runs, no agent, no screen', async () => {
    const centreRoot = join(temp.path, 'centre-root');
    expect(spawnSync('dpkg-deb', ['-x', release.deb, centreRoot]).status).toBe(0);
    const bin = join(temp.path, 'centre-bin');
    mkdirSync(bin);
    centreSystemctl = fakeSystemctl(bin, centreRoot);
    const centrePort = await freePort();
    const machine: Machine = {
      root: centreRoot,
      systemctl: centreSystemctl,
      port: centrePort,
      env: { CENTRAL_PORT: String(centrePort) },
    };
    const installed = run(
      join(centreRoot, 'usr/lib/bianmin-kiosk/release/install.sh'),
      ['--centre'],
      machine,
    );
    expect(installed.output).toContain(`${release.version} is healthy`);
    expect(installed.status).toBe(0);
    const health = await fetch(`http://127.0.0.1:${centrePort}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    // The unit's start probe: the centre's port from CENTRAL_PORT, as the centre reads it.
    const probe = spawnSync(
      'node',
      [
        join(centreRoot, 'opt/bianmin-kiosk/current/lib/health-check.mjs'),
        '--centre',
        '--ready',
        '5',
      ],
      {
        env: {
          ...process.env,
          CENTRAL_PORT: String(centrePort),
          AGENT_PORT: String(await freePort()),
        },
      },
    );
    expect(probe.status).toBe(0);
    expect(existsSync(join(centreRoot, 'var/lib/bianmin-centre/central.sqlite'))).toBe(true);
    expect(statSync(join(centreRoot, 'etc/bianmin-kiosk/centre.env')).mode & 0o777).toBe(0o640);
    const calls = readFileSync(join(centreRoot, 'systemctl.log'), 'utf8');
    expect(calls).toContain('enable bianmin-centre.service');
    expect(calls).not.toMatch(/^enable bianmin-(agent|kiosk-session)\.service$/m);
    expect(existsSync(join(centreRoot, 'run/bianmin-agent.service.pid'))).toBe(false);

    // Run again as the package's postinst does, without --centre: it stays a centre, updated
    // with the health check on the centre.
    const again = run(join(centreRoot, 'usr/lib/bianmin-kiosk/release/install.sh'), [], machine);
    expect(again.output).toContain('restarting bianmin-centre.service');
    expect(again.status).toBe(0);
    expect(readFileSync(join(centreRoot, 'systemctl.log'), 'utf8')).not.toMatch(
      /^enable bianmin-agent\.service$/m,
    );
    spawnSync(centreSystemctl, ['stop', 'bianmin-centre.service']);
  }, 90_000);

  it('updates to a healthy release, keeping the tickets and the outbox', async () => {
    // A resident is at the terminal: the update waits for them (here 2 s), then goes ahead.
    const started = await fetch(agentUrl('/api/v1/session/start'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(started.status).toBe(204);
    const updated = run(join(root, 'opt/bianmin-kiosk/current/update.sh'), [
      variant('0.1.1-test', 'tarball'),
      '--idle-seconds',
      '2',
    ]);
    expect(updated.output).toContain('a resident is using the terminal: waiting up to 2 s');
    expect(updated.output).toContain('updating all the same');
    expect(updated.output).toContain('0.1.1-test is healthy');
    expect(updated.status).toBe(0);
    expect(currentVersion()).toBe('releases/0.1.1-test');
    // Unpacked from a tarball, the release is the agent's user's to read, as an installed one.
    const releases = join(root, 'opt/bianmin-kiosk/releases');
    expect(statSync(join(releases, '0.1.1-test')).mode & 0o777).toBe(0o755);
    // The same day's numbering goes on: the database was kept, not created anew.
    const ticket = await takeTicket('release-test-2');
    expect(ticket).toBe(nextNumber(lastTicket));
    lastTicket = ticket;
  });

  it('rolls back an update whose agent does not come up healthy', async () => {
    const updated = run(join(root, 'opt/bianmin-kiosk/current/update.sh'), [
      variant('0.1.2-broken', 'broken-folder'),
    ]);
    expect(updated.output).toContain('rolling back to 0.1.1-test');
    expect(updated.status).not.toBe(0);
    expect(currentVersion()).toBe('releases/0.1.1-test');
    expect((await fetch(agentUrl('/healthz'))).status).toBe(200);
    expect(await takeTicket('release-test-3')).toBe(nextNumber(lastTicket));
    // Kept for inspection beside the others.
    expect(existsSync(join(root, 'opt/bianmin-kiosk/releases/0.1.2-broken'))).toBe(true);
  });

  it('refuses a truncated tarball and leaves nothing of it behind', () => {
    const whole = readFileSync(variant('0.1.3-test', 'tarball'));
    const truncated = join(tmpdir(), `bianmin-truncated-${process.pid}.tar.gz`);
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const updated = run(join(root, 'opt/bianmin-kiosk/current/update.sh'), [truncated]);
    expect(updated.status).not.toBe(0);
    expect(updated.output).toContain('cannot unpack');
    expect(currentVersion()).toBe('releases/0.1.1-test');
    const releases = join(root, 'opt/bianmin-kiosk/releases');
    expect(readdirSync(releases).filter((name) => name.startsWith('.incoming'))).toEqual([]);
  });
});
