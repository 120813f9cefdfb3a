import iconv from 'iconv-lite';
import { ok, err, type Result } from '@bianmin/common';
import { LF } from './command-shapes.js';
import {
  ALIGN,
  AUTO_STATUS_BACK,
  BOLD,
  CHINESE_OFF,
  CHINESE_ON,
  CUT,
  FEED,
  INIT,
  RASTER_IMAGE,
  REALTIME_STATUS_REQUEST,
  SIZE,
  TRANSMIT_STATUS,
  type Align,
  type CutKind,
  type QrErrorLevel,
  type RasterImage,
} from './escpos-commands.js';
import { QR_ERROR_LEVEL, QR_MODEL, QR_MODULE_SIZE, QR_PRINT, QR_STORE } from './qr-commands.js';
import type { RealtimeStatusRequest } from './status-bits.js';

export interface QrOptions {
  /** Dots per module, 1-16; default 6 (about 25 mm wide for a short URL at 203 dpi). */
  moduleSize?: number;
  errorLevel?: QrErrorLevel;
}

/** Byte capacity of a version 40 QR symbol in byte mode: the most one symbol can hold. */
const QR_BYTE_CAPACITY: Record<QrErrorLevel, number> = {
  L: 2953,
  M: 2331,
  Q: 1663,
  H: 1273,
};

/** Real-time status request `DLE EOT n`; the printer answers it even while busy printing. */
export function statusRequest(n: RealtimeStatusRequest): Uint8Array {
  return Uint8Array.from(REALTIME_STATUS_REQUEST.encode(n));
}

/**
 * Buffered paper-sensor status `GS r 1`. Unlike `DLE EOT` it waits its turn behind earlier
 * print data, so its reply tells the driver the job before it has gone through.
 */
export function bufferedPaperStatusRequest(): Uint8Array {
  return Uint8Array.from(TRANSMIT_STATUS.encode(1));
}

/**
 * `GS a n`: with n not 0 the printer pushes its four automatic status bytes at once and on
 * every change (see `AUTO_STATUS`). The driver polls instead and never sends this: pushed
 * bytes 2-4 have the same fixed bits as a `GS r 1` reply and would blur its print barrier.
 */
export function autoStatusBackRequest(n: number): Uint8Array {
  return Uint8Array.from(AUTO_STATUS_BACK.encode(n & 0xff));
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
 * Encodes the small ESC/POS subset the kiosk prints with, byte for byte as the command
 * table declares it. Argument policy: numbers are rounded and clamped into their legal range (a chained
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
    return this.#push(...INIT.encode());
  }

  align(align: Align): this {
    return this.#push(...ALIGN.encode(align));
  }

  bold(on: boolean): this {
    return this.#push(...BOLD.encode(on));
  }

  /** Character magnification, 1-8 each way (clamped); applies to Chinese characters too. */
  size(width: number, height: number): this {
    const w = clampInt(width, 1, 8, 1);
    const h = clampInt(height, 1, 8, 1);
    return this.#push(...SIZE.encode({ width: w, height: h }));
  }

  /** Chinese mode makes the printer read bytes 0x81-0xFE as GB18030 characters. */
  chineseMode(on: boolean): this {
    return this.#push(...(on ? CHINESE_ON : CHINESE_OFF).encode());
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
    return this.#push(...FEED.encode(clampInt(lines, 0, 255, 0)));
  }

  /**
   * QR code, model 2, with `GS ( k`. The payload is sent as UTF-8, which phone scanners
   * assume when a symbol has no ECI header.
   */
  qr(data: string, options: QrOptions = {}): this {
    const moduleSize = clampInt(options.moduleSize ?? 6, 1, 16, 6);
    const errorLevel: QrErrorLevel =
      options.errorLevel !== undefined && Object.hasOwn(QR_BYTE_CAPACITY, options.errorLevel)
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
    this.#push(...QR_MODEL.encode(2));
    this.#push(...QR_MODULE_SIZE.encode(moduleSize));
    this.#push(...QR_ERROR_LEVEL.encode(errorLevel));
    this.#push(...QR_STORE.encode(payload));
    return this.#push(...QR_PRINT.encode());
  }

  /** `feedUnits` (0-255, clamped) is the extra feed of 'feed-partial', in motion units. */
  cut(kind: CutKind = 'partial', feedUnits = 0): this {
    return this.#push(...CUT.encode({ kind, feedUnits: clampInt(feedUnits, 0, 255, 0) }));
  }

  /**
   * A raster image. Printers take `GS v 0` only at the start of a line, so end any text line
   * before it. Missing data bytes print blank.
   */
  raster(image: RasterImage): this {
    const widthBytes = clampInt(image.widthBytes, 1, 255, 1);
    const heightDots = clampInt(image.heightDots, 1, 2303, 1);
    const data = new Uint8Array(widthBytes * heightDots);
    data.set(image.data.subarray(0, data.length));
    return this.#push(...RASTER_IMAGE.encode({ widthBytes, heightDots, data }));
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
