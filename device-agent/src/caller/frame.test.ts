import { describe, expect, it } from 'vitest';
import { CallerFrameAssembler } from './frame-assembler.js';
import {
  decodeCallerFrame,
  encodeCallerFrame,
  MAX_FRAME_BYTES,
  type CallerFrame,
} from './frame.js';
import {
  actionOf,
  decodeKeyPress,
  displayText,
  encodeDisplay,
  encodeKeyPress,
  type KeyPress,
} from './keys.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** Byte-exact fixtures, worked out by hand from the family's layout (docs/devices.md). */
const FIXTURES: [string, CallerFrame][] = [
  // poll address 1: LEN 02, CS = 01 + 00
  ['FF 68 02 02 68 01 00 01 16', { address: 1, function: 'poll', data: Buffer.alloc(0) }],
  // address 2 presses call next (0C): CS = 02 + 01 + 0C = 0F
  ['FF 68 03 03 68 02 01 0C 0F 16', { address: 2, function: 'key', data: hex('0C') }],
  // address 3: digit 6 then confirm (no-show): CS = 03 + 01 + 06 + 0F = 19
  ['FF 68 04 04 68 03 01 06 0F 19 16', { address: 3, function: 'key', data: hex('060F') }],
  // display "005" called, 12 waiting on address 1: CS = 01+02+00+00+05+0A+01+02 = 15
  [
    'FF 68 08 08 68 01 02 00 00 05 0A 01 02 15 16',
    { address: 1, function: 'display', data: hex('0000050A0102') },
  ],
  // beep address 0xFE: CS = FE + 03 = 01 (mod 256)
  ['FF 68 02 02 68 FE 03 01 16', { address: 0xfe, function: 'beep', data: Buffer.alloc(0) }],
];

describe('caller frame table', () => {
  it.each(FIXTURES)('encodes and decodes %s byte for byte', (bytes, frame) => {
    expect(encodeCallerFrame(frame)).toEqual(hex(bytes));
    expect(decodeCallerFrame(hex(bytes))).toEqual({ ok: true, value: frame });
  });

  it('refuses a wrong checksum, a wrong end byte, an unknown function and a wrong length', () => {
    expect(decodeCallerFrame(hex('FF 68 02 02 68 01 00 02 16'))).toMatchObject({
      error: { kind: 'bad-checksum' },
    });
    expect(decodeCallerFrame(hex('FF 68 02 02 68 01 00 01 17'))).toMatchObject({
      error: { kind: 'bad-end' },
    });
    expect(decodeCallerFrame(hex('FF 68 02 02 68 01 09 0A 16'))).toMatchObject({
      error: { kind: 'unknown-function', code: 9 },
    });
    expect(decodeCallerFrame(hex('FF 68 03 03 68 01 02 07 0A 16'))).toMatchObject({
      error: { kind: 'bad-length', function: 'display', length: 1 },
    });
  });
});

describe('caller frame assembler', () => {
  const all = Buffer.concat(FIXTURES.map(([bytes]) => hex(bytes)));

  it('finds every frame whatever the chunking, with noise between them', () => {
    const noisy = Buffer.concat([
      hex('00 FF 13 68'),
      all.subarray(0, 20),
      hex('FF FF'),
      all.subarray(20),
    ]);
    for (const size of [1, 2, 3, 7, noisy.length]) {
      const assembler = new CallerFrameAssembler();
      const frames = [];
      for (let at = 0; at < noisy.length; at += size) {
        frames.push(...assembler.push(noisy.subarray(at, at + size)));
      }
      expect(frames.filter((f) => f.ok).map((f) => f.ok && f.value.frame)).toEqual(
        FIXTURES.map(([, frame]) => frame),
      );
      expect(assembler.pending).toBe(0);
    }
  });

  it('reports a damaged frame and still reads the one after it', () => {
    const assembler = new CallerFrameAssembler();
    const out = assembler.push(hex('FF 68 03 03 68 02 01 0C 00 16 FF 68 02 02 68 01 00 01 16'));
    expect(out.map((r) => (r.ok ? r.value.frame.function : r.error.kind))).toEqual([
      'bad-checksum',
      'poll',
    ]);
  });

  it('holds a torn frame for its rest, and never more than one frame of noise', () => {
    const assembler = new CallerFrameAssembler();
    expect(assembler.push(hex('FF 68 03 03 68 02'))).toEqual([]);
    expect(assembler.pending).toBe(6);
    expect(assembler.push(hex('01 0C 0F 16'))).toHaveLength(1);
    // An impossible LEN is no frame head: skipped like noise.
    assembler.push(hex('FF 68 FE FE 68'));
    assembler.push(Buffer.alloc(5000, 0x68));
    expect(assembler.pending).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    assembler.push(hex('FF'));
    assembler.reset();
    expect(assembler.pending).toBe(0);
  });
});

describe('caller keys', () => {
  const presses: [KeyPress, string][] = [
    [{ key: 'call-next', digits: [] }, 'call-next'],
    [{ key: 'recall', digits: [] }, 'recall'],
    [{ key: 'pause', digits: [] }, 'pause'],
    [{ key: 'ask-rating', digits: [] }, 'ask-rating'],
    [{ key: 'confirm', digits: [6] }, 'no-show'],
    [{ key: 'confirm', digits: [0] }, 'hold'],
    [{ key: 'confirm', digits: [3] }, 'call-back'],
  ];
  it.each(presses)('%o means %s, through its bytes', (press, action) => {
    const decoded = decodeKeyPress(encodeKeyPress(press));
    expect(decoded).toEqual({ ok: true, value: press });
    expect(decoded.ok && actionOf(decoded.value)).toEqual({ ok: true, value: { action } });
  });

  it('reads transfer digits as the counter to send to', () => {
    const press = decodeKeyPress(hex('01 02 13'));
    expect(press.ok && actionOf(press.value)).toEqual({
      ok: true,
      value: { action: 'transfer', toCounter: 12 },
    });
    expect(actionOf({ key: 'transfer', digits: [] })).toMatchObject({
      error: { kind: 'missing-counter' },
    });
  });

  it('refuses unknown keys, digits past 9 and unknown confirm codes', () => {
    expect(decodeKeyPress(hex('0E'))).toMatchObject({ error: { kind: 'unknown-key', code: 0x0e } });
    expect(decodeKeyPress(hex('0B 0C'))).toMatchObject({ error: { kind: 'bad-digit', value: 11 } });
    expect(actionOf({ key: 'confirm', digits: [9] })).toMatchObject({
      error: { kind: 'unknown-confirm' },
    });
    expect(actionOf({ key: 'confirm', digits: [] })).toMatchObject({
      error: { kind: 'unknown-confirm' },
    });
  });

  it('lays the display out as ticket digits left and waiting count right', () => {
    expect(encodeDisplay({ ticketDigits: '005', waiting: 12 })).toEqual(hex('0000050A0102'));
    expect(displayText(encodeDisplay({ ticketDigits: null, waiting: 0 }))).toBe('     0');
    expect(displayText(encodeDisplay({ ticketDigits: '1234', waiting: 4567 }))).toBe('234999');
  });
});
