import { ok, err, type Result } from '@bianmin/common';

/**
 * GA/T 467 host-protocol framing, shared by the driver (commands out, replies in) and the
 * simulator (the reverse). Frames are `AA AA AA 96 69 | LEN(2, BE) | body | XOR`; LEN counts
 * every byte after it including the checksum, and XOR covers LEN through the last body byte.
 */
export const PREAMBLE: Buffer = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);

const HEADER_LENGTH = PREAMBLE.length + 2;
/** CMD PARA XOR. */
const MIN_COMMAND_LEN = 3;
/** SW1 SW2 SW3 XOR. */
const MIN_REPLY_LEN = 4;
/**
 * The largest real frame is the 2321-byte text+photo+fingerprint reply (LEN 2314). Anything
 * far above that is line noise; rejecting it early avoids waiting out a timeout for bytes
 * that will never come.
 */
export const MAX_LEN = 4096;

export type FrameError = {
  kind: 'bad-header' | 'bad-length' | 'bad-checksum' | 'truncated';
  detail: string;
};

export interface ReaderReply {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Buffer;
}

export interface HostCommand {
  cmd: number;
  para: number;
  data: Buffer;
}

function xor(bytes: Uint8Array): number {
  let sum = 0;
  for (const byte of bytes) sum ^= byte;
  return sum;
}

/**
 * Bodies come from this codebase, never from the wire, so an oversized one is a programming
 * error and throws; everything that decodes bytes returns a result instead.
 */
function buildFrame(head: number[], data: Uint8Array): Uint8Array {
  const body = Buffer.concat([Uint8Array.from(head, (n) => n & 0xff), data]);
  const len = body.length + 1;
  if (len > MAX_LEN)
    throw new RangeError(`frame body of ${body.length} bytes exceeds LEN ${MAX_LEN}`);
  const frame = Buffer.alloc(HEADER_LENGTH + len);
  PREAMBLE.copy(frame, 0);
  frame.writeUInt16BE(len, PREAMBLE.length);
  body.copy(frame, HEADER_LENGTH);
  frame[frame.length - 1] = xor(frame.subarray(PREAMBLE.length, frame.length - 1));
  return frame;
}

/** Host -> reader frame, e.g. find card: `encodeCommand(0x20, 0x01)`. */
export function encodeCommand(
  cmd: number,
  para: number,
  data: Uint8Array = new Uint8Array(),
): Uint8Array {
  return buildFrame([cmd, para], data);
}

/** Reader -> host frame; the driver never sends these, the simulator does. */
export function encodeReply(
  sw: readonly [number, number, number],
  data: Uint8Array = new Uint8Array(),
): Uint8Array {
  return buildFrame([sw[0], sw[1], sw[2]], data);
}

/** Which way a frame travels; replies are one byte longer at least (three status bytes). */
export type FrameDirection = 'command' | 'reply';

const MIN_LEN: Readonly<Record<FrameDirection, number>> = {
  command: MIN_COMMAND_LEN,
  reply: MIN_REPLY_LEN,
};

/** What the start of a byte buffer holds, frame-wise. */
export type FrameScan =
  /** No preamble. Bytes before `keepFrom` can never begin one; the rest may, with more bytes. */
  | { kind: 'none'; keepFrom: number }
  /** A frame begins at `start` but has not all arrived. */
  | { kind: 'partial'; start: number }
  /** A whole, valid frame in `[start, end)`; `body` lies between LEN and XOR. */
  | { kind: 'frame'; start: number; end: number; body: Buffer }
  /**
   * A frame that cannot be right, in `[start, end)`. A LEN outside the possible range ends the
   * "frame" right after LEN, so nobody waits for bytes that never come.
   */
  | { kind: 'invalid'; start: number; end: number; error: FrameError };

/**
 * Finds the first frame in `input`. Bytes before the first full preamble are skipped: a reader
 * powering up or a half-read earlier reply can leave noise on the line. Never throws.
 */
export function scanFrame(input: Uint8Array, direction: FrameDirection): FrameScan {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const start = bytes.indexOf(PREAMBLE);
  if (start < 0) return { kind: 'none', keepFrom: possiblePreambleStart(bytes) };
  if (bytes.length < start + HEADER_LENGTH) return { kind: 'partial', start };
  const len = bytes.readUInt16BE(start + PREAMBLE.length);
  const minLen = MIN_LEN[direction];
  if (len < minLen || len > MAX_LEN) {
    const error: FrameError = {
      kind: 'bad-length',
      detail: `LEN ${len} outside ${minLen}..${MAX_LEN}`,
    };
    return { kind: 'invalid', start, end: start + HEADER_LENGTH, error };
  }
  const end = start + HEADER_LENGTH + len;
  if (bytes.length < end) return { kind: 'partial', start };
  const expected = xor(bytes.subarray(start + PREAMBLE.length, end - 1));
  const actual = bytes[end - 1] ?? 0;
  if (actual !== expected) {
    const error: FrameError = {
      kind: 'bad-checksum',
      detail: `XOR ${hex(actual)}, expected ${hex(expected)}`,
    };
    return { kind: 'invalid', start, end, error };
  }
  return { kind: 'frame', start, end, body: bytes.subarray(start + HEADER_LENGTH, end - 1) };
}

/** Where a preamble cut off by the end of `bytes` could begin (its length if nowhere). */
function possiblePreambleStart(bytes: Buffer): number {
  for (let from = Math.max(0, bytes.length - PREAMBLE.length + 1); from < bytes.length; from++) {
    if (PREAMBLE.subarray(0, bytes.length - from).equals(bytes.subarray(from))) return from;
  }
  return bytes.length;
}

/**
 * For callers holding a buffer: once the first frame is completely in, the number of bytes up
 * to its end (skipped leading noise included); otherwise undefined.
 */
export function frameLength(buffer: Uint8Array): number | undefined {
  const scan = scanFrame(buffer, 'command');
  return scan.kind === 'frame' || scan.kind === 'invalid' ? scan.end : undefined;
}

/** Decodes exactly one frame: leading noise is skipped, bytes after the frame are an error. */
function decodeWhole(input: Uint8Array, direction: FrameDirection): Result<Buffer, FrameError> {
  const scan = scanFrame(input, direction);
  switch (scan.kind) {
    case 'none':
      return scan.keepFrom === 0
        ? err({ kind: 'truncated', detail: `${input.length} bytes, preamble incomplete` })
        : err({
            kind: 'bad-header',
            detail: `no AA AA AA 96 69 preamble in ${input.length} bytes`,
          });
    case 'partial': {
      const have = input.length - scan.start;
      if (have < HEADER_LENGTH)
        return err({ kind: 'truncated', detail: `${have} bytes, LEN missing` });
      const total = HEADER_LENGTH + Buffer.from(input).readUInt16BE(scan.start + PREAMBLE.length);
      return err({ kind: 'truncated', detail: `${have} of ${total} bytes` });
    }
    case 'invalid':
    case 'frame': {
      const extra = input.length - scan.end;
      if (extra > 0 && !(scan.kind === 'invalid' && scan.error.kind === 'bad-length')) {
        const total = scan.end - scan.start;
        return err({ kind: 'bad-length', detail: `${extra} bytes after the ${total}-byte frame` });
      }
      return scan.kind === 'frame' ? ok(scan.body) : err(scan.error);
    }
  }
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

export function replyOf(body: Buffer): ReaderReply {
  return { sw1: body[0] ?? 0, sw2: body[1] ?? 0, sw3: body[2] ?? 0, data: body.subarray(3) };
}

export function commandOf(body: Buffer): HostCommand {
  return { cmd: body[0] ?? 0, para: body[1] ?? 0, data: body.subarray(2) };
}

/** Decodes one reader reply (see `decodeWhole` for what is allowed around it). Never throws. */
export function decodeReply(bytes: Uint8Array): Result<ReaderReply, FrameError> {
  const body = decodeWhole(bytes, 'reply');
  return body.ok ? ok(replyOf(body.value)) : body;
}

/** Decodes one host command, for the simulator. Same rules as `decodeReply`. */
export function decodeCommand(bytes: Uint8Array): Result<HostCommand, FrameError> {
  const body = decodeWhole(bytes, 'command');
  return body.ok ? ok(commandOf(body.value)) : body;
}
