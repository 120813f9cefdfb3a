import { describe, expect, it } from 'vitest';
import { layoutApplicationSlip, type ApplicationSlip } from './application-layout.js';
import { parseEscPos } from './parser.js';
import type { SlipFormat } from './ticket-layout.js';

const slip: ApplicationSlip = {
  reference: 'SQ-20261126-0007',
  serviceName: '𠮷业务',
  submittedAt: new Date('2026-11-26T01:02:00Z'),
  timeZone: 'Asia/Shanghai',
  destinationName: '𠮷街道办',
  destinationDescription: '由𠮷街道办受理',
  whatNext: '等𠮷街道办电话',
  communityName: '𠮷祥社区',
  terminalName: '𠮷号机',
  qrPayload: 'BMA1|T01|SQ-20261126-0007',
};

const texts = (format: SlipFormat): string[] => {
  const { receipts, problems } = parseEscPos(layoutApplicationSlip(slip, format));
  expect(problems).toEqual([]);
  expect(receipts).toHaveLength(1);
  return (receipts[0]?.lines ?? []).flatMap((l) => (l.kind === 'text' ? [l.text] : []));
};

describe('layoutApplicationSlip', () => {
  it('prints a 4-byte GB18030 character as its code point unless the font has it, as the ticket does', () => {
    expect(texts({ paperWidthMm: 80, fourByteGlyphs: false })).toEqual([
      '[U+20BB7]祥社区',
      '申请已提交',
      '[U+20BB7]业务',
      '受理编号',
      'SQ-20261126-0007',
      '提交时间 2026-11-26 09:02',
      '提交到：[U+20BB7]街道办',
      '由[U+20BB7]街道办受理',
      '接下来：等[U+20BB7]街道办电话',
      '凭受理编号到社区便民服务中心查询',
      '[U+20BB7]号机',
    ]);
    const kept = texts({ paperWidthMm: 80, fourByteGlyphs: true });
    expect(kept[0]).toBe('𠮷祥社区');
    expect(kept.filter((line) => line.includes('U+'))).toEqual([]);
  });
});
