import { describe, expect, it } from 'vitest';
import { receiptToText } from './receipt-text.js';
import type { DecodedReceipt } from './decoded-receipt.js';
import { printedSampleTicket as ticketReceipt } from './ticket-layout.fixture.js';

describe('receiptToText', () => {
  it('shows the ticket centred, with the QR payload and the cut', () => {
    const text = receiptToText(ticketReceipt());
    const lines = text.split('\n');
    expect(lines).toContain(`${' '.repeat(22)}A001`);
    expect(lines).toContain(`${' '.repeat(14)}东风街道便民服务中心`);
    expect(text).toContain('[QR: BMQ1|T01|2024-03-06|A001]');
    expect(lines.at(-1)).toBe('--------------- feed-partial cut ---------------');
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
