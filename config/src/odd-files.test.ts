import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH, MAX_VALUES } from './json-text.js';
import { loadConfigFile } from './load.js';
import { MAX_PROBLEMS_SHOWN, formatProblems } from './problems.js';
import { MAX_CONFIG_BYTES } from './read-text.js';
import { defaultData } from './test-support.js';

/**
 * Whatever a terminal's folder holds, loading it ends in formatted problems, never an
 * exception or a long wait: the agent, the centre and config:check all load this way.
 * Each test finishing within the runner's timeout is part of what it checks.
 */

const dir = mkdtempSync(join(tmpdir(), 'bianmin-odd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
function fileWith(content: string | Buffer): string {
  const path = join(dir, `terminal-${count++}.json`);
  writeFileSync(path, content);
  return path;
}

function onlyProblem(content: string | Buffer) {
  const result = loadConfigFile('terminal', fileWith(content));
  if (result.ok) throw new Error('expected a problem');
  expect(result.error).toHaveLength(1);
  const [problem] = result.error;
  // Formatting must not throw either, and says where.
  expect(formatProblems(result.error)).toContain(problem?.file);
  return problem;
}

const valid = JSON.stringify(defaultData('terminal'), null, 2);

describe('odd configuration files', () => {
  it('nesting 8,000 levels deep: refused before parsing, with the limit and the fix', () => {
    const problem = onlyProblem('['.repeat(8000) + ']'.repeat(8000));
    expect(problem).toMatchObject({
      line: 1,
      column: MAX_NESTING_DEPTH + 1,
      found: `more than ${MAX_NESTING_DEPTH} levels of nested { and [`,
      expected: expect.stringContaining(`at most ${MAX_NESTING_DEPTH} levels`),
    });
  });

  it('deep nesting that is never closed', () => {
    expect(onlyProblem('{"a":'.repeat(100_000))?.found).toContain('levels of nested');
  });

  it('larger than 1 MiB: refused by size without being read', () => {
    const problem = onlyProblem(`{"name": "${'x'.repeat(MAX_CONFIG_BYTES)}"}`);
    expect(problem).toMatchObject({
      path: '(file)',
      found: expect.stringMatching(/^\d+ bytes \(1\.0 MiB\)$/),
      expected: expect.stringContaining('at most 1 MiB'),
    });
  });

  it('under 1 MiB but a list of a million ones: refused by its number of values', () => {
    const list = Array.from({ length: MAX_VALUES + 1 }, () => '1').join(',');
    const problem = onlyProblem(`{"serviceHours": [${list}]}`);
    expect(problem?.found).toBe(`more than ${MAX_VALUES} values`);
  });

  it('thousands of problems: the first hundred, then a count of the rest', () => {
    const terminal = defaultData('terminal');
    terminal.serviceHours = Array.from({ length: 5000 }, () => 1);
    const result = loadConfigFile('terminal', fileWith(JSON.stringify(terminal)));
    if (result.ok) throw new Error('expected problems');
    expect(result.error).toHaveLength(MAX_PROBLEMS_SHOWN + 1);
    expect(result.error.at(-1)?.found).toBe(
      `${5000 - MAX_PROBLEMS_SHOWN} more problems like these`,
    );
  });

  it('thousands of duplicate keys', () => {
    const members = Array.from({ length: 20_000 }, (_, i) => `"name": "${i}"`).join(',\n');
    const result = loadConfigFile('terminal', fileWith(`{${members}}`));
    if (result.ok) throw new Error('expected problems');
    expect(result.error.find((p) => p.path === 'name')?.found).toBe(
      '"name" on line 1 and again on line 2',
    );
    expect(result.error.filter((p) => p.path === 'name')).toHaveLength(MAX_PROBLEMS_SHOWN);
  });

  it('binary data', () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    expect(onlyProblem(bytes)).toMatchObject({
      path: '(file)',
      found: expect.stringContaining('NUL byte'),
      expected: expect.stringContaining('UTF-8'),
    });
  });

  it('a UTF-8 byte-order mark is accepted', () => {
    expect(loadConfigFile('terminal', fileWith(`\uFEFF${valid}`)).ok).toBe(true);
  });

  it('UTF-16 with a byte-order mark', () => {
    const problem = onlyProblem(Buffer.from(`\uFEFF${valid}`, 'utf16le'));
    expect(problem).toMatchObject({
      found: 'text saved as UTF-16 ("Unicode")',
      expected: expect.stringContaining('save the file again choosing the encoding "UTF-8"'),
    });
  });

  it('UTF-16 without a byte-order mark', () => {
    const problem = onlyProblem(Buffer.from(valid, 'utf16le'));
    expect(problem).toMatchObject({ line: 1, column: 2, found: expect.stringContaining('UTF-16') });
  });

  it('Chinese text saved as GBK', () => {
    // 长征 in GBK: not valid UTF-8.
    const gbk = Buffer.concat([
      Buffer.from('{\n  "name": "'),
      Buffer.from([0xb3, 0xa4, 0xd5, 0xf7]),
      Buffer.from('"\n}'),
    ]);
    expect(onlyProblem(gbk)).toMatchObject({
      line: 2,
      column: 12,
      found: expect.stringContaining('GBK'),
    });
  });

  it.each([
    ['empty', ''],
    ['only spaces and newlines', ' \n\t\r\n '],
    ['only a byte-order mark', '\uFEFF'],
  ])('%s', (_, content) => {
    expect(onlyProblem(content)).toMatchObject({
      found: 'an empty file',
      expected: expect.stringContaining('copy config/defaults/terminal.json'),
    });
  });

  it('a lone surrogate written as an escape', () => {
    const text = valid.replace('"长征街社区 1号自助终端"', '"\\uD800"');
    const result = loadConfigFile('terminal', fileWith(text));
    expect(!result.ok && result.error).toEqual([
      expect.objectContaining({
        path: 'name',
        line: 3,
        found: '"\\ud800"',
        expected: expect.stringContaining('half a character'),
      }),
    ]);
  });

  it('a lone surrogate encoded in the bytes', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"name": "'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('"}'),
    ]);
    expect(onlyProblem(bytes)?.found).toContain('not UTF-8');
  });

  it('a very long line: the found value is shortened', () => {
    const text = valid.replace('"长征街社区 1号自助终端"', JSON.stringify('长'.repeat(200_000)));
    const result = loadConfigFile('terminal', fileWith(text));
    if (result.ok) throw new Error('expected a problem');
    expect(result.error).toEqual([expect.objectContaining({ path: 'name', line: 3, column: 3 })]);
    expect(result.error[0]?.found.length).toBeLessThanOrEqual(80);
  });

  it('a string left open on a long last line', () => {
    expect(onlyProblem(`{"name": "${'x'.repeat(500_000)}`)).toMatchObject({
      line: 1,
      column: 10,
      expected: expect.stringContaining('closing double quote'),
    });
  });

  it.runIf(existsSync('/dev/null'))('a device instead of a file', () => {
    const result = loadConfigFile('terminal', '/dev/null');
    expect(!result.ok && result.error[0]?.found).toBe('a device, pipe or socket');
  });
});
