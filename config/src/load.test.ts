import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_DIR } from './config-dir.js';
import { kindFromFileName, loadConfigFile, loadTerminalConfig } from './load.js';
import { defaultData } from './test-support.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bianmin-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

describe('loadConfigFile', () => {
  it.each(['terminal', 'devices', 'services', 'regions'] as const)(
    'loads the default %s.json',
    (kind) => {
      expect(loadConfigFile(kind, join(DEFAULT_CONFIG_DIR, `${kind}.json`)).ok).toBe(true);
    },
  );

  it('reports a missing file', () => {
    const path = join(dir, 'terminal.json');
    expect(loadConfigFile('terminal', path)).toEqual({
      ok: false,
      error: [
        {
          file: path,
          path: '(file)',
          found: 'missing',
          expected: expect.stringContaining('BIANMIN_CONFIG_DIR'),
        },
      ],
    });
  });

  it('reports a folder given instead of a file', () => {
    mkdirSync(join(dir, 'devices.json'));
    const result = loadConfigFile('devices', join(dir, 'devices.json'));
    expect(!result.ok && result.error[0]?.found).toBe('a folder');
  });

  it('gives the line and column of a JSON syntax error', () => {
    const path = write(
      'devices.json',
      '{\n  "profile": "development",\n  "printer": {"transport": "simulator"},\n}\n',
    );
    const result = loadConfigFile('devices', path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toHaveLength(1);
    expect(result.error[0]).toMatchObject({
      file: path,
      line: 4,
      column: 1,
      path: '(file)',
      found: 'invalid JSON at line 4, column 1: "}"',
    });
  });

  /** The line (from 1) on which `text` first contains `part`. */
  const lineOf = (text: string, part: string) =>
    text.split('\n').findIndex((line) => line.includes(part)) + 1;

  it('gives the line and column of every schema problem', () => {
    const text = JSON.stringify(
      { ...defaultData('terminal'), timeZone: 'Mars/Olympus' },
      null,
      2,
    ).replace('"url": "http://127.0.0.1:8080"', '"url": "ftp://centre"');
    const result = loadConfigFile('terminal', write('terminal.json', text));
    expect(
      !result.ok && result.error.map(({ line, column, path }) => [line, column, path]),
    ).toEqual([
      [lineOf(text, '"timeZone"'), 3, 'timeZone'],
      [lineOf(text, '"url"'), 5, 'centre.url'],
    ]);
  });

  it('points a missing key at the object that should hold it', () => {
    const terminal = defaultData('terminal');
    delete terminal.centre.url;
    const text = JSON.stringify(terminal, null, 2);
    const result = loadConfigFile('terminal', write('terminal.json', text));
    expect(!result.ok && result.error).toEqual([
      expect.objectContaining({
        path: 'centre.url',
        found: 'missing',
        line: lineOf(text, '"centre"'),
        column: 3,
      }),
    ]);
  });

  it('reports duplicate keys alongside schema problems', () => {
    const path = write(
      'devices.json',
      '{\n  "profile": "production",\n  "printer": {"transport": "simulator"},\n  "idCardReader": {"transport": "simulator"},\n  "printer": {"transport": "simulator"}\n}\n',
    );
    const result = loadConfigFile('devices', path);
    // The last "printer" is the one that counts, so its problem comes after idCardReader's.
    expect(!result.ok && result.error.map((p) => [p.line, p.path])).toEqual([
      [4, 'idCardReader.transport'],
      [5, 'printer'],
      [5, 'printer.transport'],
    ]);
    expect(!result.ok && result.error[1]?.found).toBe('"printer" on line 3 and again on line 5');
  });
});

describe('loadTerminalConfig', () => {
  it('loads the defaults', () => {
    const result = loadTerminalConfig(DEFAULT_CONFIG_DIR);
    expect(result.ok && result.value.terminal.community.code).toBe('140902001001');
    expect(
      result.ok && result.value.services.services.filter((s) => s.kind === 'queue'),
    ).toHaveLength(4);
  });

  it('collects the problems of all three files', () => {
    const terminal = defaultData('terminal');
    terminal.timeZone = 'Mars/Olympus';
    write('terminal.json', terminal);
    write('devices.json', '{');
    const result = loadTerminalConfig(dir);
    expect(!result.ok && result.error.map((p) => [p.file, p.path])).toEqual([
      [join(dir, 'terminal.json'), 'timeZone'],
      [join(dir, 'devices.json'), '(file)'],
      [join(dir, 'services.json'), '(file)'],
    ]);
  });
});

describe('loadTerminalConfig across devices.json and services.json', () => {
  it('names a keypad or display counter that services.json does not list, with its line', () => {
    write('terminal.json', defaultData('terminal'));
    write('services.json', defaultData('services'));
    const devices = defaultData('devices');
    devices.counterDisplays.displays[2].counter = 13;
    const text = JSON.stringify(devices, null, 2);
    write('devices.json', text);
    const result = loadTerminalConfig(dir);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('"counter": 13')) + 1;
    expect(!result.ok && result.error).toEqual([
      {
        file: join(dir, 'devices.json'),
        line,
        column: lines[line - 1]!.indexOf('"counter"') + 1,
        path: 'counterDisplays.displays[2].counter',
        found: '13',
        expected: expect.stringContaining(
          'services.json "counters" (it lists 1, 2, 3): counter 13 is not there, so this display would never show',
        ),
      },
    ]);
  });
});

describe('config locations and names', () => {
  it('points DEFAULT_CONFIG_DIR at config/defaults', () => {
    expect(isAbsolute(DEFAULT_CONFIG_DIR)).toBe(true);
    expect(DEFAULT_CONFIG_DIR.replaceAll('\\', '/').endsWith('config/defaults')).toBe(true);
  });

  it.each([
    ['config/defaults/terminal.json', 'terminal'],
    ['/etc/bianmin/terminal-T01.json', 'terminal'],
    ['devices.production.json', 'devices'],
    ['Services.json', 'services'],
    ['regions.json', 'regions'],
    ['terminal.yaml', undefined],
    ['my-terminal.json', undefined],
    ['/etc/terminal.d/other.json', undefined],
  ])('kindFromFileName(%s) is %s', (path, kind) => {
    expect(kindFromFileName(path)).toBe(kind);
  });
});
