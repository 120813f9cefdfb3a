import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { DEFAULT_CONFIG_DIR } from '@bianmin/config';
import { devicesFile } from './devices-file.js';

/**
 * A disk that fills up while this module writes: each write or copy puts half its bytes in the
 * file, then fails as a full disk does (ENOSPC), leaving what it wrote.
 */
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const noSpace = () =>
    Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  return {
    ...fs,
    copyFileSync(from: string, to: string) {
      if (!disk.full) return fs.copyFileSync(from, to);
      const bytes = fs.readFileSync(from);
      fs.writeFileSync(to, bytes.subarray(0, bytes.length / 2));
      throw noSpace();
    },
    writeSync(fd: number, text: string) {
      if (!disk.full) return fs.writeSync(fd, text);
      fs.writeSync(fd, text.slice(0, text.length / 2));
      throw noSpace();
    },
  };
});

const dirs: TempDir[] = [];
afterEach(() => {
  disk.full = false;
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

  it('leaves devices.json and the copy undo puts back whole when the disk fills while saving', () => {
    const { file, path } = folder();
    const original = readFileSync(path, 'utf8');
    expect(file.save('printer', { transport: 'simulator' }).ok).toBe(true);
    const saved = readFileSync(path, 'utf8');
    expect(readFileSync(`${path}.previous`, 'utf8')).toBe(original);

    disk.full = true;
    const refused = file.save('scanner', { transport: 'simulator' });
    expect(refused).toEqual({ ok: false, error: expect.stringContaining('写不进去') });
    disk.full = false;
    expect(readFileSync(path, 'utf8')).toBe(saved);
    expect(readFileSync(`${path}.previous`, 'utf8')).toBe(original);
    expect(file.undo().ok).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(original);
  });
});
