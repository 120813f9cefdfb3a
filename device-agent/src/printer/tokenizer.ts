import { DLE, LF, hex, stepOf, type CommandReader, type Step } from './command-shapes.js';
import { DECODED_COMMANDS, type EscPosToken } from './escpos-commands.js';
import { IGNORED_COMMANDS } from './ignored-commands.js';

const key = (prefix: number, code: number): number => (prefix << 8) | code;

/** Every command the parser knows, by its two code bytes. */
const READERS: ReadonlyMap<number, CommandReader> = new Map(
  [...DECODED_COMMANDS, ...IGNORED_COMMANDS].map((row) => [key(...row.code), row.read]),
);
const PREFIXES: ReadonlySet<number> = new Set(
  [...DECODED_COMMANDS, ...IGNORED_COMMANDS].map((row) => row.code[0]),
);

/**
 * GB18030 lead and trail bytes are all 0x30 or above, so a byte below 0x20 always starts a
 * command and a text run can be cut anywhere without splitting a command.
 */
const isTextByte = (b: number): boolean => b >= 0x20;

/**
 * Splits an ESC/POS byte stream into tokens, reading command shapes from the command table.
 * Incremental: a command cut by a chunk boundary waits for the rest, so any chunking gives
 * the same tokens apart from where text runs are split. Never throws; what it cannot read
 * becomes a `problem` token naming the stream offset. An unknown command's length is
 * unknowable, so only its first bytes are skipped and its parameters may show up as text, as
 * they would on a real printer.
 */
export class EscPosTokenizer {
  #buffer: Uint8Array = new Uint8Array(0);
  /** Stream offset of `#buffer[0]`. */
  #offset = 0;
  /** Bytes still to drop from an ignored command body (images can be large). */
  #skip = 0;
  #skipStart = 0;

  push(chunk: Uint8Array): EscPosToken[] {
    const buf = new Uint8Array(this.#buffer.length + chunk.length);
    buf.set(this.#buffer, 0);
    buf.set(chunk, this.#buffer.length);
    const tokens: EscPosToken[] = [];
    let pos = 0;
    while (pos < buf.length) {
      if (this.#skip > 0) {
        const n = Math.min(this.#skip, buf.length - pos);
        this.#skip -= n;
        pos += n;
        continue;
      }
      if (isTextByte(buf[pos] as number)) {
        let end = pos + 1;
        while (end < buf.length && isTextByte(buf[end] as number)) end++;
        tokens.push({ type: 'text', bytes: buf.slice(pos, end) });
        pos = end;
        continue;
      }
      const step = command(buf, pos);
      if (step === 'incomplete') break;
      if (step.problem !== undefined) tokens.push(this.#problem(pos, step.problem));
      if (step.tokens) tokens.push(...step.tokens);
      if (step.skip !== undefined && step.skip > 0) {
        this.#skip = step.skip;
        this.#skipStart = this.#offset + pos;
      }
      pos += step.consumed;
    }
    this.#buffer = buf.slice(pos);
    this.#offset += pos;
    return tokens;
  }

  /** Ends the stream: a command still waiting for bytes is reported as truncated. */
  finish(): EscPosToken[] {
    const tokens: EscPosToken[] = [];
    if (this.#buffer.length > 0) {
      const shown = this.#buffer.subarray(0, 16);
      const more = this.#buffer.length > 16 ? ' …' : '';
      tokens.push(this.#problem(0, `truncated command ${hex(shown)}${more}`));
    }
    if (this.#skip > 0) {
      tokens.push({
        type: 'problem',
        message: `offset ${this.#skipStart}: command body truncated, ${this.#skip} bytes missing`,
      });
    }
    this.#offset += this.#buffer.length;
    this.#buffer = new Uint8Array(0);
    this.#skip = 0;
    return tokens;
  }

  #problem(pos: number, text: string): EscPosToken {
    return { type: 'problem', message: `offset ${this.#offset + pos}: ${text}` };
  }
}

function command(buf: Uint8Array, pos: number): Step {
  const b = buf[pos] as number;
  if (b === LF) return stepOf(1, { type: 'newline' });
  // NUL is padding some hosts send; CR is ignored by printers set to print on LF.
  if (b === 0x00 || b === 0x0d) return stepOf(1, undefined);
  if (!PREFIXES.has(b)) return stepOf(1, { problem: `unsupported control byte ${hex([b])}` });
  const code = buf[pos + 1];
  if (code === undefined) return 'incomplete';
  const read = READERS.get(key(b, code));
  if (read) return read(buf, pos);
  // A control byte after the prefix starts a command of its own: do not swallow it.
  const consumed = b === DLE || code < 0x20 ? 1 : 2;
  return stepOf(consumed, { problem: `unknown command ${hex([b, code])}` });
}
