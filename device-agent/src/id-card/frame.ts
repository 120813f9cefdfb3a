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

/**
 * Where the first frame in `buffer` starts and ends (exclusive). Bytes before the first full
 * preamble are skipped: a reader powering up or a half-read earlier reply can leave noise on
 * the line. A LEN outside the possible range ends the "frame" right after LEN, so the decoder
 * reports bad-length at once instead of the caller waiting for bytes that never come.
 */
export function locateFrame(buffer: Uint8Array): { start: number; end: number } | undefined {
  const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const start = bytes.indexOf(PREAMBLE);
  if (start < 0 || bytes.length < start + HEADER_LENGTH) return undefined;
  const len = bytes.readUInt16BE(start + PREAMBLE.length);
  if (len < MIN_COMMAND_LEN || len > MAX_LEN) return { start, end: start + HEADER_LENGTH };
  const end = start + HEADER_LENGTH + len;
  return end <= bytes.length ? { start, end } : undefined;
}

/**
 * For `exchange()`: once the first frame is completely in, the number of bytes up to its end
 * (skipped leading noise included); otherwise undefined.
 */
export function frameLength(buffer: Buffer): number | undefined {
  return locateFrame(buffer)?.end;
}

/** Checks header, length and checksum; returns the body (between LEN and XOR). */
function decodeBody(input: Uint8Array, minLen: number): Result<Buffer, FrameError> {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const start = bytes.indexOf(PREAMBLE);
  if (start < 0) {
    const couldBePreamble =
      bytes.length < PREAMBLE.length && PREAMBLE.subarray(0, bytes.length).equals(bytes);
    return couldBePreamble
      ? err({ kind: 'truncated', detail: `${bytes.length} bytes, preamble incomplete` })
      : err({ kind: 'bad-header', detail: `no AA AA AA 96 69 preamble in ${bytes.length} bytes` });
  }
  const frame = bytes.subarray(start);
  if (frame.length < HEADER_LENGTH) {
    return err({ kind: 'truncated', detail: `${frame.length} bytes, LEN missing` });
  }
  const len = frame.readUInt16BE(PREAMBLE.length);
  if (len < minLen || len > MAX_LEN) {
    return err({ kind: 'bad-length', detail: `LEN ${len} outside ${minLen}..${MAX_LEN}` });
  }
  const total = HEADER_LENGTH + len;
  if (frame.length < total) {
    return err({ kind: 'truncated', detail: `${frame.length} of ${total} bytes` });
  }
  if (frame.length > total) {
    return err({
      kind: 'bad-length',
      detail: `${frame.length - total} bytes after the ${total}-byte frame`,
    });
  }
  const expected = xor(frame.subarray(PREAMBLE.length, total - 1));
  const actual = frame[total - 1];
  if (actual !== expected) {
    return err({
      kind: 'bad-checksum',
      detail: `XOR ${hex(actual ?? 0)}, expected ${hex(expected)}`,
    });
  }
  return ok(frame.subarray(HEADER_LENGTH, total - 1));
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * Decodes one reader reply. Leading noise before the preamble is skipped (as in
 * `locateFrame`); bytes after the frame are a bad-length error. Never throws.
 */
export function decodeReply(bytes: Uint8Array): Result<ReaderReply, FrameError> {
  const body = decodeBody(bytes, MIN_REPLY_LEN);
  if (!body.ok) return body;
  const b = body.value;
  return ok({ sw1: b[0] ?? 0, sw2: b[1] ?? 0, sw3: b[2] ?? 0, data: b.subarray(3) });
}

/** Decodes one host command, for the simulator. Same rules as `decodeReply`. */
export function decodeCommand(bytes: Uint8Array): Result<HostCommand, FrameError> {
  const body = decodeBody(bytes, MIN_COMMAND_LEN);
  if (!body.ok) return body;
  const b = body.value;
  return ok({ cmd: b[0] ?? 0, para: b[1] ?? 0, data: b.subarray(2) });
}
