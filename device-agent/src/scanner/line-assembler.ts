/** Longest line kept; a scanner's longest QR code (2953 bytes) and its prefix fit. */
export const MAX_LINE_BYTES = 4096;

export type AssembledLine = { kind: 'line'; bytes: Buffer } | { kind: 'too-long' };

const CR = 0x0d;
const LF = 0x0a;

/**
 * The bytes of one code being received, up to a limit: past it the code is marked too long
 * and its bytes dropped, so a flood of noise cannot grow memory.
 */
export class CodeBuffer {
  readonly #maxBytes: number;
  #parts: Buffer[] = [];
  #length = 0;
  #overflowed = false;

  constructor(maxBytes = MAX_LINE_BYTES) {
    this.#maxBytes = maxBytes;
  }

  get length(): number {
    return this.#length;
  }

  /** Nothing taken since the last reset, not even an overflow. */
  get empty(): boolean {
    return this.#parts.length === 0 && !this.#overflowed;
  }

  take(bytes: Uint8Array): void {
    if (bytes.length === 0 || this.#overflowed) return;
    if (this.#length + bytes.length > this.#maxBytes) {
      this.#parts = [];
      this.#length = 0;
      this.#overflowed = true;
      return;
    }
    this.#parts.push(Buffer.from(bytes));
    this.#length += bytes.length;
  }

  /** The code held (nothing when empty), and a fresh start. */
  finish(): AssembledLine[] {
    const line: AssembledLine[] = this.#overflowed
      ? [{ kind: 'too-long' }]
      : this.#length > 0
        ? [{ kind: 'line', bytes: Buffer.concat(this.#parts) }]
        : [];
    this.reset();
    return line;
  }

  reset(): void {
    this.#parts = [];
    this.#length = 0;
    this.#overflowed = false;
  }
}

/**
 * Cuts a scanner's byte stream into lines at CR or LF, whatever chunks it arrives in. CR LF
 * and empty lines (line noise, a stray terminator) give nothing. A line over the limit is
 * reported once as too long and skipped to its end, so a flood of noise cannot grow memory.
 */
export class LineAssembler {
  readonly #code: CodeBuffer;

  constructor(maxBytes = MAX_LINE_BYTES) {
    this.#code = new CodeBuffer(maxBytes);
  }

  push(chunk: Uint8Array): AssembledLine[] {
    const lines: AssembledLine[] = [];
    let from = 0;
    for (let at = 0; at < chunk.length; at++) {
      const byte = chunk[at];
      if (byte !== CR && byte !== LF) continue;
      this.#code.take(chunk.subarray(from, at));
      from = at + 1;
      lines.push(...this.#code.finish());
    }
    this.#code.take(chunk.subarray(from));
    return lines;
  }

  /** Bytes held for a line not yet ended. */
  get pending(): number {
    return this.#code.length;
  }

  /** Forgets a half-received line, e.g. when the port is reopened. */
  reset(): void {
    this.#code.reset();
  }
}
