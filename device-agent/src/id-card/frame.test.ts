import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeCommand,
  decodeReply,
  encodeCommand,
  encodeReply,
  frameLength,
  MAX_LEN,
  PREAMBLE,
} from './frame.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
const byte = fc.integer({ min: 0, max: 255 });
/** Noise that cannot complete a preamble (no 0x69), so the real frame is the first one. */
const noise = fc.uint8Array({ maxLength: 40 }).map((a) => a.filter((b) => b !== 0x69));

describe('encodeCommand', () => {
  it('builds the find-card frame byte for byte', () => {
    expect(hex(encodeCommand(0x20, 0x01))).toBe('AAAAAA96690003200122');
  });

  it('builds an 11-byte error reply with LEN 00 04', () => {
    const reply = encodeReply([0, 0, 0x80]);
    expect(reply.length).toBe(11);
    expect(hex(reply)).toBe('AAAAAA9669000400008084');
  });

  it('rejects a body that LEN cannot describe as a programming error', () => {
    expect(() => encodeCommand(0x30, 0x01, new Uint8Array(MAX_LEN))).toThrow(RangeError);
  });
});

describe('round trips', () => {
  it('command -> decodeCommand', () => {
    fc.assert(
      fc.property(byte, byte, fc.uint8Array({ maxLength: 300 }), (cmd, para, data) => {
        const frame = encodeCommand(cmd, para, data);
        expect(frameLength(Buffer.from(frame))).toBe(frame.length);
        const decoded = decodeCommand(frame);
        expect(decoded).toEqual({ ok: true, value: { cmd, para, data: Buffer.from(data) } });
      }),
    );
  });

  it('reply -> decodeReply, including after leading noise', () => {
    fc.assert(
      fc.property(
        fc.tuple(byte, byte, byte),
        fc.uint8Array({ maxLength: 1300 }),
        noise,
        (sw, data, garbage) => {
          const frame = encodeReply(sw, data);
          const stream = Buffer.concat([garbage, frame, Buffer.from([1, 2, 3])]);
          const end = frameLength(stream);
          expect(end).toBe(garbage.length + frame.length);
          const decoded = decodeReply(stream.subarray(0, end));
          expect(decoded).toEqual({
            ok: true,
            value: { sw1: sw[0], sw2: sw[1], sw3: sw[2], data: Buffer.from(data) },
          });
        },
      ),
    );
  });

  it('frameLength waits on every proper prefix of a frame', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(), (data, cut) => {
        const frame = Buffer.from(encodeReply([0, 0, 0x90], data));
        const prefix = frame.subarray(0, cut % frame.length);
        expect(frameLength(prefix)).toBeUndefined();
        const decoded = decodeReply(prefix);
        expect(decoded.ok ? undefined : decoded.error.kind).toBe('truncated');
      }),
    );
  });
});

describe('malformed input', () => {
  it('never throws on garbage and reports a defined error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const end = frameLength(Buffer.from(bytes));
        if (end !== undefined) expect(end).toBeLessThanOrEqual(bytes.length);
        for (const decoded of [decodeReply(bytes), decodeCommand(bytes)]) {
          if (!decoded.ok) {
            expect(['bad-header', 'bad-length', 'bad-checksum', 'truncated']).toContain(
              decoded.error.kind,
            );
          }
        }
      }),
    );
  });

  it('never throws on garbage behind a preamble (exercises the length paths)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (tail) => {
        const bytes = Buffer.concat([PREAMBLE, tail]);
        const end = frameLength(bytes);
        decodeReply(end === undefined ? bytes : bytes.subarray(0, end));
        decodeCommand(bytes);
      }),
    );
  });

  it('detects a flipped checksum, any flipped body byte, and trailing bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), (data, at) => {
        const frame = Buffer.from(encodeReply([0, 0, 0x90], data));
        const i = PREAMBLE.length + 2 + (at % (frame.length - PREAMBLE.length - 2));
        frame[i] = (frame[i] ?? 0) ^ 0x01;
        const decoded = decodeReply(frame);
        // Flipping a LEN byte changes the length instead; every other byte breaks the XOR.
        expect(decoded.ok).toBe(false);
      }),
    );
    const withTail = Buffer.concat([encodeReply([0, 0, 0x90]), Buffer.from([0])]);
    expect(decodeReply(withTail)).toMatchObject({ ok: false, error: { kind: 'bad-length' } });
  });

  it('classifies the typical cases', () => {
    const kind = (bytes: Uint8Array) => {
      const r = decodeReply(bytes);
      return r.ok ? 'ok' : r.error.kind;
    };
    expect(kind(Buffer.from('hello world'))).toBe('bad-header');
    expect(kind(Buffer.from([0xaa, 0xaa]))).toBe('truncated');
    expect(kind(Buffer.concat([PREAMBLE, Buffer.from([0x00, 0x01, 0x00])]))).toBe('bad-length');
    expect(kind(Buffer.concat([PREAMBLE, Buffer.from([0xff, 0xff])]))).toBe('bad-length');
    const bad = Buffer.from(encodeReply([0, 0, 0x90]));
    bad[bad.length - 1]! ^= 0xff;
    expect(kind(bad)).toBe('bad-checksum');
  });

  it('ends an impossible LEN at once instead of waiting for bytes that never come', () => {
    const bytes = Buffer.concat([Buffer.from([1, 2]), PREAMBLE, Buffer.from([0xff, 0xff, 9])]);
    expect(frameLength(bytes)).toBe(2 + PREAMBLE.length + 2);
  });
});
