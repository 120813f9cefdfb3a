import { describe, expect, it } from 'vitest';
import { EscPosBuilder, statusRequest } from './escpos.js';
import { parseEscPos } from './parser.js';
import { receiptToSvg } from './receipt-svg.js';
import { receiptToText } from './receipt-text.js';

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
const build = (f: (b: EscPosBuilder) => EscPosBuilder): string =>
  hex(f(new EscPosBuilder()).build());

describe('EscPosBuilder', () => {
  it('encodes the basic commands byte for byte', () => {
    expect(build((b) => b.init())).toBe('1B 40');
    expect(build((b) => b.align('left').align('center').align('right'))).toBe(
      '1B 61 00 1B 61 01 1B 61 02',
    );
    expect(build((b) => b.bold(true).bold(false))).toBe('1B 45 01 1B 45 00');
    expect(build((b) => b.chineseMode(true).chineseMode(false))).toBe('1C 26 1C 2E');
    expect(build((b) => b.feed(3))).toBe('1B 64 03');
    expect(build((b) => b.newline())).toBe('0A');
  });

  it('encodes the three cuts', () => {
    expect(build((b) => b.cut('full'))).toBe('1D 56 00');
    expect(build((b) => b.cut('partial'))).toBe('1D 56 01');
    expect(build((b) => b.cut('feed-partial'))).toBe('1D 56 42 00');
    expect(build((b) => b.cut('feed-partial', 24))).toBe('1D 56 42 18');
    expect(build((b) => b.cut('feed-partial', 999))).toBe('1D 56 42 FF');
  });

  it('encodes a raster image with GS v 0, padding missing rows blank, and reads it back', () => {
    const bytes = new EscPosBuilder()
      .raster({ widthBytes: 2, heightDots: 2, data: Uint8Array.of(0xff, 0x81) })
      .line('A')
      .cut('full')
      .build();
    expect(hex(bytes.slice(0, 12))).toBe('1D 76 30 00 02 00 02 00 FF 81 00 00');
    const receipt = parseEscPos(bytes).receipts[0]!;
    expect(receipt.lines[0]).toEqual({
      kind: 'image',
      widthDots: 16,
      heightDots: 2,
      align: 'left',
    });
    expect(receiptToText(receipt).split('\n')[0]).toBe('[image 16x2]');
    expect(receiptToSvg(receipt)).toContain('<rect class="image"');
  });

  it('packs size as width-1 in bits 4-6 and height-1 in bits 0-2, clamping to 1-8', () => {
    expect(build((b) => b.size(1, 1))).toBe('1D 21 00');
    expect(build((b) => b.size(4, 4))).toBe('1D 21 33');
    expect(build((b) => b.size(2, 3))).toBe('1D 21 12');
    expect(build((b) => b.size(8, 8))).toBe('1D 21 77');
    expect(build((b) => b.size(0, 99))).toBe('1D 21 07');
    expect(build((b) => b.size(Number.NaN, 2.4))).toBe('1D 21 01');
  });

  it('clamps feed to 0-255', () => {
    expect(build((b) => b.feed(-2))).toBe('1B 64 00');
    expect(build((b) => b.feed(300))).toBe('1B 64 FF');
  });

  it('sends the QR model 2 sequence of docs/devices.md with pL pH = length + 3', () => {
    expect(build((b) => b.qr('BMQ1'))).toBe(
      [
        '1D 28 6B 04 00 31 41 32 00', // model 2
        '1D 28 6B 03 00 31 43 06', // module size 6 (default)
        '1D 28 6B 03 00 31 45 31', // error level M (default)
        '1D 28 6B 07 00 31 50 30 42 4D 51 31', // store 4 bytes
        '1D 28 6B 03 00 31 51 30', // print
      ].join(' '),
    );
    expect(build((b) => b.qr('x', { moduleSize: 3, errorLevel: 'H' }))).toContain(
      '1D 28 6B 03 00 31 43 03 1D 28 6B 03 00 31 45 33',
    );
    expect(build((b) => b.qr('x', { moduleSize: 40 }))).toContain('31 43 10');
  });

  it('splits pL pH for payloads over 252 bytes', () => {
    const bytes = new EscPosBuilder().qr('a'.repeat(300)).build();
    // 303 = 0x012F
    expect(hex(bytes)).toContain('1D 28 6B 2F 01 31 50 30');
  });

  it('leaves out an unprintable QR code and says why', () => {
    const builder = new EscPosBuilder().init().qr('').qr('a'.repeat(2332), { errorLevel: 'M' });
    expect(hex(builder.build())).toBe('1B 40');
    expect(builder.problems).toHaveLength(2);
    expect(builder.buildChecked().ok).toBe(false);
    expect(new EscPosBuilder().init().buildChecked()).toEqual({
      ok: true,
      value: Uint8Array.of(0x1b, 0x40),
    });
  });

  it('encodes text as GB18030, including four-byte characters', () => {
    expect(build((b) => b.text('中A'))).toBe('D6 D0 41');
    expect(build((b) => b.text('𠮷'))).toBe('95 34 B2 35');
    expect(build((b) => b.line('a'))).toBe('61 0A');
  });

  it('keeps control characters from reaching the printer as commands', () => {
    expect(build((b) => b.text('a\u001b@b'))).toBe('61 3F 40 62');
    expect(build((b) => b.text('a\r\nb'))).toBe('61 0A 62');
    expect(build((b) => b.text('\ud800'))).toBe('3F');
  });

  it('builds the real-time status requests', () => {
    expect(hex(statusRequest(1))).toBe('10 04 01');
    expect(hex(statusRequest(4))).toBe('10 04 04');
  });
});
