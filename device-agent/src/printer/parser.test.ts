import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EscPosBuilder } from './escpos.js';
import type { Align } from './escpos-commands.js';
import { EscPosParser, parseEscPos } from './parser.js';
import type { DecodedPrintout } from './decoded-receipt.js';

/** Feeds `bytes` in pieces cut at the given points. */
function parseInChunks(bytes: Uint8Array, cuts: readonly number[]): DecodedPrintout {
  const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort(
    (a, b) => a - b,
  );
  const parser = new EscPosParser();
  let start = 0;
  for (const point of points) {
    parser.push(bytes.subarray(start, point));
    start = point;
  }
  parser.push(bytes.subarray(start));
  parser.finish();
  return {
    receipts: parser.takeReceipts(),
    pending: parser.pending,
    problems: [...parser.problems],
  };
}

const char = fc
  .oneof(
    fc.integer({ min: 0x20, max: 0x7e }),
    fc.integer({ min: 0x4e00, max: 0x9fff }), // CJK unified ideographs
    fc.integer({ min: 0x3400, max: 0x4dbf }), // extension A (four-byte in GB18030, e.g. 䶮's neighbours)
    fc.integer({ min: 0x20000, max: 0x2a6df }), // extension B (four-byte, e.g. 𠮷)
    fc.integer({ min: 0x80, max: 0xd7ff }), // the rest of the BMP below the surrogates
    fc.constantFrom(0x20bb7, 0x4dae, 0x3007, 0xff01, 0x20ac),
  )
  .map((cp) => String.fromCodePoint(cp));
const lineText = fc.string({ unit: char, minLength: 1, maxLength: 30 });
const style = fc.record({
  align: fc.constantFrom<Align>('left', 'center', 'right'),
  bold: fc.boolean(),
  width: fc.integer({ min: 1, max: 8 }),
  height: fc.integer({ min: 1, max: 8 }),
});

describe('parseEscPos', () => {
  it('round-trips styled GB18030 text through any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ text: lineText, style }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (lines, cuts) => {
          const b = new EscPosBuilder().init().chineseMode(true);
          for (const { text, style: s } of lines) {
            b.align(s.align).bold(s.bold).size(s.width, s.height).line(text);
          }
          const bytes = b.cut('full').build();
          const result = parseInChunks(bytes, cuts);
          expect(result.problems).toEqual([]);
          expect(result.receipts).toHaveLength(1);
          expect(result.receipts[0]?.lines).toEqual(
            lines.map(({ text, style: s }) => ({ kind: 'text', text, ...s })),
          );
          expect(result).toEqual(parseEscPos(bytes));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decodes the rare name characters 𠮷 and 䶮', () => {
    const bytes = new EscPosBuilder().chineseMode(true).line('吉𠮷䶮').cut('partial').build();
    const { receipts } = parseEscPos(bytes);
    expect(receipts[0]?.lines[0]).toMatchObject({ kind: 'text', text: '吉𠮷䶮' });
  });

  it('never throws on garbage and gives the same result for any chunking', () => {
    const commandish = fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0x1b, 0x1d, 0x1c, 0x10, 0x0a, 0x28, 0x6b, 0x04, 0x56, 0x31, 0x50, 0x51, 0x00),
    );
    fc.assert(
      fc.property(
        fc.array(commandish, { maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (values, cuts) => {
          const bytes = Uint8Array.from(values);
          const whole = parseEscPos(bytes);
          expect(parseInChunks(bytes, cuts)).toEqual(whole);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('records QR codes where they sit among the lines', () => {
    const bytes = new EscPosBuilder()
      .init()
      .chineseMode(true)
      .align('center')
      .line('上')
      .qr('https://example.cn/q?t=A001&x=1', { moduleSize: 5, errorLevel: 'Q' })
      .feed(2)
      .newline()
      .line('下')
      .cut('feed-partial')
      .build();
    const { receipts, problems } = parseEscPos(bytes);
    expect(problems).toEqual([]);
    expect(receipts).toEqual([
      {
        lines: [
          { kind: 'text', text: '上', align: 'center', bold: false, width: 1, height: 1 },
          {
            kind: 'qr',
            data: 'https://example.cn/q?t=A001&x=1',
            moduleSize: 5,
            errorLevel: 'Q',
            align: 'center',
          },
          { kind: 'feed', lines: 3 },
          { kind: 'text', text: '下', align: 'center', bold: false, width: 1, height: 1 },
        ],
        qrCodes: [{ data: 'https://example.cn/q?t=A001&x=1', moduleSize: 5, errorLevel: 'Q' }],
        cut: 'feed-partial',
      },
    ]);
  });

  it('splits receipts at cuts and keeps the uncut rest pending', () => {
    const bytes = new EscPosBuilder()
      .chineseMode(true)
      .line('一')
      .cut('full')
      .line('二')
      .cut('partial')
      .line('三')
      .text('四')
      .build();
    const { receipts, pending } = parseEscPos(bytes);
    expect(receipts.map((r) => r.cut)).toEqual(['full', 'partial']);
    expect(pending.lines.map((l) => (l.kind === 'text' ? l.text : l.kind))).toEqual(['三', '四']);
  });

  it('reports unknown and truncated commands with their offsets', () => {
    const unknown = parseEscPos(Uint8Array.of(0x41, 0x1b, 0xee, 0x0a, 0x1d, 0x28, 0x6b, 0x10));
    expect(unknown.problems).toEqual([
      'offset 1: unknown command 1B EE',
      'offset 4: truncated command 1D 28 6B 10',
    ]);
    expect(unknown.pending.lines).toEqual([
      { kind: 'text', text: 'A', align: 'left', bold: false, width: 1, height: 1 },
    ]);
    const noData = parseEscPos(
      new EscPosBuilder().raw(Uint8Array.of(0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30)).build(),
    );
    expect(noData.problems).toEqual(['QR print without stored data']);
  });

  it('notes Chinese text sent without Chinese mode', () => {
    const { problems } = parseEscPos(new EscPosBuilder().line('中').build());
    expect(problems).toEqual(['GB18030 text sent without Chinese mode (FS &)']);
  });

  it('skips image data by its length instead of reading it as commands', () => {
    // GS v 0: 1 byte wide, 2 rows; the body holds a DLE EOT that must not count.
    const bytes = Uint8Array.of(0x1d, 0x76, 0x30, 0, 1, 0, 2, 0, 0x10, 0x04, 0x41, 0x0a);
    const { pending, problems } = parseEscPos(bytes);
    expect(problems).toEqual([]);
    expect(pending.lines).toEqual([
      { kind: 'image', widthDots: 8, heightDots: 2, align: 'left' },
      { kind: 'text', text: 'A', align: 'left', bold: false, width: 1, height: 1 },
    ]);
  });
});
