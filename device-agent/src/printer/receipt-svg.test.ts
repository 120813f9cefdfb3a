import { describe, expect, it } from 'vitest';
import { escapeXml, receiptToSvg } from './receipt-svg.js';
import { printedSampleTicket as ticketReceipt } from './ticket-layout.fixture.js';

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
