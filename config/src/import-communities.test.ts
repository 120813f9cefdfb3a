import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCommunitiesCsv, kindFromName } from './import-communities.js';
import { validateConfig } from './validate.js';

describe('importing communities from CSV', () => {
  it('reads codes and names, infers the kind from the name and keeps existing hours', () => {
    const csv = [
      '\uFEFF统计用区划代码,名称,街道',
      '140902001001,长征街社区居民委员会,长征街街道',
      '140902100201,东街村民委员会,秀容镇',
      '',
    ].join('\r\n');
    const hours = [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '24:00' }];
    const existing = {
      communities: [
        { code: '140902001001', name: '旧名', kind: 'urban' as const, serviceHours: hours },
      ],
    };
    const result = importCommunitiesCsv(csv, 'list.csv', existing);
    expect(result).toEqual({
      ok: true,
      value: {
        communities: [
          {
            code: '140902001001',
            name: '长征街社区居民委员会',
            kind: 'urban',
            street: '长征街街道',
            serviceHours: hours,
          },
          { code: '140902100201', name: '东街村民委员会', kind: 'rural', street: '秀容镇' },
        ],
      },
    });
  });

  it('points at the CSV line of each bad row and writes nothing', () => {
    const csv = [
      'code,name,kind',
      '140902001001,长征街社区居民委员会,urban',
      '14090200100,新建路社区居民委员会,',
      '140902001003,七一路,',
      '140902001001,和平社区居民委员会,城市',
    ].join('\n');
    const result = importCommunitiesCsv(csv, 'list.csv', undefined);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map((p) => [p.line, p.path])).toEqual([
      [3, 'code'],
      [4, 'kind'],
      [5, 'code'],
    ]);
    expect(result.error[1]?.expected).toContain('七一路');
  });

  it('asks for a header naming the code and name columns', () => {
    const result = importCommunitiesCsv('140902001001,长征街社区居民委员会\n', 'l.csv', undefined);
    expect(result.ok || result.error[0]?.path).toBe('(header)');
  });

  it('tells resident committees from village committees', () => {
    expect(kindFromName('城关社区居民委员会')).toBe('urban');
    expect(kindFromName('北街村民委员会')).toBe('rural');
    expect(kindFromName('城关')).toBeUndefined();
  });
});

describe('npm run config:import-communities', () => {
  const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
  const run = (...args: string[]) =>
    spawnSync(
      process.execPath,
      ['--import', 'tsx', 'config/src/import-communities-cli.ts', ...args],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );

  it('writes a file config:check accepts, and writes nothing for a bad CSV', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bianmin-import-'));
    try {
      const out = join(dir, 'communities.json');
      writeFileSync(join(dir, 'good.csv'), 'code,name\n140821100001,城关社区居民委员会\n');
      writeFileSync(join(dir, 'bad.csv'), 'code,name\n1408211,城关社区居民委员会\n');
      const good = run(join(dir, 'good.csv'), '--out', out);
      expect(good.status).toBe(0);
      expect(good.stdout).toContain('1 communities (1 urban, 0 rural)');
      expect(validateConfig('communities', JSON.parse(readFileSync(out, 'utf8'))).ok).toBe(true);
      const bad = run(join(dir, 'bad.csv'), '--out', join(dir, 'other.json'));
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('bad.csv:2:1 code');
      expect(existsSync(join(dir, 'other.json'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run config:import-communities refusing to write', () => {
  const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
  const run = (...args: string[]) =>
    spawnSync(
      process.execPath,
      ['--import', 'tsx', 'config/src/import-communities-cli.ts', ...args],
      { cwd: repoRoot, encoding: 'utf8' },
    );

  it('explains an --out folder that does not exist, without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bianmin-import-'));
    try {
      writeFileSync(join(dir, 'good.csv'), 'code,name\n140821100001,城关社区居民委员会\n');
      const missing = join(dir, 'no-such-folder');
      const result = run(join(dir, 'good.csv'), '--out', join(missing, 'communities.json'));
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`the folder ${missing} does not exist`);
      expect(result.stderr).not.toMatch(/ENOENT:|\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a list larger than a configuration file may be and suggests a file per city', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bianmin-import-'));
    try {
      const rows = Array.from({ length: 12_000 }, (_, i) => {
        const street = String(Math.floor(i / 900) + 1).padStart(3, '0');
        const community = String((i % 900) + 1).padStart(3, '0');
        return `140902${street}${community},第${i + 1}社区居民委员会`;
      });
      writeFileSync(join(dir, 'province.csv'), ['code,name', ...rows, ''].join('\n'));
      const out = join(dir, 'communities.json');
      const result = run(join(dir, 'province.csv'), '--out', out);
      expect(result.stderr).toContain('more than the 1048576 bytes (1 MiB)');
      expect(result.stderr).toContain('--out communities-<city>.json');
      expect(result.status).toBe(1);
      expect(existsSync(out)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
