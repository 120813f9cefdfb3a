import { describe, expect, it } from 'vitest';
import { parseJsonText, positionAt } from './json-text.js';

function syntaxError(text: string) {
  const result = parseJsonText(text);
  if (result.ok) throw new Error('expected a syntax error');
  return result.error;
}

describe('parseJsonText', () => {
  it('parses valid JSON, including a leading byte-order mark', () => {
    expect(parseJsonText('\uFEFF{"a": [1, -2.5e3, true, null, "x\\u0041"]}')).toEqual({
      ok: true,
      value: { value: { a: [1, -2500, true, null, 'xA'] }, duplicateKeys: [] },
    });
  });

  it('gives the line and column of a trailing comma', () => {
    const error = syntaxError('{\n  "a": 1,\n}\n');
    expect(error).toMatchObject({ line: 3, column: 1, found: '}' });
    expect(error.expected).toContain('no comma before the closing }');
  });

  it('suggests a missing comma between lines', () => {
    const error = syntaxError('{\n  "a": 1\n  "b": 2\n}');
    expect(error).toMatchObject({ line: 3, column: 3, found: '"' });
    expect(error.expected).toContain('comma missing');
  });

  it('recognises full-width Chinese punctuation', () => {
    const error = syntaxError('{"a"：1}');
    expect(error).toMatchObject({ line: 1, column: 5, found: '：' });
    expect(error.expected).toContain('half-width (English) ":"');
  });

  it('explains comments, single quotes, unclosed files and unterminated strings', () => {
    expect(syntaxError('{"a": 1 // note\n}').expected).toContain('cannot contain comments');
    expect(syntaxError("{'a': 1}").found).toBe("'");
    expect(syntaxError('{"a": [1, 2').found).toBe('end of file');
    expect(syntaxError('{"a": "abc\n}')).toMatchObject({ line: 1, column: 7 });
    expect(syntaxError('{"path": "C:\\dev"}').expected).toContain('valid escape');
    expect(syntaxError('').found).toBe('end of file');
    expect(syntaxError('{} {}').expected).toContain('only one top-level value');
    expect(syntaxError('{"a": 012}').expected).toContain('leading zeros');
  });

  it('reports duplicate keys with both positions', () => {
    const result = parseJsonText(
      '{\n  "printer": 1,\n  "list": [{"a": 1, "a": 2}],\n  "printer": 2\n}',
    );
    expect(result.ok && result.value.duplicateKeys).toEqual([
      { path: ['list', 0, 'a'], key: 'a', line: 3, column: 21, first: { line: 3, column: 13 } },
      { path: ['printer'], key: 'printer', line: 4, column: 3, first: { line: 2, column: 3 } },
    ]);
  });

  it('counts columns from 1 on every line', () => {
    expect(positionAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
