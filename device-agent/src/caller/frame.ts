import { err, ok, type Result } from '@bianmin/common';

/**
 * The caller keypads' RS-485 frame (docs/devices.md, "Counter caller keypads"):
 * `FF 68 LEN LEN 68 ADDR FUNC DATA… CS 16`, LEN counting ADDR up to the last data byte and
 * CS their sum mod 256. One table below names each function and its data length, and both
 * `encodeCallerFrame` and `decodeCallerFrame` read it, so the two cannot disagree.
 */
const CALLER_FUNCTIONS = {
  /** Host asks one address for a key press; a caller with none echoes the poll. */
  poll: { code: 0x00, minData: 0, maxData: 0 },
  /** Caller reports a key: digits typed before it (0-9 each), then the key code last. */
  key: { code: 0x01, minData: 1, maxData: 4 },
  /** Host writes the caller's display: 6 digit bytes, 0A blank. */
  display: { code: 0x02, minData: 6, maxData: 6 },
  /** Host makes the caller beep. */
  beep: { code: 0x03, minData: 0, maxData: 0 },
} as const;

type CallerFunction = keyof typeof CALLER_FUNCTIONS;

export interface CallerFrame {
  /** Bus address 1-254 (0 and FF are kept for broadcast on these buses). */
  address: number;
  function: CallerFunction;
  data: Buffer;
}

export type CallerFrameError =
  | { kind: 'bad-checksum' }
  | { kind: 'bad-end' }
  | { kind: 'unknown-function'; code: number }
  | { kind: 'bad-length'; function: CallerFunction; length: number };

const START = 0xff;
const MARK = 0x68;
const END = 0x16;
/** FF 68 LEN LEN 68 before ADDR, CS 16 after the data. */
const FRAME_OVERHEAD = 7;
/** ADDR and FUNC: the least LEN can be. */
const MIN_LEN = 2;
const MAX_DATA = Math.max(...Object.values(CALLER_FUNCTIONS).map((f) => f.maxData));
export const MAX_FRAME_BYTES = FRAME_OVERHEAD + MIN_LEN + MAX_DATA;

const BY_CODE = new Map<number, CallerFunction>(
  Object.entries(CALLER_FUNCTIONS).map(([name, spec]) => [spec.code, name as CallerFunction]),
);

const checksum = (bytes: Uint8Array): number => bytes.reduce((sum, b) => (sum + b) & 0xff, 0);

export function encodeCallerFrame(frame: CallerFrame): Buffer {
  const spec = CALLER_FUNCTIONS[frame.function];
  if (frame.data.length < spec.minData || frame.data.length > spec.maxData) {
    throw new RangeError(`${frame.function} takes ${spec.minData}-${spec.maxData} data bytes`);
  }
  const body = Buffer.from([frame.address, spec.code, ...frame.data]);
  return Buffer.from([START, MARK, body.length, body.length, MARK, ...body, checksum(body), END]);
}

/** Where a frame could start in `bytes`, and how long it says it is. */
export type FrameScan =
  | { kind: 'none'; keepFrom: number }
  | { kind: 'partial'; start: number }
  | { kind: 'frame'; start: number; end: number };

/**
 * Finds the first plausible frame head (FF 68 L L 68 with a possible L) at or after `from`.
 * A lone FF at the very end is kept, since the 68 may follow in the next chunk.
 */
export function scanCallerFrame(bytes: Uint8Array, from = 0): FrameScan {
  for (let at = from; at < bytes.length; at++) {
    if (bytes[at] !== START) continue;
    const have = bytes.length - at;
    if (have < 5) {
      // Only the bytes seen so far can rule a head out.
      const head = [START, MARK, -1, -1, MARK];
      const fits = head.every((b, i) => i >= have || b === -1 || bytes[at + i] === b);
      if (fits && (have < 4 || bytes[at + 2] === bytes[at + 3]))
        return { kind: 'partial', start: at };
      continue;
    }
    const len = bytes[at + 2]!;
    const plausible =
      bytes[at + 1] === MARK &&
      bytes[at + 4] === MARK &&
      len === bytes[at + 3] &&
      len >= MIN_LEN &&
      len <= MIN_LEN + MAX_DATA;
    if (!plausible) continue;
    const end = at + FRAME_OVERHEAD + len;
    if (bytes.length < end) return { kind: 'partial', start: at };
    return { kind: 'frame', start: at, end };
  }
  return { kind: 'none', keepFrom: bytes.length };
}

/** Decodes one whole frame as `scanCallerFrame` delimited it. */
export function decodeCallerFrame(frame: Uint8Array): Result<CallerFrame, CallerFrameError> {
  const len = frame[2]!;
  const body = frame.subarray(5, 5 + len);
  if (frame[frame.length - 1] !== END) return err({ kind: 'bad-end' });
  if (checksum(body) !== frame[5 + len]) return err({ kind: 'bad-checksum' });
  const code = body[1]!;
  const name = BY_CODE.get(code);
  if (name === undefined) return err({ kind: 'unknown-function', code });
  const spec = CALLER_FUNCTIONS[name];
  const data = Buffer.from(body.subarray(2));
  if (data.length < spec.minData || data.length > spec.maxData) {
    return err({ kind: 'bad-length', function: name, length: data.length });
  }
  return ok({ address: body[0]!, function: name, data });
}
