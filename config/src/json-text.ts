import { type Result, ok, err } from '@bianmin/common';

/**
 * A strict JSON reader that says where a hand-edited file goes wrong. JSON.parse's
 * messages differ between Node releases and often give no position at all, and it keeps
 * the last of two equal keys without a word, which silently drops half a setting.
 */

export interface TextPosition {
  line: number;
  column: number;
}

export interface JsonSyntaxError extends TextPosition {
  /** The offending text, or 'end of file'. */
  found: string;
  /** What would have been valid there, with a hint how to fix it. */
  expected: string;
}

export interface DuplicateKey extends TextPosition {
  path: (string | number)[];
  key: string;
  first: TextPosition;
}

export interface ParsedJson {
  value: unknown;
  duplicateKeys: DuplicateKey[];
}

const FULL_WIDTH: Record<string, string> = {
  '，': ',',
  '：': ':',
  '“': '"',
  '”': '"',
  '［': '[',
  '］': ']',
  '｛': '{',
  '｝': '}',
};

class SyntaxProblem {
  constructor(
    readonly offset: number,
    readonly found: string,
    readonly expected: string,
  ) {}
}

/**
 * Recursive descent over the text. It throws SyntaxProblem to unwind from deep nesting in
 * one step; parseJsonText turns that into a result value at the boundary.
 */
class Scanner {
  private offset = 0;
  readonly duplicateKeys: { path: (string | number)[]; key: string; at: number; first: number }[] =
    [];

  constructor(private readonly text: string) {}

  document(): void {
    this.skipSpace();
    this.value([]);
    this.skipSpace();
    if (this.offset < this.text.length) {
      throw this.problem('only one top-level value; the text after it does not belong');
    }
  }

  private value(path: (string | number)[]): void {
    const char = this.text[this.offset];
    if (char === '{') return this.object(path);
    if (char === '[') return this.array(path);
    if (char === '"') return void this.string();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.offset)) {
        this.offset += word.length;
        return;
      }
    }
    if (char === "'") throw this.problem('a value; strings need double quotes "…", not \'…\'');
    throw this.problem(
      'a value: a "string" in double quotes, a number, true, false, null, an object {…} or a list […]',
    );
  }

  private object(path: (string | number)[]): void {
    this.offset++;
    const seen = new Map<string, number>();
    this.skipSpace();
    if (this.text[this.offset] === '}') {
      this.offset++;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.offset] !== '"') {
        throw this.problem(
          this.text[this.offset] === '}'
            ? 'another "key": value after the comma; JSON allows no comma before the closing }, so remove it'
            : 'a key in double quotes, e.g. "name"',
        );
      }
      const keyAt = this.offset;
      const key = this.string();
      const first = seen.get(key);
      if (first === undefined) seen.set(key, keyAt);
      else this.duplicateKeys.push({ path: [...path, key], key, at: keyAt, first });
      this.skipSpace();
      if (this.text[this.offset] !== ':') throw this.problem(`a colon : after the key "${key}"`);
      this.offset++;
      this.skipSpace();
      this.value([...path, key]);
      this.skipSpace();
      const next = this.text[this.offset];
      this.offset++;
      if (next === '}') return;
      if (next !== ',') {
        this.offset--;
        throw this.problem(
          'a comma , between entries or } to close the object; is a comma missing at the end of the previous line?',
        );
      }
    }
  }

  private array(path: (string | number)[]): void {
    this.offset++;
    this.skipSpace();
    if (this.text[this.offset] === ']') {
      this.offset++;
      return;
    }
    for (let index = 0; ; index++) {
      this.skipSpace();
      if (this.text[this.offset] === ']') {
        throw this.problem(
          'another value after the comma; JSON allows no comma before the closing ], so remove it',
        );
      }
      this.value([...path, index]);
      this.skipSpace();
      const next = this.text[this.offset];
      this.offset++;
      if (next === ']') return;
      if (next !== ',') {
        this.offset--;
        throw this.problem(
          'a comma , between list items or ] to close the list; is a comma missing at the end of the previous line?',
        );
      }
    }
  }

  private string(): string {
    const start = this.offset;
    this.offset++;
    for (;;) {
      const char = this.text[this.offset];
      if (char === undefined || char === '\n') {
        this.offset = start;
        throw this.problem('a closing double quote " on the same line as the opening one');
      }
      if (char === '"') break;
      if (char < ' ') throw this.problem('no control characters (such as tabs) inside a string');
      if (char === '\\') {
        const escape = this.text[this.offset + 1];
        if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
          this.offset += 2;
          continue;
        }
        if (
          escape === 'u' &&
          /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.offset + 2, this.offset + 6))
        ) {
          this.offset += 6;
          continue;
        }
        throw this.problem(
          'a valid escape: write a backslash as \\\\ (paths use forward slashes: /dev/ttyUSB0)',
        );
      }
      this.offset++;
    }
    this.offset++;
    return JSON.parse(this.text.slice(start, this.offset)) as string;
  }

  private number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.offset));
    if (match === null || match[0] === '-') {
      throw this.problem('a number such as 60, 19.6 or -1');
    }
    this.offset += match[0].length;
    const after = this.text[this.offset];
    if (after !== undefined && /[0-9.eE]/.test(after)) {
      throw this.problem(
        'the end of the number; numbers have no leading zeros or second decimal point',
      );
    }
  }

  private skipSpace(): void {
    while (/^[ \t\n\r]$/.test(this.text[this.offset] ?? '')) this.offset++;
  }

  private problem(expected: string): SyntaxProblem {
    const char = this.text[this.offset];
    if (char === undefined) {
      return new SyntaxProblem(
        this.offset,
        'end of file',
        `${expected}; is a closing } or ] missing?`,
      );
    }
    const ascii = FULL_WIDTH[char];
    if (ascii !== undefined) {
      return new SyntaxProblem(
        this.offset,
        char,
        `the half-width (English) "${ascii}" instead of the full-width (Chinese) "${char}"; switch the input method to English punctuation`,
      );
    }
    if (char === '/') {
      return new SyntaxProblem(
        this.offset,
        char,
        `${expected}; JSON files cannot contain comments`,
      );
    }
    return new SyntaxProblem(this.offset, char, expected);
  }
}

export function positionAt(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** Parses JSON text, reporting the first syntax error with its line and column. */
export function parseJsonText(text: string): Result<ParsedJson, JsonSyntaxError> {
  // Windows editors may save a byte-order mark, which JSON.parse rejects.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const scanner = new Scanner(body);
  try {
    scanner.document();
  } catch (problem) {
    if (!(problem instanceof SyntaxProblem)) throw problem;
    return err({
      ...positionAt(body, problem.offset),
      found: problem.found,
      expected: problem.expected,
    });
  }
  const duplicateKeys = scanner.duplicateKeys.map(({ path, key, at, first }) => ({
    path,
    key,
    ...positionAt(body, at),
    first: positionAt(body, first),
  }));
  try {
    return ok({ value: JSON.parse(body) as unknown, duplicateKeys });
  } catch (error) {
    // Only reachable if the scanner above is more lenient than JSON.parse somewhere.
    const position = /position (\d+)/.exec(String(error));
    return err({
      ...positionAt(body, Number(position?.[1] ?? 0)),
      found: 'invalid JSON',
      expected: `valid JSON (${String(error)})`,
    });
  }
}
