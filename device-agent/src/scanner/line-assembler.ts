/** Longest line kept; a scanner's longest QR code (2953 bytes) and its prefix fit. */
export const MAX_LINE_BYTES = 4096;

export type AssembledLine = { kind: 'line'; bytes: Buffer } | { kind: 'too-long' };

const CR = 0x0d;
const LF = 0x0a;

/**
 * Cuts a scanner's byte stream into lines at CR or LF, whatever chunks it arrives in. CR LF
 * and empty lines (line noise, a stray terminator) give nothing. A line over the limit is
 * reported once as too long and skipped to its end, so a flood of noise cannot grow memory.
 */
export class LineAssembler {
  readonly #maxBytes: number;
  #parts: Buffer[] = [];
  #length = 0;
  #overflowed = false;

  constructor(maxBytes = MAX_LINE_BYTES) {
    this.#maxBytes = maxBytes;
  }

  push(chunk: Uint8Array): AssembledLine[] {
    const lines: AssembledLine[] = [];
    let from = 0;
    for (let at = 0; at < chunk.length; at++) {
      const byte = chunk[at];
      if (byte !== CR && byte !== LF) continue;
      this.#take(chunk.subarray(from, at));
      from = at + 1;
      if (this.#overflowed) lines.push({ kind: 'too-long' });
      else if (this.#length > 0) lines.push({ kind: 'line', bytes: Buffer.concat(this.#parts) });
      this.reset();
    }
    this.#take(chunk.subarray(from));
    return lines;
  }

  /** Bytes held for a line not yet ended. */
  get pending(): number {
    return this.#length;
  }

  /** Forgets a half-received line, e.g. when the port is reopened. */
  reset(): void {
    this.#parts = [];
    this.#length = 0;
    this.#overflowed = false;
  }

  #take(bytes: Uint8Array): void {
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
}
