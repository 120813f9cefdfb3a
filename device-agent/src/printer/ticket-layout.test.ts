import { describe, expect, it } from 'vitest';
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

  it('prints the number very large and bold, centred, and ends with feed and partial cut', () => {
    const { receipts } = parseEscPos(layoutTicket(sampleTicket));
    const receipt = receipts[0];
    expect(receipt?.cut).toBe('partial');
    expect(receipt?.lines).toContainEqual({
      kind: 'text',
      text: 'A001',
      align: 'center',
      bold: true,
      width: 4,
      height: 4,
    });
    expect(receipt?.lines[0]).toMatchObject({ bold: true, align: 'center', width: 1 });
    expect(receipt?.lines.at(-1)).toEqual({ kind: 'feed', lines: 3 });
  });

  it('leaves out the priority line for ordinary tickets and tidies the waiting count', () => {
    const lines = texts({ ...sampleTicket, priority: false, waitingAhead: -2.5 });
    expect(lines).not.toContain('绿色通道 优先办理');
    expect(lines).toContain('前面还有 0 人等候');
  });

  it('prints a long service name at normal size', () => {
    const { receipts } = parseEscPos(
      layoutTicket({ ...sampleTicket, serviceName: '城乡居民基本医疗保险参保登记与缴费' }),
    );
    expect(receipts[0]?.lines[1]).toMatchObject({ width: 1, height: 1 });
    const { receipts: short } = parseEscPos(layoutTicket(sampleTicket));
    expect(short[0]?.lines[1]).toMatchObject({ width: 2, height: 2 });
  });
});
