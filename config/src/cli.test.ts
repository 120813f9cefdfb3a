import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultData } from './test-support.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'bianmin-config-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(...args: string[]) {
  const { BIANMIN_CONFIG_DIR: _, ...env } = process.env;
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'config/src/cli.ts', ...args], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('config:check', () => {
  it('passes the six default files', () => {
    const run = check();
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      'ok  config/defaults/terminal.json',
      'ok  config/defaults/devices.json',
      'ok  config/defaults/services.json',
      'ok  config/defaults/regions.json',
      'ok  config/defaults/communities.json',
      'ok  config/defaults/technicians.json',
    ]);
  });

  it('fails on a bad file and prints its path and the problems', () => {
    const terminal = defaultData('terminal');
    terminal.community.code = '12345';
    const path = join(dir, 'terminal.json');
    writeFileSync(path, JSON.stringify(terminal, null, 2));
    const run = check(path, 'config/defaults/devices.json');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('ok  config/defaults/devices.json');
    expect(run.stdout).toContain(
      `${path}:6:5 community.code\n  found: "12345"\n  expected: a 12-digit`,
    );
    expect(run.stdout).toContain('1 problem in 1 file');
  });

  it('uses --kind for a file whose name does not say its kind', () => {
    const path = join(dir, 'reader.json');
    writeFileSync(path, JSON.stringify({ ...defaultData('devices'), profile: 'production' }));
    const run = check('--kind', 'devices', path);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(`${path}:1:`);
    expect(run.stdout).toContain(' idCardReader.transport\n');
  });

  it('reports a file nested thousands of levels deep without a stack trace', () => {
    const path = join(dir, 'terminal-deep.json');
    writeFileSync(path, '['.repeat(8000) + ']'.repeat(8000));
    const run = check(path);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`${path}:1:65 (file)\n  found: more than 64 levels`);
    expect(run.stderr).not.toMatch(/RangeError|at .*\.ts:\d+/);
  });

  it('exits 2 on a usage error', () => {
    expect(check('--kind', 'printer').status).toBe(2);
    expect(check('--verbose').status).toBe(2);
    const unnamed = check(join(dir, 'reader.json'));
    expect(unnamed.status).toBe(2);
    expect(unnamed.stderr).toContain('--kind');
  });
});

describe('config:check with BIANMIN_CONFIG_DIR', () => {
  it('checks that folder and skips a missing regions.json', () => {
    const own = mkdtempSync(join(tmpdir(), 'bianmin-config-dir-'));
    try {
      for (const kind of ['terminal', 'devices', 'services'] as const) {
        writeFileSync(join(own, `${kind}.json`), JSON.stringify(defaultData(kind)));
      }
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'config/src/cli.ts'], {
        cwd: repoRoot,
        env: { ...process.env, BIANMIN_CONFIG_DIR: own },
        encoding: 'utf8',
      });
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`ok  ${join(own, 'terminal.json')}`);
      expect(run.stdout).toContain(`skip ${join(own, 'regions.json')}`);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});

describe('config:check and technicians.json', () => {
  it('skips a terminal folder without it (technician mode off) and names a plain PIN', () => {
    const own = mkdtempSync(join(tmpdir(), 'bianmin-technicians-'));
    try {
      for (const kind of ['terminal', 'devices', 'services'] as const) {
        writeFileSync(join(own, `${kind}.json`), JSON.stringify(defaultData(kind)));
      }
      const env = { ...process.env, BIANMIN_CONFIG_DIR: own };
      const run = () =>
        spawnSync(process.execPath, ['--import', 'tsx', 'config/src/cli.ts'], {
          cwd: repoRoot,
          env,
          encoding: 'utf8',
        });
      const without = run();
      expect(without.status).toBe(0);
      expect(without.stdout).toContain('technician mode is off');
      const technicians = defaultData('technicians');
      technicians.accounts[0].pinHash = '246810';
      writeFileSync(join(own, 'technicians.json'), JSON.stringify(technicians, null, 2));
      const plain = run();
      expect(plain.status).toBe(1);
      expect(plain.stdout).toContain('accounts[0].pinHash');
      expect(plain.stdout).toContain('npm run technician:pin');
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});

describe('config:check of a folder, across its files', () => {
  function checkFolder(own: string) {
    return spawnSync(process.execPath, ['--import', 'tsx', 'config/src/cli.ts'], {
      cwd: repoRoot,
      env: { ...process.env, BIANMIN_CONFIG_DIR: own },
      encoding: 'utf8',
    });
  }

  it('names a keypad counter that services.json does not list, at its line', () => {
    const own = mkdtempSync(join(tmpdir(), 'bianmin-counters-'));
    try {
      for (const kind of ['terminal', 'services'] as const) {
        writeFileSync(join(own, `${kind}.json`), JSON.stringify(defaultData(kind)));
      }
      const devices = defaultData('devices');
      devices.counterCallers.keypads[2].counter = 13;
      const text = JSON.stringify(devices, null, 2);
      writeFileSync(join(own, 'devices.json'), text);
      const line = text.split('\n').findIndex((l) => l.includes('"counter": 13')) + 1;
      const run = checkFolder(own);
      expect(run.status).toBe(1);
      expect(run.stdout).not.toContain(`ok  ${join(own, 'devices.json')}`);
      expect(run.stdout).toContain(
        `${join(own, 'devices.json')}:${line}:9 counterCallers.keypads[2].counter\n  found: 13\n  expected: the number of a counter in services.json "counters" (it lists 1, 2, 3)`,
      );
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('checks split communities-*.json files and a code listed in two of them', () => {
    const own = mkdtempSync(join(tmpdir(), 'bianmin-split-'));
    try {
      for (const kind of ['terminal', 'devices', 'services'] as const) {
        writeFileSync(join(own, `${kind}.json`), JSON.stringify(defaultData(kind)));
      }
      const community = { code: '140902001001', name: '长征街社区居民委员会', kind: 'urban' };
      const write = (name: string, list: unknown[]) =>
        writeFileSync(join(own, name), JSON.stringify({ communities: list }, null, 2));
      write('communities-1409.json', [community]);
      expect(checkFolder(own).stdout).toContain(`ok  ${join(own, 'communities-1409.json')}`);
      write('communities-1408.json', [{ ...community, kind: 'city' }]);
      write('communities-copy.json', [community]);
      const run = checkFolder(own);
      expect(run.status).toBe(1);
      expect(run.stdout).not.toContain('communities.json (not present');
      expect(run.stdout).toContain(`${join(own, 'communities-1408.json')}:6:7 communities[0].kind`);
      expect(run.stdout).toContain(
        `${join(own, 'communities-copy.json')}:4:7 communities[0].code\n  found: "140902001001"\n  expected: a code listed in one file only; ${join(own, 'communities-1409.json')} already lists`,
      );
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
