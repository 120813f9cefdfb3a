import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { DEFAULT_CONFIG_DIR } from '@bianmin/config';
import { devicesFile } from './devices-file.js';

const dirs: TempDir[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

/** A configuration folder with the default devices.json. */
function folder() {
  const dir = makeTempDir('devices-file');
  dirs.push(dir);
  const path = join(dir.path, 'devices.json');
  copyFileSync(join(DEFAULT_CONFIG_DIR, 'devices.json'), path);
  return { file: devicesFile(dir.path), path };
}

describe('devices.json as the setup screen changes it', () => {
  it('answers a file that is valid JSON but no object with what is wrong, and writes nothing', () => {
    const { file, path } = folder();
    for (const text of ['null', '[]', '"devices"']) {
      writeFileSync(path, text);
      const saved = file.save('printer', { transport: 'simulator' });
      expect(saved).toEqual({ ok: false, error: expect.stringContaining('devices.json') });
      expect(readFileSync(path, 'utf8')).toBe(text);
      expect(file.canUndo()).toBe(false);
    }
  });
});
