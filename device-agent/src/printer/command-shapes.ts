import type { EscPosToken } from './escpos-commands.js';

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const LF = 0x0a;

/** What reading one command gave: nothing yet (wait for more bytes), or what to consume. */
export type Step =
  | 'incomplete'
  | {
      consumed: number;
      /** Body bytes to drop after the command without buffering them (images can be large). */
      skip?: number;
      tokens?: EscPosToken[];
      /** Why the command could not be decoded; the tokenizer adds the stream offset. */
      problem?: string;
    };

/** Reads the command whose two code bytes start at `at`; both bytes are in `buf`. */
export type CommandReader = (buf: Uint8Array, at: number) => Step;

/** What a command's parameters mean: tokens, nothing (the picture does not change) or a problem. */
export type Meaning = EscPosToken | readonly EscPosToken[] | { problem: string } | undefined;

/** One row of the command table: the two bytes that name a command and how to read it. */
export interface CommandRow {
  readonly code: readonly [number, number];
  readonly read: CommandReader;
}

export const hex = (bytes: ArrayLike<number>): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');

export const problem = (text: string): { problem: string } => ({ problem: text });

export function stepOf(consumed: number, meaning: Meaning, skip?: number): Step {
  const step: Exclude<Step, 'incomplete'> = { consumed };
  if (skip !== undefined && skip > 0) step.skip = skip;
  if (meaning === undefined) return step;
  if ('problem' in meaning) step.problem = meaning.problem;
  else step.tokens = Array.isArray(meaning) ? [...meaning] : [meaning as EscPosToken];
  return step;
}

/**
 * A fixed number of parameter bytes after the code, or a number the first of them decides
 * (`GS V m [n]`). `meaning` reads them; it gets a view into the buffer, so it copies what it
 * keeps.
 */
export function params(
  count: number | ((first: number) => number),
  meaning: (params: Uint8Array) => Meaning = () => undefined,
): CommandReader {
  return (buf, at) => {
    const start = at + 2;
    let n: number;
    if (typeof count === 'number') n = count;
    else {
      const first = buf[start];
      if (first === undefined) return 'incomplete';
      n = count(first);
    }
    if (start + n > buf.length) return 'incomplete';
    return stepOf(2 + n, meaning(buf.subarray(start, start + n)));
  };
}

/** Parameters that state the length of a body that follows (images); the body is skipped. */
export function paramsThenBody(
  count: number,
  bodyLength: (params: Uint8Array) => number,
  meaning?: string,
): CommandReader {
  return (buf, at) => {
    const start = at + 2;
    if (start + count > buf.length) return 'incomplete';
    const skip = bodyLength(buf.subarray(start, start + count));
    return stepOf(2 + count, meaning === undefined ? undefined : problem(meaning), skip);
  };
}

/** Little-endian unsigned number from `bytes[from..from+size)`. */
export function littleEndian(bytes: Uint8Array, from: number, size: number): number {
  let value = 0;
  for (let i = size - 1; i >= 0; i--) value = value * 256 + (bytes[from + i] ?? 0);
  return value;
}

/** Code -> value, for reading back a table written value -> code. */
export const reverse = <K extends string>(
  codes: Readonly<Record<K, number>>,
): ReadonlyMap<number, K> =>
  new Map(Object.entries<number>(codes).map(([key, code]) => [code, key as K]));
