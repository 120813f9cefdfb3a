import { describe, expect, it } from 'vitest';
import { hex } from './command-shapes.js';
import type { DecodedReceipt } from './decoded-receipt.js';
import { parseEscPos } from './parser.js';
import { layoutTicket, type TicketSlip } from './ticket-layout.js';
import { sampleTicket } from './ticket-layout.fixture.js';

const texts = (t: TicketSlip): string[] => {
  const { receipts, problems, pending } = parseEscPos(layoutTicket(t));
  expect(problems).toEqual([]);
  expect(pending.lines).toEqual([]);
  expect(receipts).toHaveLength(1);
  return (receipts[0]?.lines ?? []).flatMap((l) =>
    l.kind === 'text' ? [l.text] : l.kind === 'qr' ? [`QR ${l.data}`] : [],
  );
};

describe('layoutTicket', () => {
  it('lays the ticket out top to bottom', () => {
    expect(texts(sampleTicket)).toEqual([
      '东风街道便民服务中心',
      '社保医保',
      'A001',
      '绿色通道 优先办理',
      '前面还有 3 人等候',
      '取号时间 2024-03-06 00:02',
      'QR BMQ1|T01|2024-03-06|A001',
      '请留意叫号 过号请重新取号',
      '一号机',
    ]);
  });

  it('prints the number very large and bold, centred, and ends with a feed and partial cut', () => {
    const bytes = layoutTicket(sampleTicket);
    const { receipts } = parseEscPos(bytes);
    const receipt = receipts[0];
    // GS V 66 n: the printer feeds the QR code past its cutter, then n units more.
    expect(receipt?.cut).toBe('feed-partial');
    expect(hex(bytes.slice(-4))).toBe('1D 56 42 18');
    expect(receipt?.lines).toContainEqual({
      kind: 'text',
      text: 'A001',
      align: 'center',
      bold: true,
      width: 4,
      height: 4,
    });
    expect(receipt?.lines[0]).toMatchObject({ bold: true, align: 'center', width: 1 });
    expect(receipt?.lines.at(-1)).toEqual({ kind: 'feed', lines: 1 });
  });

  it('leaves out the priority line for ordinary tickets and tidies the waiting count', () => {
    const lines = texts({ ...sampleTicket, priority: false, waitingAhead: -2.5 });
    expect(lines).not.toContain('绿色通道 优先办理');
    expect(lines).toContain('前面还有 0 人等候');
  });

  it('prints the estimated wait as a range under the waiting count, once there is one', () => {
    const lines = texts({ ...sampleTicket, estimatedWait: { fromMinutes: 6, toMinutes: 16 } });
    expect(lines.slice(4, 6)).toEqual(['前面还有 3 人等候', '预计等候约 6-16 分钟']);
    expect(texts(sampleTicket).some((l) => l.startsWith('预计等候'))).toBe(false);
  });

  it('prints a long service name at normal size', () => {
    const { receipts } = parseEscPos(
      layoutTicket({ ...sampleTicket, serviceName: '城乡居民基本医疗保险参保登记与缴费' }),
    );
    expect(receipts[0]?.lines[1]).toMatchObject({ width: 1, height: 1 });
    const { receipts: short } = parseEscPos(layoutTicket(sampleTicket));
    expect(short[0]?.lines[1]).toMatchObject({ width: 2, height: 2 });
  });

  const receiptOf = (bytes: Uint8Array): DecodedReceipt => {
    const { receipts, problems } = parseEscPos(bytes);
    expect(problems).toEqual([]);
    return receipts[0]!;
  };
  const qrOf = (receipt: DecodedReceipt) => receipt.lines.find((l) => l.kind === 'qr');

  it('fits 58 mm paper: 32 columns and smaller QR modules', () => {
    const service = '城乡居民医保缴费处'; // 18 columns: doubled fits 48 but not 32
    const wide = receiptOf(layoutTicket({ ...sampleTicket, serviceName: service }));
    const narrow = receiptOf(
      layoutTicket(
        { ...sampleTicket, serviceName: service },
        { paperWidthMm: 58, fourByteGlyphs: false },
      ),
    );
    expect(wide.lines[1]).toMatchObject({ text: service, width: 2 });
    expect(narrow.lines[1]).toMatchObject({ text: service, width: 1 });
    expect(qrOf(wide)).toMatchObject({ moduleSize: 6 });
    expect(qrOf(narrow)).toMatchObject({ moduleSize: 4 });
  });

  it('prints a 4-byte GB18030 character as its code point unless the font has it', () => {
    const named = { ...sampleTicket, communityName: '𠮷祥社区', serviceName: '𠮷业务' };
    const substituted = texts(named);
    expect(substituted[0]).toBe('[U+20BB7]祥社区');
    expect(substituted[1]).toBe('[U+20BB7]业务');
    const kept = receiptOf(layoutTicket(named, { paperWidthMm: 80, fourByteGlyphs: true }));
    expect(kept.lines[0]).toMatchObject({ text: '𠮷祥社区' });
    // 2-byte characters, rare ones included (䶮 is in GBK's extension area), stay as they are.
    expect(texts({ ...sampleTicket, communityName: '吉䶮社区' })[0]).toBe('吉䶮社区');
  });
});
