import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCommunityFiles } from './communities-files.js';

const community = (code: string, name: string) => ({ code, name, kind: 'urban' });

describe('loading the communities files of a folder', () => {
  it('joins every communities*.json and names a code listed twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bianmin-communities-'));
    try {
      expect(loadCommunityFiles(dir)).toEqual({ ok: true, value: { communities: [] } });
      const write = (name: string, list: unknown[]) =>
        writeFileSync(join(dir, name), JSON.stringify({ communities: list }));
      write('communities-1408.json', [community('140821100001', '城关社区居民委员会')]);
      write('communities-1409.json', [community('140902001001', '长征街社区居民委员会')]);
      const joined = loadCommunityFiles(dir);
      expect(joined.ok && joined.value.communities.map((c) => c.code)).toEqual([
        '140821100001',
        '140902001001',
      ]);
      write('communities-copy.json', [community('140902001001', '长征街社区居民委员会')]);
      const twice = loadCommunityFiles(dir);
      expect(twice.ok || twice.error[0]?.expected).toContain('communities-1409.json already lists');
      expect(twice.ok || twice.error[0]).toMatchObject({
        file: join(dir, 'communities-copy.json'),
        line: 1,
        path: 'communities[0].code',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
