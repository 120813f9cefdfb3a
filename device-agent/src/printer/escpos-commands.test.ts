import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ALIGN,
  AUTO_STATUS_BACK,
  BOLD,
  CHINESE_OFF,
  CHINESE_ON,
  CUT,
  RASTER_IMAGE,
  DECODED_COMMANDS,
  FEED,
  INIT,
  REALTIME_STATUS_REQUEST,
  SIZE,
  TRANSMIT_STATUS,
  type Align,
  type CutKind,
  type EscPosToken,
  type QrErrorLevel,
} from './escpos-commands.js';
import { QR_ERROR_LEVEL, QR_MODEL, QR_MODULE_SIZE, QR_PRINT, QR_STORE } from './qr-commands.js';
import { IGNORED_COMMANDS } from './ignored-commands.js';
import { EscPosTokenizer } from './tokenizer.js';

/** Tokens for `bytes` pushed in two chunks cut at `at`, stream ended. */
function tokenize(bytes: readonly number[], at = bytes.length): EscPosToken[] {
  const tokenizer = new EscPosTokenizer();
  const data = Uint8Array.from(bytes);
  return [
    ...tokenizer.push(data.subarray(0, at)),
    ...tokenizer.push(data.subarray(at)),
    ...tokenizer.finish(),
  ];
}

const e = (bytes: number[], token: EscPosToken) => ({ bytes, token });

/** Every way to encode a value the builder can send, and the token it must read back as. */
const encodings: fc.Arbitrary<{ bytes: number[]; token: EscPosToken }> = fc.oneof(
  fc.constant(e(INIT.encode(), { type: 'init' })),
  fc
    .constantFrom<Align>('left', 'center', 'right')
    .map((align) => e(ALIGN.encode(align), { type: 'align', align })),
  fc.boolean().map((on) => e(BOLD.encode(on), { type: 'bold', on })),
  fc
    .record({ width: fc.integer({ min: 1, max: 8 }), height: fc.integer({ min: 1, max: 8 }) })
    .map((size) => e(SIZE.encode(size), { type: 'size', ...size })),
  fc
    .boolean()
    .map((on) => e((on ? CHINESE_ON : CHINESE_OFF).encode(), { type: 'chinese-mode', on })),
  fc.integer({ min: 0, max: 255 }).map((lines) => e(FEED.encode(lines), { type: 'feed', lines })),
  fc
    .constantFrom<CutKind>('full', 'partial', 'feed-partial')
    .map((cut) => e(CUT.encode({ kind: cut, feedUnits: 24 }), { type: 'cut', cut })),
  fc
    .record({
      widthBytes: fc.integer({ min: 1, max: 6 }),
      heightDots: fc.integer({ min: 1, max: 30 }),
    })
    .chain(({ widthBytes, heightDots }) =>
      fc
        .uint8Array({ minLength: widthBytes * heightDots, maxLength: widthBytes * heightDots })
        .map((data) =>
          e(RASTER_IMAGE.encode({ widthBytes, heightDots, data }), {
            type: 'raster',
            widthDots: widthBytes * 8,
            heightDots,
          }),
        ),
    ),
  fc
    .constantFrom(1, 2, 3, 4)
    .map((n) => e(REALTIME_STATUS_REQUEST.encode(n), { type: 'realtime-status', n })),
  fc
    .integer({ min: 0, max: 255 })
    .map((n) => e(TRANSMIT_STATUS.encode(n), { type: 'transmit-status', n })),
  fc
    .integer({ min: 0, max: 255 })
    .map((n) => e(AUTO_STATUS_BACK.encode(n), { type: 'auto-status-back', n })),
  fc
    .constantFrom<1 | 2>(1, 2)
    .map((model) => e(QR_MODEL.encode(model), { type: 'qr-model', model })),
  fc
    .integer({ min: 0, max: 255 })
    .map((size) => e(QR_MODULE_SIZE.encode(size), { type: 'qr-module-size', size })),
  fc
    .constantFrom<QrErrorLevel>('L', 'M', 'Q', 'H')
    .map((level) => e(QR_ERROR_LEVEL.encode(level), { type: 'qr-error-level', level })),
  fc
    .uint8Array({ maxLength: 600 })
    .map((data) => e(QR_STORE.encode(data), { type: 'qr-store', data })),
  fc.constant(e(QR_PRINT.encode(), { type: 'qr-print' })),
);

describe('the ESC/POS command table', () => {
  it('reads back every command it encodes, wherever a chunk boundary falls', () => {
    fc.assert(
      fc.property(encodings, fc.nat(), ({ bytes, token }, cut) => {
        expect(tokenize(bytes, cut % (bytes.length + 1))).toEqual([token]);
      }),
      { numRuns: 500 },
    );
  });

  it('reads a run of commands back in order', () => {
    fc.assert(
      fc.property(fc.array(encodings, { maxLength: 12 }), fc.nat(), (commands, cut) => {
        const bytes = commands.flatMap((c) => c.bytes);
        expect(tokenize(bytes, cut % (bytes.length + 1))).toEqual(commands.map((c) => c.token));
      }),
    );
  });

  it('encodes the documented bytes', () => {
    expect(CUT.encode({ kind: 'feed-partial', feedUnits: 0x30 })).toEqual([0x1d, 0x56, 0x42, 0x30]);
    expect(CUT.encode({ kind: 'partial', feedUnits: 0x30 })).toEqual([0x1d, 0x56, 0x01]);
    expect(
      RASTER_IMAGE.encode({ widthBytes: 1, heightDots: 2, data: Uint8Array.of(0xff, 0x81) }),
    ).toEqual([0x1d, 0x76, 0x30, 0x00, 0x01, 0x00, 0x02, 0x00, 0xff, 0x81]);
    expect(QR_MODEL.encode(2)).toEqual([0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]);
    expect(QR_STORE.encode(Uint8Array.of(0x41))).toEqual([
      0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x50, 0x30, 0x41,
    ]);
    expect(REALTIME_STATUS_REQUEST.encode(2)).toEqual([0x10, 0x04, 0x02]);
    expect(AUTO_STATUS_BACK.encode(0xff)).toEqual([0x1d, 0x61, 0xff]);
  });

  it('declares each command code once', () => {
    const codes = [...DECODED_COMMANDS, ...IGNORED_COMMANDS].map((row) => row.code.join(' '));
    expect(new Set(codes).size).toBe(codes.length);
  });
});
