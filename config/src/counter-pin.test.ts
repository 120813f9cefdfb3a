import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '@bianmin/common/testing';
import { DEFAULT_CONFIG_DIR } from './config-dir.js';
import { hashCounterPin, isTrivialPin, verifyCounterPin } from './counter-pin.js';
import { writeCounterPin } from './counter-pin-file.js';
import { loadConfigFile } from './load.js';
import { byPath, defaultData } from './test-support.js';
import { validateConfig } from './validate.js';

describe('counter PINs', () => {
  it('keeps a salted hash that verifies the PIN and nothing else', async () => {
    const [one, two] = [await hashCounterPin('4821'), await hashCounterPin('4821')];
    expect(one).not.toBe(two);
    expect(one).not.toContain('4821');
    expect(await verifyCounterPin('4821', one)).toBe(true);
    expect(await verifyCounterPin('4822', one)).toBe(false);
    expect(await verifyCounterPin('4821', 'plain:4821')).toBe(false);
  });

  it('knows the PINs anyone would try first', () => {
    for (const pin of ['1111', '0000', '1234', '3456789', '9876', '43210']) {
      expect(isTrivialPin(pin)).toBe(true);
    }
    for (const pin of ['4821', '1235', '1212', '90123']) expect(isTrivialPin(pin)).toBe(false);
  });

  it('refuses a pinHash in services.json that is not such a hash', () => {
    const data = defaultData('services');
    data.counters[0].pinHash = '1111';
    const result = validateConfig('services', data, 'services.json');
    if (result.ok) throw new Error('expected a problem');
    expect(byPath(result.error, 'counters[0].pinHash')?.expected).toContain('npm run counter:pin');
  });

  it('writes a new PIN into the counter of services.json, and refuses a bad one', async () => {
    const dir = makeTempDir('counter-pin');
    try {
      const path = join(dir.path, 'services.json');
      copyFileSync(join(DEFAULT_CONFIG_DIR, 'services.json'), path);
      expect(await writeCounterPin(path, 2, '12')).toMatchObject({ ok: false });
      expect(await writeCounterPin(path, 2, '5555')).toMatchObject({ ok: false });
      expect(await writeCounterPin(path, 9, '4821')).toMatchObject({ ok: false });
      expect(await writeCounterPin(path, 2, '482196')).toEqual({ ok: true, value: undefined });
      const loaded = loadConfigFile('services', path);
      if (!loaded.ok) throw new Error('the written file must validate');
      const [one, two] = loaded.value.counters;
      expect(await verifyCounterPin('482196', two!.pinHash!)).toBe(true);
      expect(await verifyCounterPin('1111', one!.pinHash!)).toBe(true);
      expect(readFileSync(path, 'utf8')).not.toContain('482196');
    } finally {
      dir.remove();
    }
  });

  it('rewrites a services.json saved with a byte-order mark', async () => {
    const dir = makeTempDir('counter-pin-bom');
    try {
      const path = join(dir.path, 'services.json');
      const text = readFileSync(join(DEFAULT_CONFIG_DIR, 'services.json'), 'utf8');
      writeFileSync(path, `\uFEFF${text}`);
      expect(await writeCounterPin(path, 3, '482196')).toEqual({ ok: true, value: undefined });
      const loaded = loadConfigFile('services', path);
      if (!loaded.ok) throw new Error('the written file must validate');
      expect(await verifyCounterPin('482196', loaded.value.counters[2]!.pinHash!)).toBe(true);
    } finally {
      dir.remove();
    }
  });

  it('says why it cannot write, and writes nothing', async () => {
    const dir = makeTempDir('counter-pin-unwritable');
    try {
      const path = join(dir.path, 'services.json');
      copyFileSync(join(DEFAULT_CONFIG_DIR, 'services.json'), path);
      // The temporary file's name taken by a folder: the write fails as a full disk would.
      mkdirSync(`${path}.${process.pid}.tmp`);
      const written = await writeCounterPin(path, 2, '482196');
      expect(written.ok || written.error).toMatch(/^Nothing written: cannot write /);
      expect(readFileSync(path, 'utf8')).toBe(
        readFileSync(join(DEFAULT_CONFIG_DIR, 'services.json'), 'utf8'),
      );
    } finally {
      dir.remove();
    }
  });
});
