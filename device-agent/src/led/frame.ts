import iconv from 'iconv-lite';
import { err, ok, type Result } from '@bianmin/common';

/**
 * The counter LED displays' frame (docs/devices.md, "Counter LED displays"): one table of
 * the layout, `01 ADDR <text> 07`, that `encodeLedFrame` and `LedFrameAssembler` both read.
 */
export const LED_FRAME = {
  start: 0x01,
  /** One address byte right after the start. */
  addressBytes: 1,
  end: 0x07,
  /** A counter display's line; longer text is refused rather than cut mid-character. */
  maxTextBytes: 32,
} as const;

/** ASCII-only displays, or displays with a Chinese font in GB2312 or GB18030. */
export type LedEncoding = 'ascii' | 'gb2312' | 'gb18030';

export type LedTextError =
  | { kind: 'not-encodable'; encoding: LedEncoding }
  | { kind: 'too-long'; bytes: number }
  | { kind: 'control-character' };

export interface LedFrame {
  address: number;
  text: string;
}

/** Text bytes can never hold the frame's own markers: all are below 0x20. */
const isControl = (text: string) =>
  [...text].some((c) => c.codePointAt(0)! < 0x20 || c.codePointAt(0) === 0x7f);

/** The text's bytes in the display's encoding, or why it cannot be shown. */
function encodeLedText(text: string, encoding: LedEncoding): Result<Buffer, LedTextError> {
  if (isControl(text)) return err({ kind: 'control-character' });
  // iconv-lite replaces what an encoding lacks with '?': a round trip tells.
  const codec = encoding === 'ascii' ? 'ascii' : encoding;
  const bytes = iconv.encode(text, codec);
  if (iconv.decode(bytes, codec) !== text || (encoding === 'ascii' && /[^\x20-\x7e]/.test(text))) {
    return err({ kind: 'not-encodable', encoding });
  }
  if (bytes.length > LED_FRAME.maxTextBytes) return err({ kind: 'too-long', bytes: bytes.length });
  return ok(bytes);
}

export function encodeLedFrame(
  frame: LedFrame,
  encoding: LedEncoding,
): Result<Buffer, LedTextError> {
  const text = encodeLedText(frame.text, encoding);
  if (!text.ok) return text;
  return ok(Buffer.from([LED_FRAME.start, frame.address, ...text.value, LED_FRAME.end]));
}

export type LedFrameResult = Result<LedFrame, { kind: 'too-long' }>;

/**
 * Cuts the display bus's byte stream into frames, whatever chunks it arrives in (what the
 * simulator and the tests read the driver's output with). Bytes before a start byte are
 * noise; a frame that runs past the longest text is dropped as `too-long` and reading goes
 * on at the next start byte.
 */
export class LedFrameAssembler {
  readonly #encoding: LedEncoding;
  #frame: number[] | null = null;

  constructor(encoding: LedEncoding) {
    this.#encoding = encoding;
  }

  push(chunk: Uint8Array): LedFrameResult[] {
    const out: LedFrameResult[] = [];
    for (const byte of chunk) {
      if (this.#frame === null) {
        if (byte === LED_FRAME.start) this.#frame = [];
        continue;
      }
      // The address byte may be any value; only text bytes are looked at for the end.
      if (this.#frame.length >= LED_FRAME.addressBytes && byte === LED_FRAME.end) {
        const [address, ...text] = this.#frame;
        out.push(ok({ address: address!, text: iconv.decode(Buffer.from(text), this.#encoding) }));
        this.#frame = null;
        continue;
      }
      if (this.#frame.length >= LED_FRAME.addressBytes && byte === LED_FRAME.start) {
        // A start inside a frame: the one before was torn; this one begins afresh.
        this.#frame = [];
        continue;
      }
      this.#frame.push(byte);
      if (this.#frame.length > LED_FRAME.addressBytes + LED_FRAME.maxTextBytes) {
        out.push(err({ kind: 'too-long' as const }));
        this.#frame = null;
      }
    }
    return out;
  }

  reset(): void {
    this.#frame = null;
  }
}
