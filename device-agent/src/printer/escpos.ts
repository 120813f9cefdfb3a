import iconv from 'iconv-lite';
import { ok, err, type Result } from '@bianmin/common';

export type Align = 'left' | 'center' | 'right';
export type CutKind = 'full' | 'partial' | 'feed-partial';
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';
export type RealtimeStatusRequest = 1 | 2 | 3 | 4;

export interface QrOptions {
  /** Dots per module, 1-16; default 6 (about 25 mm wide for a short URL at 203 dpi). */
  moduleSize?: number;
  errorLevel?: QrErrorLevel;
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const LF = 0x0a;

const ALIGN_CODE: Record<Align, number> = { left: 0, center: 1, right: 2 };
const ERROR_LEVEL_CODE: Record<QrErrorLevel, number> = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 };
const CUT_BYTES: Record<CutKind, readonly number[]> = {
  full: [GS, 0x56, 0x00],
  partial: [GS, 0x56, 0x01],
  'feed-partial': [GS, 0x56, 0x42, 0x00],
};

/** Byte capacity of a version 40 QR symbol in byte mode: the most one symbol can hold. */
export const QR_BYTE_CAPACITY: Record<QrErrorLevel, number> = {
  L: 2953,
  M: 2331,
  Q: 1663,
  H: 1273,
};

/** Real-time status request `DLE EOT n`; the printer answers it even while busy printing. */
export function statusRequest(n: RealtimeStatusRequest): Uint8Array {
  return Uint8Array.of(0x10, 0x04, n);
}

/**
 * Buffered paper-sensor status `GS r 1`. Unlike `DLE EOT` it waits its turn behind earlier
 * print data, so its reply tells the driver the job before it has gone through.
 */
export function bufferedPaperStatusRequest(): Uint8Array {
  return Uint8Array.of(GS, 0x72, 0x01);
}

function clampInt(value: number, min: number, max: number, fallback: number): number {
  if (!Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.round(value)));
}

/**
 * Control characters in text would be read by the printer as commands (a name containing
 * ESC @ would reset it mid-receipt), and lone surrogates have no GB18030 form.
 */
function printableText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]|\p{Cs}/gu, '?');
}

/**
 * Encodes the small ESC/POS subset the kiosk prints with, byte for byte as devices.md gives
 * it. Argument policy: numbers are rounded and clamped into their legal range (a chained
 * builder has no good place for an error, and a slightly different size still prints); text
 * is made printable (control characters become '?'). A QR payload that cannot be printed
 * (empty or over capacity) is left out and recorded in `problems`; `buildChecked()` turns
 * any problem into an error for callers that must not print a partial receipt.
 */
export class EscPosBuilder {
  #bytes: number[] = [];
  #problems: string[] = [];

  get problems(): readonly string[] {
    return this.#problems;
  }

  #push(...bytes: readonly number[]): this {
    for (const b of bytes) this.#bytes.push(b);
    return this;
  }

  #pushBytes(bytes: Uint8Array): this {
    for (const b of bytes) this.#bytes.push(b);
    return this;
  }

  init(): this {
    return this.#push(ESC, 0x40);
  }

  align(align: Align): this {
    return this.#push(ESC, 0x61, ALIGN_CODE[align] ?? 0);
  }

  bold(on: boolean): this {
    return this.#push(ESC, 0x45, on ? 1 : 0);
  }

  /** Character magnification, 1-8 each way (clamped); applies to Chinese characters too. */
  size(width: number, height: number): this {
    const w = clampInt(width, 1, 8, 1);
    const h = clampInt(height, 1, 8, 1);
    return this.#push(GS, 0x21, ((w - 1) << 4) | (h - 1));
  }

  /** Chinese mode makes the printer read bytes 0x81-0xFE as GB18030 characters. */
  chineseMode(on: boolean): this {
    return this.#push(FS, on ? 0x26 : 0x2e);
  }

  /** Text without a line end; a '\n' inside becomes a line feed. */
  text(text: string): this {
    const parts = text.replace(/\r/g, '').split('\n');
    parts.forEach((part, index) => {
      if (index > 0) this.#push(LF);
      if (part.length > 0) this.#pushBytes(iconv.encode(printableText(part), 'gb18030'));
    });
    return this;
  }

  newline(): this {
    return this.#push(LF);
  }

  line(text: string): this {
    return this.text(text).newline();
  }

  /** Prints what is buffered and feeds n lines (0-255, clamped). */
  feed(lines: number): this {
    return this.#push(ESC, 0x64, clampInt(lines, 0, 255, 0));
  }

  /**
   * QR code, model 2, with `GS ( k`. The payload is sent as UTF-8, which phone scanners
   * assume when a symbol has no ECI header.
   */
  qr(data: string, options: QrOptions = {}): this {
    const moduleSize = clampInt(options.moduleSize ?? 6, 1, 16, 6);
    const errorLevel: QrErrorLevel =
      options.errorLevel !== undefined && options.errorLevel in ERROR_LEVEL_CODE
        ? options.errorLevel
        : 'M';
    const payload = new TextEncoder().encode(data);
    if (payload.length === 0) {
      this.#problems.push('QR code left out: empty payload');
      return this;
    }
    if (payload.length > QR_BYTE_CAPACITY[errorLevel]) {
      this.#problems.push(
        `QR code left out: ${payload.length} bytes exceed ${QR_BYTE_CAPACITY[errorLevel]} at level ${errorLevel}`,
      );
      return this;
    }
    const storeLength = payload.length + 3;
    this.#push(GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00);
    this.#push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, moduleSize);
    this.#push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, ERROR_LEVEL_CODE[errorLevel]);
    this.#push(GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30);
    this.#pushBytes(payload);
    return this.#push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30);
  }

  cut(kind: CutKind = 'partial'): this {
    return this.#push(...(CUT_BYTES[kind] ?? CUT_BYTES.partial));
  }

  /** Raw bytes for commands outside this subset; the caller vouches for them. */
  raw(bytes: Uint8Array): this {
    return this.#pushBytes(bytes);
  }

  build(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }

  buildChecked(): Result<Uint8Array, readonly string[]> {
    return this.#problems.length > 0 ? err([...this.#problems]) : ok(this.build());
  }
}
