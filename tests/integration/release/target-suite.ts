/**
 * A release for another target than this machine's (scripts/release/targets.ts), as a
 * terminal and a centre machine get it: built with `--arch`/`--node`, installed from its
 * Debian package into a temporary root with its install.sh, and run from the installed files
 * by that target's Node.js from the npm registry: directly for this processor, under QEMU
 * user-mode emulation for another (docs/deploy.md, "Building a release"). The units and
 * scripts are the same files for every target; release.test.ts checks them and updates.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../scripts/stack.js';
import { buildRelease, type BuiltRelease } from '../../../scripts/release/build.js';
import { nativeAddons } from '../../../scripts/release/native-addons.js';
import {
  PROCESSORS,
  registrySqlite,
  type ReleaseTarget,
} from '../../../scripts/release/targets.js';
import {
  fakeSystemctl,
  freePort,
  runScript,
  takeTicket,
  type Machine,
} from './installed-machine.js';

/** Where Debian puts it (scripts/ensure-system-deps.sh installs it). */
const SOCAT = '/usr/bin/socat';
const KIOSK_PAGE = '<!doctype html><title>stand-in kiosk page</title>';
/** How long a release of this target has to build: a first build compiles SQLite (minutes). */
const BUILD_TIMEOUT_MS = 900_000;

const emulated = (target: ReleaseTarget) => target.arch !== process.arch;

/** How the target's Node.js runs here: itself, or under the emulator with the cross C libraries. */
function nodeCommand(release: BuiltRelease): string[] {
  const binary = release.node?.binary ?? process.execPath;
  if (!emulated(release.target)) return [binary];
  const { qemu, gnu } = PROCESSORS[release.target.arch];
  return [qemu, '-L', `/usr/${gnu}`, binary];
}

const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/** The end of a service's log, to show beside a failed start. */
function logTail(machine: Machine, service: 'agent' | 'centre'): string {
  const file = join(machine.root, `${service}.log`);
  return existsSync(file) ? readFileSync(file, 'utf8').slice(-3000) : `no ${service}.log`;
}

export interface TargetSuiteOptions {
  /** How long install.sh waits for the agent or the centre to answer healthy. */
  healthSeconds: number;
  /** Per test (an emulated start takes many times longer). */
  timeoutMs: number;
  /** Why the agent and the centre cannot run under this target's Node.js: their start tests are skipped, saying so. */
  startFault?: string;
  /**
   * How long the started agent and centre keep answering requests before the test checks
   * they still run: time for the garbage collector to free statements (docs/deploy.md,
   * "Node.js 24"). 0: none.
   */
  soakSeconds?: number;
}

export function describeTarget(target: ReleaseTarget, options: TargetSuiteOptions): void {
  const { arch, nodeMajor } = target;
  const how = emulated(target)
    ? `run under ${PROCESSORS[arch].qemu} (user-mode emulation, the cross C libraries)`
    : 'run natively';
  describe(`a release for linux-${arch}, Node ${nodeMajor}, built on linux-${process.arch} with Node ${process.versions.node.split('.')[0]}, ${how}`, () => {
    let temp: TempDir;
    let release: BuiltRelease;
    /** A folder whose `node` is the target's Node.js; first on PATH for the scripts and units. */
    let nodeBin: string;
    const stops: (() => void)[] = [];

    const machineEnv = (env: Record<string, string>) => ({
      ...env,
      PATH: `${nodeBin}:${process.env.PATH ?? ''}`,
    });
    const targetNode = (args: string[], cwd: string, env: Record<string, string> = {}) =>
      spawnSync(join(nodeBin, 'node'), args, {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });

    /** A machine in its own folder, its package's files unpacked as dpkg would. */
    async function machine(name: string, portVariable: string): Promise<Machine> {
      const root = join(temp.path, name);
      expect(spawnSync('dpkg-deb', ['-x', release.deb, root]).status).toBe(0);
      const bin = join(temp.path, `${name}-bin`);
      mkdirSync(bin);
      const systemctl = fakeSystemctl(bin, root);
      stops.push(() => {
        spawnSync(systemctl, ['stop', 'bianmin-agent.service']);
        spawnSync(systemctl, ['stop', 'bianmin-centre.service']);
      });
      const port = await freePort();
      return {
        root,
        systemctl,
        port,
        env: machineEnv({ [portVariable]: String(port) }),
        healthSeconds: options.healthSeconds,
      };
    }

    beforeAll(async () => {
      temp = makeTempDir(`release-${arch}-node${nodeMajor}`);
      const page = join(temp.path, 'page');
      mkdirSync(page);
      writeFileSync(join(page, 'index.html'), KIOSK_PAGE);
      const built = await buildRelease({
        outDir: join(temp.path, 'out'),
        kioskUiDir: page,
        monitorUiDir: page,
        compression: 'fast',
        target,
      });
      if (!built.ok) throw new Error(built.error);
      release = built.value;
      nodeBin = join(temp.path, 'node-bin');
      mkdirSync(nodeBin);
      writeFileSync(
        join(nodeBin, 'node'),
        `#!/bin/sh\nexec ${nodeCommand(release).map(quote).join(' ')} "$@"\n`,
        { mode: 0o755 },
      );
    }, BUILD_TIMEOUT_MS);

    afterAll(() => {
      for (const stop of stops) stop();
      temp?.remove();
    }, 60_000);

    it(`is a ${PROCESSORS[arch].debian} package for Node ${nodeMajor}, every native addon in it for ${arch}`, () => {
      const field = (name: string) =>
        spawnSync('dpkg-deb', ['--field', release.deb, name], { encoding: 'utf8' }).stdout.trim();
      expect(field('Architecture')).toBe(PROCESSORS[arch].debian);
      expect(field('Depends')).toContain(`nodejs (>= ${nodeMajor}), nodejs (<< ${nodeMajor + 1})`);
      const facts = JSON.parse(readFileSync(join(release.dir, 'RELEASE.json'), 'utf8')) as Record<
        string,
        string
      >;
      const repositorySqlite = JSON.parse(
        readFileSync(join(REPO_ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8'),
      ) as { version: string };
      expect(facts).toMatchObject({
        arch,
        nodeMajor: String(nodeMajor),
        betterSqlite3: registrySqlite(target)?.version ?? repositorySqlite.version,
      });
      const shipped = JSON.parse(
        readFileSync(join(release.dir, 'node_modules/better-sqlite3/package.json'), 'utf8'),
      ) as { version: string };
      expect(shipped.version).toBe(facts.betterSqlite3);
      // The ABI the target's Node.js itself reports, not the one the build ran with.
      expect(targetNode(['-p', 'process.versions.modules'], temp.path).stdout.trim()).toBe(
        facts.nodeAbi,
      );
      const addons = nativeAddons(release.dir);
      expect(addons.every((addon) => addon.arch === arch)).toBe(true);
      const paths = addons.map((addon) => addon.path);
      expect(paths).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
      expect(paths.some((p) => p.includes(`bindings-cpp/prebuilds/linux-${arch}/`))).toBe(true);
      expect(paths.some((p) => p.includes(`node-hid/prebuilds/HID_hidraw-linux-${arch}/`))).toBe(
        true,
      );
    });

    /** Requests until soakSeconds have passed; then the service must still be the same process. */
    async function soak(port: number, pidFile: string, request: (round: number) => Promise<void>) {
      const pid = readFileSync(pidFile, 'utf8').trim();
      const until = performance.now() + (options.soakSeconds ?? 0) * 1000;
      let rounds = 0;
      while (performance.now() < until) await request(rounds++);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect(readFileSync(pidFile, 'utf8').trim()).toBe(pid);
      expect(existsSync(`/proc/${pid}`)).toBe(true);
      return rounds;
    }

    const startIt = options.startFault
      ? (name: string, test: () => Promise<void>, timeout: number) =>
          it.skip(`SKIPPED (${options.startFault}): ${name}`, test, timeout)
      : it;

    startIt(
      `installs from the package; the agent starts from the installed files under Node ${nodeMajor} for ${arch}, answers /healthz, writes a ticket to SQLite, and its health check passes`,
      async () => {
        const terminal = await machine('terminal', 'AGENT_PORT');
        const installed = runScript(
          join(terminal.root, 'usr/lib/bianmin-kiosk/release/install.sh'),
          [],
          terminal,
        );
        expect(installed.output, logTail(terminal, 'agent')).toContain(
          `${release.version} is healthy`,
        );
        expect(installed.status).toBe(0);

        // The unit's process is the target's Node.js (under the emulator) on the installed agent.
        const current = join(terminal.root, 'opt/bianmin-kiosk/current');
        const pid = readFileSync(join(terminal.root, 'run/bianmin-agent.service.pid'), 'utf8');
        const commandLine = readFileSync(`/proc/${pid.trim()}/cmdline`, 'utf8').split('\0');
        expect(commandLine.slice(0, -1)).toEqual([
          ...nodeCommand(release),
          join(current, 'lib/agent.mjs'),
        ]);
        // Its SQLite addon is the installed one; node-hid is loaded only for a configured
        // HID device, and the default devices are simulators.
        const mapped = readFileSync(`/proc/${pid.trim()}/maps`, 'utf8');
        expect(mapped).toContain(
          join(
            terminal.root,
            'opt/bianmin-kiosk/releases',
            release.version,
            'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
          ),
        );
        expect(mapped).not.toContain('node-hid');

        const health = await fetch(`http://127.0.0.1:${terminal.port}/healthz`);
        expect(health.status).toBe(200);
        expect(await takeTicket(terminal.port, `release-${arch}-${nodeMajor}`)).toMatch(/\d+$/);
        expect(existsSync(join(terminal.root, 'var/lib/bianmin-kiosk/agent/terminal.sqlite'))).toBe(
          true,
        );
        const probe = targetNode(
          [join(current, 'lib/health-check.mjs'), '--ready', String(options.healthSeconds)],
          terminal.root,
          { AGENT_PORT: String(terminal.port) },
        );
        expect(probe.stdout).toContain('healthy');
        expect(probe.status).toBe(0);

        await soak(
          terminal.port,
          join(terminal.root, 'run/bianmin-agent.service.pid'),
          async (round) => {
            expect(await takeTicket(terminal.port, `soak-${arch}-${nodeMajor}-${round}`)).toMatch(
              /\d+$/,
            );
          },
        );
      },
      options.timeoutMs,
    );

    startIt(
      `sets up a centre machine with install.sh --centre; the centre starts under Node ${nodeMajor} for ${arch}, answers /healthz and keeps its SQLite database`,
      async () => {
        const centre = await machine('centre', 'CENTRAL_PORT');
        const installed = runScript(
          join(centre.root, 'usr/lib/bianmin-kiosk/release/install.sh'),
          ['--centre'],
          centre,
        );
        expect(installed.output, logTail(centre, 'centre')).toContain(
          `${release.version} is healthy`,
        );
        expect(installed.status).toBe(0);
        const health = await fetch(`http://127.0.0.1:${centre.port}/healthz`);
        expect(await health.json()).toEqual({ ok: true });
        expect(existsSync(join(centre.root, 'var/lib/bianmin-centre/central.sqlite'))).toBe(true);

        await soak(centre.port, join(centre.root, 'run/bianmin-centre.service.pid'), async () => {
          const pages = await Promise.all(
            ['/healthz', '/', '/api/v1/terminals'].map((path) =>
              fetch(`http://127.0.0.1:${centre.port}${path}`),
            ),
          );
          expect(pages.map((page) => page.status)).toEqual([200, 200, 200]);
          await Promise.all(pages.map((page) => page.arrayBuffer()));
        });
      },
      options.timeoutMs,
    );

    it(
      `exchanges bytes over a serial port (a socat pty) with the release's serialport addon under Node ${nodeMajor} for ${arch}`,
      async () => {
        const link = join(temp.path, 'serial-port');
        // An echo on the far side of a virtual port: what is written comes back.
        const socat = spawn(SOCAT, ['-d', '-d', `pty,link=${link},raw,echo=0`, 'system:cat']);
        stops.push(() => socat.kill());
        await new Promise<void>((resolve, reject) => {
          let said = '';
          socat.stderr.setEncoding('utf8');
          socat.stderr.on('data', (chunk: string) => {
            said += chunk;
            if (said.includes('starting data transfer loop')) resolve();
          });
          socat.once('exit', (code) => reject(new Error(`socat exited ${code}: ${said}`)));
        });
        const script = `
          const { SerialPort } = require('serialport');
          const port = new SerialPort({ path: process.argv[1], baudRate: 115200 });
          port.on('error', (error) => { console.error(error.message); process.exit(1); });
          let echoed = Buffer.alloc(0);
          port.on('data', (bytes) => {
            echoed = Buffer.concat([echoed, bytes]);
            if (echoed.length >= 5) { console.log('echo:' + echoed.toString('hex')); port.close(); }
          });
          port.write(Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]));
        `;
        const exchanged = targetNode(['-e', script, link], release.dir);
        expect(exchanged.stderr).toBe('');
        expect(exchanged.stdout.trim()).toBe('echo:aaaaaa9669');
        socat.kill();
      },
      options.timeoutMs,
    );

    if (emulated(target)) {
      it.skip(`SKIPPED: node-hid's ${arch} addon loading (it needs libudev and libusb for ${arch}, which the cross C libraries under /usr/${PROCESSORS[arch].gnu} lack; the agent loads node-hid only for a configured HID device)`, () => {});
    } else {
      it(`loads the release's node-hid addon (hidraw) and lists HID devices under Node ${nodeMajor}`, () => {
        const listed = targetNode(
          ['-p', "Array.isArray(require('node-hid').devices())"],
          release.dir,
        );
        expect(listed.stderr).toBe('');
        expect(listed.stdout.trim()).toBe('true');
      });
    }
  });
}
