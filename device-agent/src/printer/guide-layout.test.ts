import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_DIR, loadTerminalConfig } from '@bianmin/config';
import { hex } from './command-shapes.js';
import { textColumns } from './columns.js';
import { guideSlipOf, layoutGuideSlip, type GuideSlip } from './guide-layout.js';
import { parseEscPos } from './parser.js';
import { paperColumns, type SlipFormat } from './ticket-layout.js';
import { EscPosTokenizer } from './tokenizer.js';

const slip: GuideSlip = {
  serviceName: '𠮷卡补办',
  purpose: '补办𠮷卡',
  eligibility: '本人',
  materials: ['身份证', '户口本'],
  steps: ['取号', '到窗口办理'],
  timeLimit: '当场办结',
  fees: '免费',
  where: '1 号窗口',
  communityName: '𠮷祥社区',
  terminalName: '𠮷号机',
  printedAt: new Date('2026-11-26T01:02:00Z'),
  timeZone: 'Asia/Shanghai',
};

const receiptOf = (s: GuideSlip, format: SlipFormat) => {
  const { receipts, problems, pending } = parseEscPos(layoutGuideSlip(s, format));
  expect(problems).toEqual([]);
  expect(pending.lines).toEqual([]);
  expect(receipts).toHaveLength(1);
  return receipts[0]!;
};

const texts = (s: GuideSlip, format: SlipFormat): string[] =>
  receiptOf(s, format).lines.flatMap((l) => (l.kind === 'text' ? [l.text] : []));

const loaded = loadTerminalConfig(DEFAULT_CONFIG_DIR);
if (!loaded.ok) throw new Error('the default config must be valid');
const { terminal, services } = loaded.value;
/** Every guide of the default catalogue, as the route fills the slip in. */
const defaultGuides: GuideSlip[] = services.services.flatMap(({ name, guide }) =>
  guide ? [guideSlipOf({ name, guide }, terminal, slip.printedAt)] : [],
);

describe('layoutGuideSlip', () => {
  it("prints the screen's headings in its order, numbers the lists, and 𠮷 as its code point", () => {
    expect(texts(slip, { paperWidthMm: 80, fourByteGlyphs: false })).toEqual([
      '[U+20BB7]祥社区',
      '办事指南',
      '[U+20BB7]卡补办',
      '【办理什么】',
      '补办[U+20BB7]卡',
      '【谁可以办】',
      '本人',
      '【要带的材料】',
      '1. 身份证',
      '2. 户口本',
      '【办理步骤】',
      '1. 取号',
      '2. 到窗口办理',
      '【多长时间】',
      '当场办结',
      '【收费】',
      '免费',
      '【在哪里办】',
      '1 号窗口',
      '打印时间 2026-11-26 09:02',
      '以窗口最新公示为准',
      '[U+20BB7]号机',
    ]);
    const kept = texts(slip, { paperWidthMm: 80, fourByteGlyphs: true });
    expect(kept[0]).toBe('𠮷祥社区');
    expect(kept.filter((line) => line.includes('U+'))).toEqual([]);
  });

  it('sets the title large and the headings bold, and ends with a feed and partial cut', () => {
    const bytes = layoutGuideSlip(slip, { paperWidthMm: 58, fourByteGlyphs: false });
    const receipt = receiptOf(slip, { paperWidthMm: 58, fourByteGlyphs: false });
    expect(receipt.lines).toContainEqual(
      expect.objectContaining({ text: '办事指南', align: 'center', width: 2, height: 2 }),
    );
    expect(receipt.lines).toContainEqual(
      expect.objectContaining({ text: '【办理步骤】', align: 'left', bold: true, width: 1 }),
    );
    expect(receipt.lines).toContainEqual(
      expect.objectContaining({ text: '1. 取号', align: 'left', bold: false }),
    );
    expect(receipt.cut).toBe('feed-partial');
    expect(hex(bytes.slice(-4))).toBe('1D 56 42 18');
  });

  describe.each([58, 80] as const)('every default guide on %i mm paper', (paperWidthMm) => {
    const format: SlipFormat = { paperWidthMm, fourByteGlyphs: false };

    it('keeps every line within the paper, wrapping long texts', () => {
      expect(defaultGuides.length).toBeGreaterThan(0);
      for (const guide of defaultGuides) {
        const lines = receiptOf(guide, format).lines.flatMap((l) => (l.kind === 'text' ? [l] : []));
        for (const line of lines) {
          expect(textColumns(line.text) * line.width, line.text).toBeLessThanOrEqual(
            paperColumns(paperWidthMm),
          );
        }
        // Wrapped, not cut short: every text of the guide is on the paper.
        const printed = lines.map((l) => l.text).join('');
        for (const text of [guide.purpose, ...guide.steps, guide.where]) {
          expect(printed).toContain(text);
        }
      }
    });

    it('sends no QR command at all: the paper is the copy', () => {
      for (const guide of defaultGuides) {
        const tokenizer = new EscPosTokenizer();
        const tokens = [...tokenizer.push(layoutGuideSlip(guide, format)), ...tokenizer.finish()];
        expect(tokens.filter((t) => t.type.startsWith('qr'))).toEqual([]);
        expect(receiptOf(guide, format).qrCodes).toEqual([]);
      }
    });
  });
});
