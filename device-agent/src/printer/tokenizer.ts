import type { Align, CutKind, QrErrorLevel } from './escpos.js';
import { ESC_IGNORED, FS_IGNORED, GS_IGNORED } from './ignored-commands.js';

/** One command (or run of text) read from the byte stream, in stream order. */
export type EscPosToken =
  | { type: 'text'; bytes: Uint8Array }
  | { type: 'newline' }
  | { type: 'init' }
  | { type: 'align'; align: Align }
  | { type: 'bold'; on: boolean }
  | { type: 'size'; width: number; height: number }
  | { type: 'chinese-mode'; on: boolean }
  | { type: 'feed'; lines: number }
  | { type: 'qr-model'; model: number }
  | { type: 'qr-module-size'; size: number }
  | { type: 'qr-error-level'; level: QrErrorLevel }
  | { type: 'qr-store'; data: Uint8Array }
  | { type: 'qr-print' }
  | { type: 'cut'; cut: CutKind }
  /** `DLE EOT n`: answered at once, even ahead of buffered print data. */
  | { type: 'realtime-status'; n: number }
  /** `GS r n`: answered in turn, after the data before it. */
  | { type: 'transmit-status'; n: number }
  | { type: 'problem'; message: string };

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

/** What a command decoder saw: nothing yet (wait for more bytes) or a length to consume. */
type Step = { consumed: number; skip?: number; tokens?: EscPosToken[] } | 'incomplete';

const hex = (bytes: ArrayLike<number>): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');

/**
 * GB18030 lead and trail bytes are all 0x30 or above, so a byte below 0x20 always starts a
 * command and a text run can be cut anywhere without splitting a command.
 */
const isTextByte = (b: number): boolean => b >= 0x20;

/**
 * Splits an ESC/POS byte stream into tokens. Incremental: a command cut by a chunk boundary
 * waits for the rest, so any chunking gives the same tokens apart from where text runs are
 * split. Never throws; what it cannot read becomes a `problem` token naming the stream
 * offset. An unknown command's length is unknowable, so only its first bytes are skipped
 * and its parameters may show up as text, as they would on a real printer.
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
      const b = buf[pos] as number;
      if (isTextByte(b)) {
        let end = pos + 1;
        while (end < buf.length && isTextByte(buf[end] as number)) end++;
        tokens.push({ type: 'text', bytes: buf.slice(pos, end) });
        pos = end;
        continue;
      }
      const step = this.#command(buf, pos);
      if (step === 'incomplete') break;
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
      tokens.push({
        type: 'problem',
        message: `offset ${this.#offset}: truncated command ${hex(shown)}${this.#buffer.length > 16 ? ' …' : ''}`,
      });
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

  #command(buf: Uint8Array, pos: number): Step {
    const b = buf[pos] as number;
    switch (b) {
      case 0x0a:
        return { consumed: 1, tokens: [{ type: 'newline' }] };
      case 0x00: // padding some hosts send
      case 0x0d: // CR: ignored by printers set to print on LF
        return { consumed: 1 };
      case ESC:
        return this.#esc(buf, pos);
      case GS:
        return this.#gs(buf, pos);
      case FS:
        return this.#fs(buf, pos);
      case DLE:
        return this.#dle(buf, pos);
      default:
        return {
          consumed: 1,
          tokens: [this.#problem(pos, `unsupported control byte ${hex([b])}`)],
        };
    }
  }

  #unknown(buf: Uint8Array, pos: number, prefix: number): Step {
    const second = buf[pos + 1] as number;
    // A control byte after the prefix starts a command of its own: do not swallow it.
    const consumed = second < 0x20 ? 1 : 2;
    return {
      consumed,
      tokens: [this.#problem(pos, `unknown command ${hex([prefix, second])}`)],
    };
  }

  #esc(buf: Uint8Array, pos: number): Step {
    if (pos + 1 >= buf.length) return 'incomplete';
    const c = buf[pos + 1] as number;
    const arg = (i: number): number | undefined => buf[pos + 2 + i];
    const needs = (count: number): boolean => pos + 2 + count <= buf.length;
    switch (c) {
      case 0x40:
        return { consumed: 2, tokens: [{ type: 'init' }] };
      case 0x69: // legacy full cut
        return { consumed: 2, tokens: [{ type: 'cut', cut: 'full' }] };
      case 0x6d: // legacy partial cut
        return { consumed: 2, tokens: [{ type: 'cut', cut: 'partial' }] };
      case 0x61: {
        if (!needs(1)) return 'incomplete';
        const n = arg(0) as number;
        const align: Align | undefined =
          n === 0 || n === 0x30
            ? 'left'
            : n === 1 || n === 0x31
              ? 'center'
              : n === 2 || n === 0x32
                ? 'right'
                : undefined;
        return {
          consumed: 3,
          tokens: [
            align ? { type: 'align', align } : this.#problem(pos, `bad alignment ${hex([n])}`),
          ],
        };
      }
      case 0x45:
        if (!needs(1)) return 'incomplete';
        return { consumed: 3, tokens: [{ type: 'bold', on: ((arg(0) as number) & 1) === 1 }] };
      case 0x64:
        if (!needs(1)) return 'incomplete';
        return { consumed: 3, tokens: [{ type: 'feed', lines: arg(0) as number }] };
      case 0x21: {
        if (!needs(1)) return 'incomplete';
        const n = arg(0) as number;
        return {
          consumed: 3,
          tokens: [
            { type: 'bold', on: (n & 0x08) !== 0 },
            { type: 'size', width: n & 0x20 ? 2 : 1, height: n & 0x10 ? 2 : 1 },
          ],
        };
      }
      case 0x63: // ESC c 3 n / ESC c 4 n / ESC c 5 n: panel and sensor settings
        if (!needs(2)) return 'incomplete';
        return { consumed: 4 };
      case 0x2a: {
        // ESC * m nL nH: bit image, 1 or 3 bytes per column
        if (!needs(3)) return 'incomplete';
        const m = arg(0) as number;
        const columns = (arg(1) as number) + (arg(2) as number) * 256;
        return {
          consumed: 5,
          skip: columns * (m >= 32 ? 3 : 1),
          tokens: [this.#problem(pos, 'bit image not decoded')],
        };
      }
      case 0x44: {
        // ESC D: tab stops, ended by NUL (at most 32)
        let end = pos + 2;
        while (end < buf.length && buf[end] !== 0 && end - pos < 35) end++;
        if (end >= buf.length) return 'incomplete';
        return { consumed: end - pos + 1 };
      }
      case 0x4c:
        return { consumed: 2, tokens: [this.#problem(pos, 'page mode not supported')] };
      default: {
        const count = ESC_IGNORED[c];
        if (count === undefined) return this.#unknown(buf, pos, ESC);
        if (!needs(count)) return 'incomplete';
        return { consumed: 2 + count };
      }
    }
  }

  #gs(buf: Uint8Array, pos: number): Step {
    if (pos + 1 >= buf.length) return 'incomplete';
    const c = buf[pos + 1] as number;
    const arg = (i: number): number => buf[pos + 2 + i] as number;
    const needs = (count: number): boolean => pos + 2 + count <= buf.length;
    switch (c) {
      case 0x21: {
        if (!needs(1)) return 'incomplete';
        const n = arg(0);
        return {
          consumed: 3,
          tokens: [{ type: 'size', width: ((n >> 4) & 0x07) + 1, height: (n & 0x07) + 1 }],
        };
      }
      case 0x56: {
        if (!needs(1)) return 'incomplete';
        const m = arg(0);
        if (m === 0 || m === 0x30) return { consumed: 3, tokens: [{ type: 'cut', cut: 'full' }] };
        if (m === 1 || m === 0x31)
          return { consumed: 3, tokens: [{ type: 'cut', cut: 'partial' }] };
        if (m === 0x41 || m === 0x42) {
          if (!needs(2)) return 'incomplete';
          return {
            consumed: 4,
            tokens: [{ type: 'cut', cut: m === 0x41 ? 'full' : 'feed-partial' }],
          };
        }
        return { consumed: 3, tokens: [this.#problem(pos, `unsupported cut ${hex([m])}`)] };
      }
      case 0x72:
        if (!needs(1)) return 'incomplete';
        return { consumed: 3, tokens: [{ type: 'transmit-status', n: arg(0) }] };
      case 0x28:
        return this.#gsParen(buf, pos);
      case 0x6b:
        return this.#barcode(buf, pos);
      case 0x76: {
        // GS v 0 m xL xH yL yH: raster image
        if (!needs(6)) return 'incomplete';
        const size = (arg(2) + arg(3) * 256) * (arg(4) + arg(5) * 256);
        return {
          consumed: 8,
          skip: size,
          tokens: [this.#problem(pos, 'raster image not decoded')],
        };
      }
      case 0x2a: {
        // GS * x y: define downloaded bit image
        if (!needs(2)) return 'incomplete';
        return { consumed: 4, skip: arg(0) * arg(1) * 8 };
      }
      case 0x38: {
        // GS 8 L p1 p2 p3 p4: graphics data with a four-byte length
        if (!needs(5)) return 'incomplete';
        const length = arg(1) + arg(2) * 0x100 + arg(3) * 0x10000 + arg(4) * 0x1000000;
        return {
          consumed: 7,
          skip: length,
          tokens: [this.#problem(pos, 'graphics not decoded')],
        };
      }
      default: {
        const count = GS_IGNORED[c];
        if (count === undefined) return this.#unknown(buf, pos, GS);
        if (!needs(count)) return 'incomplete';
        return { consumed: 2 + count };
      }
    }
  }

  /** `GS ( x pL pH ...`: every command of this family states its own length. */
  #gsParen(buf: Uint8Array, pos: number): Step {
    if (pos + 5 > buf.length) return 'incomplete';
    const family = buf[pos + 2] as number;
    const length = (buf[pos + 3] as number) + (buf[pos + 4] as number) * 256;
    if (family !== 0x6b) {
      return { consumed: 5, skip: length };
    }
    if (length < 2) {
      return {
        consumed: 5,
        skip: length,
        tokens: [this.#problem(pos, `2D code command too short (${length})`)],
      };
    }
    const cn = buf[pos + 5];
    if (cn === undefined) return 'incomplete';
    if (cn !== 0x31) {
      return {
        consumed: 5,
        skip: length,
        tokens: [this.#problem(pos, `2D code type ${hex([cn])} not decoded (only QR)`)],
      };
    }
    if (pos + 5 + length > buf.length) return 'incomplete';
    const body = buf.subarray(pos + 6, pos + 5 + length);
    const fn = body[0];
    const consumed = 5 + length;
    const p = (i: number): number | undefined => body[1 + i];
    switch (fn) {
      case 0x41: {
        const model = p(0);
        if (model === 0x31 || model === 0x32 || model === 0x33) {
          return { consumed, tokens: [{ type: 'qr-model', model: model - 0x30 }] };
        }
        return { consumed, tokens: [this.#problem(pos, 'bad QR model command')] };
      }
      case 0x43: {
        const size = p(0);
        if (size === undefined) return { consumed, tokens: [this.#problem(pos, 'bad QR size')] };
        return { consumed, tokens: [{ type: 'qr-module-size', size }] };
      }
      case 0x45: {
        const level = ({ 0x30: 'L', 0x31: 'M', 0x32: 'Q', 0x33: 'H' } as const)[p(0) ?? -1];
        if (level === undefined) {
          return { consumed, tokens: [this.#problem(pos, 'bad QR error level')] };
        }
        return { consumed, tokens: [{ type: 'qr-error-level', level }] };
      }
      case 0x50:
        if (length < 3) return { consumed, tokens: [this.#problem(pos, 'bad QR store command')] };
        return { consumed, tokens: [{ type: 'qr-store', data: body.slice(2) }] };
      case 0x51:
        return { consumed, tokens: [{ type: 'qr-print' }] };
      case 0x52: // transmit size information
        return { consumed };
      default:
        return {
          consumed,
          tokens: [this.#problem(pos, `unknown QR function ${hex([fn ?? 0])}`)],
        };
    }
  }

  /** `GS k m ...`: old form ends with NUL, new form states its length. */
  #barcode(buf: Uint8Array, pos: number): Step {
    if (pos + 3 > buf.length) return 'incomplete';
    const m = buf[pos + 2] as number;
    const problem = this.#problem(pos, 'barcode not decoded');
    if (m <= 6) {
      let end = pos + 3;
      while (end < buf.length && buf[end] !== 0 && end - pos < 3 + 255) end++;
      if (end - pos >= 3 + 255) {
        return { consumed: 3, tokens: [this.#problem(pos, 'barcode without terminator')] };
      }
      if (end >= buf.length) return 'incomplete';
      return { consumed: end - pos + 1, tokens: [problem] };
    }
    if (pos + 4 > buf.length) return 'incomplete';
    return { consumed: 4, skip: buf[pos + 3] as number, tokens: [problem] };
  }

  #fs(buf: Uint8Array, pos: number): Step {
    if (pos + 1 >= buf.length) return 'incomplete';
    const c = buf[pos + 1] as number;
    if (c === 0x26) return { consumed: 2, tokens: [{ type: 'chinese-mode', on: true }] };
    if (c === 0x2e) return { consumed: 2, tokens: [{ type: 'chinese-mode', on: false }] };
    if (c === 0x32) return { consumed: 2, skip: 74 }; // user-defined Chinese character
    if (c === 0x28) {
      if (pos + 5 > buf.length) return 'incomplete';
      return { consumed: 5, skip: (buf[pos + 3] as number) + (buf[pos + 4] as number) * 256 };
    }
    const count = FS_IGNORED[c];
    if (count === undefined) return this.#unknown(buf, pos, FS);
    if (pos + 2 + count > buf.length) return 'incomplete';
    return { consumed: 2 + count };
  }

  #dle(buf: Uint8Array, pos: number): Step {
    if (pos + 1 >= buf.length) return 'incomplete';
    const c = buf[pos + 1] as number;
    if (c === 0x04) {
      if (pos + 3 > buf.length) return 'incomplete';
      const n = buf[pos + 2] as number;
      if (n >= 1 && n <= 4) return { consumed: 3, tokens: [{ type: 'realtime-status', n }] };
      if (n === 7 || n === 8) {
        if (pos + 4 > buf.length) return 'incomplete';
        return { consumed: 4 };
      }
      return { consumed: 3, tokens: [this.#problem(pos, `unknown status request ${hex([n])}`)] };
    }
    if (c === 0x05) {
      if (pos + 3 > buf.length) return 'incomplete';
      return { consumed: 3 };
    }
    if (c === 0x14) {
      if (pos + 5 > buf.length) return 'incomplete';
      return { consumed: 5 };
    }
    return { consumed: 1, tokens: [this.#problem(pos, `unknown command ${hex([DLE, c])}`)] };
  }
}
