import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { defaultData } from './test-support.js';
import { writeConfigFile } from './write-config.js';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir('write-config');
});
afterEach(() => dir.remove());

describe('writing a configuration file whole or not at all', () => {
  it('replaces the file and keeps its permissions', () => {
    const path = join(dir.path, 'services.json');
    writeFileSync(path, '{}');
    chmodSync(path, 0o640);
    expect(writeConfigFile('services', path, defaultData('services'))).toEqual({
      ok: true,
      value: undefined,
    });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(defaultData('services'));
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir.path)).toEqual(['services.json']);
  });

  it('leaves the old file alone when the result would be invalid, naming the file', () => {
    const path = join(dir.path, 'services.json');
    writeFileSync(path, '{"old": true}');
    const written = writeConfigFile('services', path, { categories: [] });
    expect(written.ok || written.error.kind).toBe('invalid');
    expect(written.ok || written.error.message).toContain(`${path}:`);
    expect(readFileSync(path, 'utf8')).toBe('{"old": true}');
    expect(readdirSync(dir.path)).toEqual(['services.json']);
  });

  it('refuses a file over the size limit the readers enforce', () => {
    const path = join(dir.path, 'communities.json');
    const communities = Array.from({ length: 12_000 }, (_, i) => ({
      code: `140902${String(i).padStart(6, '0')}`,
      name: `第${i}社区居民委员会`,
      kind: 'urban',
    }));
    const written = writeConfigFile('communities', path, { communities });
    expect(written.ok || written.error.kind).toBe('too-big');
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('turns a file-system error into a message', () => {
    const missing = join(dir.path, 'no-such-folder', 'services.json');
    const written = writeConfigFile('services', missing, defaultData('services'));
    expect(written).toEqual({
      ok: false,
      error: {
        kind: 'unwritable',
        message: expect.stringContaining(
          `the folder ${join(dir.path, 'no-such-folder')} does not exist`,
        ),
      },
    });
    mkdirSync(join(dir.path, 'services.json'));
    const folder = writeConfigFile('services', join(dir.path, 'services.json'), {
      ...defaultData('services'),
    });
    expect(folder.ok || folder.error.message).toContain('Nothing written');
  });
});
