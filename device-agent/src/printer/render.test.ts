import { describe, expect, it } from 'vitest';
import { parseEscPos } from './parser.js';
import { escapeXml, receiptToSvg, receiptToText } from './render.js';
import type { DecodedReceipt } from './receipt.js';
import { renderTicketReceipt } from './ticket-receipt.js';
import { sampleTicket } from './ticket-receipt.fixture.js';

const ticketReceipt = (): DecodedReceipt => {
  const receipt = parseEscPos(renderTicketReceipt(sampleTicket)).receipts[0];
  if (!receipt) throw new Error('no receipt');
  return receipt;
};

describe('receiptToText', () => {
  it('shows the ticket centred, with the QR payload and the cut', () => {
    const text = receiptToText(ticketReceipt());
    const lines = text.split('\n');
    expect(lines).toContain(`${' '.repeat(22)}A001`);
    expect(lines).toContain(`${' '.repeat(14)}东风街道便民服务中心`);
    expect(text).toContain('[QR: BMQ1|T01|2024-03-06|A001]');
    expect(lines.at(-1)).toBe('----------------- partial cut ------------------');
  });

  it('wraps where the paper would, counting magnified columns', () => {
    const receipt: DecodedReceipt = {
      lines: [
        { kind: 'text', text: 'ABCDEFGHIJKLMNOP', align: 'left', bold: false, width: 4, height: 4 },
      ],
      qrCodes: [],
      cut: 'full',
    };
    expect(receiptToText(receipt).split('\n').slice(0, 2)).toEqual(['ABCDEFGHIJKL', 'MNOP']);
    expect(receiptToText({ lines: receipt.lines }, { columns: 32 }).split('\n')).toEqual([
      'ABCDEFGH',
      'IJKLMNOP',
    ]);
  });
});

describe('receiptToSvg', () => {
  it('draws the ticket', async () => {
    const svg = receiptToSvg(ticketReceipt());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('>A001</text>');
    expect(svg).toContain('font-size="96"');
    expect(svg).toContain('QR: BMQ1|T01|2024-03-06|A001');
    // A picture a person can open and look at, kept beside the test.
    await expect(svg).toMatchFileSnapshot('./__snapshots__/ticket.svg');
  });

  it('escapes what it draws', () => {
    const svg = receiptToSvg({
      lines: [
        { kind: 'text', text: '<b>&"\'\u0001', align: 'left', bold: false, width: 1, height: 1 },
        { kind: 'qr', data: 'a<b>&c', moduleSize: 6, errorLevel: 'M', align: 'center' },
      ],
    });
    expect(svg).toContain('&lt;b&gt;&amp;&quot;&apos;\ufffd');
    expect(svg).toContain('QR: a&lt;b&gt;&amp;c');
    expect(svg).not.toMatch(/<b>|a<b/);
    expect(escapeXml('\ud800x')).toBe('\ufffdx');
  });
});
