import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH, parseJsonText } from './json-text.js';
import { positionAt } from './text-position.js';

function syntaxError(text: string) {
  const result = parseJsonText(text);
  if (result.ok) throw new Error('expected a syntax error');
  return result.error;
}

function parsed(text: string) {
  const result = parseJsonText(text);
  if (!result.ok) throw new Error(`expected valid JSON: ${result.error.expected}`);
  return result.value;
}

describe('parseJsonText', () => {
  it('parses valid JSON', () => {
    const { value, problems } = parsed('{"a": [1, -2.5e3, true, null, "x\\u0041"]}');
    expect(value).toEqual({ a: [1, -2500, true, null, 'xA'] });
    expect(problems).toEqual([]);
  });

  it('gives the line and column of a trailing comma', () => {
    const error = syntaxError('{\n  "a": 1,\n}\n');
    expect(error).toMatchObject({ line: 3, column: 1, found: '"}"' });
    expect(error.expected).toContain('no comma before the closing }');
    expect(syntaxError('[1, 2,]').expected).toContain('no comma before the closing ]');
  });

  it('suggests a missing comma between lines', () => {
    const error = syntaxError('{\n  "a": 1\n  "b": 2\n}');
    expect(error).toMatchObject({ line: 3, column: 3, found: '"\\""' });
    expect(error.expected).toContain('comma missing');
    expect(syntaxError('[1\n 2]').expected).toContain('between list items');
  });

  it('recognises full-width Chinese punctuation', () => {
    const error = syntaxError('{"a"：1}');
    expect(error).toMatchObject({ line: 1, column: 5, found: '"："' });
    expect(error.expected).toContain('half-width (English) ":"');
  });

  it('explains comments, quotes, escapes, numbers and missing colons', () => {
    expect(syntaxError('{"a": 1 // note\n}').expected).toContain('cannot contain comments');
    expect(syntaxError("{'a': 1}").found).toBe('"\'"');
    expect(syntaxError('{"path": "C:\\dev"}')).toMatchObject({
      line: 1,
      column: 13,
      found: 'the escape \\d',
      expected: expect.stringContaining('valid escape'),
    });
    expect(syntaxError('{"a": 012}').expected).toContain('leading zeros');
    expect(syntaxError('{"a": -}').expected).toContain('a number such as');
    expect(syntaxError('{"a": True}').expected).toContain('lower case');
    expect(syntaxError('{"a" 1}').expected).toBe('a colon : after the key "a"');
    expect(syntaxError('{a: 1}').expected).toContain('double quotes');
    expect(syntaxError('{} {}').expected).toContain('only one top-level value');
  });

  it('says which brackets are still open at the end of the file', () => {
    expect(syntaxError('{"a": [1, 2')).toMatchObject({
      line: 1,
      column: 12,
      found: 'end of file',
      expected: expect.stringContaining('ending with ]}'),
    });
    expect(syntaxError('  ')).toMatchObject({ found: 'end of file' });
  });

  it('points an unterminated string at its opening quote', () => {
    expect(syntaxError('{"a": "abc\n}')).toMatchObject({
      line: 1,
      column: 7,
      expected: expect.stringContaining('closing double quote'),
    });
    expect(syntaxError('{"a": "abc')).toMatchObject({ line: 1, column: 7 });
  });

  it('refuses control characters inside strings', () => {
    expect(syntaxError('{"a": "x\ty"}')).toMatchObject({
      line: 1,
      column: 9,
      found: 'a control character (U+0009) inside a string',
    });
  });

  it('refuses deep nesting before parsing, counting only brackets outside strings', () => {
    const deep = '['.repeat(MAX_NESTING_DEPTH + 1) + ']'.repeat(MAX_NESTING_DEPTH + 1);
    expect(syntaxError(deep)).toMatchObject({
      line: 1,
      column: MAX_NESTING_DEPTH + 1,
      found: `more than ${MAX_NESTING_DEPTH} levels of nested { and [`,
    });
    const atLimit = '['.repeat(MAX_NESTING_DEPTH) + ']'.repeat(MAX_NESTING_DEPTH);
    expect(parseJsonText(atLimit).ok).toBe(true);
    expect(parsed(`{"a": "${'['.repeat(1000)}"}`).value).toEqual({ a: '['.repeat(1000) });
  });

  it('reports duplicate keys with the lines of both', () => {
    const { value, problems } = parsed(
      '{\n  "printer": 1,\n  "list": [{"a": 1,\n "a": 2}],\n  "printer": 2\n}',
    );
    expect(value).toEqual({ printer: 2, list: [{ a: 2 }] });
    expect(problems).toEqual([
      {
        path: ['list', 0, 'a'],
        line: 4,
        column: 2,
        found: '"a" on line 3 and again on line 4',
        expected: expect.stringContaining('each key once per object'),
      },
      {
        path: ['printer'],
        line: 5,
        column: 3,
        found: '"printer" on line 2 and again on line 5',
        expected: expect.stringContaining('each key once per object'),
      },
    ]);
  });

  it('reports half a surrogate pair written as an escape', () => {
    expect(parsed('{\n  "name": "\\uD800"\n}').problems).toEqual([
      expect.objectContaining({ path: ['name'], line: 2, column: 11, found: '"\\ud800"' }),
    ]);
    expect(parsed('{"name": "\\uD83D\\uDE00"}').problems).toEqual([]);
  });

  it('locates paths: a member at its key, a list item at its value, a missing key at its parent', () => {
    const { locate } = parsed('{\n  "centre": {\n    "url": 5\n  },\n  "days": [1,\n    "x"]\n}');
    expect(locate(['centre', 'url']).position).toEqual({ line: 3, column: 5 });
    expect(locate(['days', 1]).position).toEqual({ line: 6, column: 5 });
    expect(locate(['centre', 'missing']).position).toEqual({ line: 2, column: 3 });
    expect(locate([]).position).toEqual({ line: 1, column: 1 });
    const order = (path: (string | number)[]) => locate(path).order[0] ?? -1;
    expect(order(['centre', 'missing'])).toBeGreaterThan(order(['centre', 'url']));
    expect(order(['centre', 'missing'])).toBeLessThan(order(['days']));
  });
});

describe('positionAt', () => {
  it('counts lines and columns from 1', () => {
    expect(positionAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
