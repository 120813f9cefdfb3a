import type { DecodedReceipt } from './decoded-receipt.js';
import { parseEscPos } from './parser.js';
import { layoutTicket, type TicketSlip } from './ticket-layout.js';

/** A ticket for tests and previews; invented data, nothing personal. */
export const sampleTicket: TicketSlip = {
  ticketNumber: 'A001',
  serviceName: '社保医保',
  priority: true,
  issuedAt: new Date('2024-03-05T16:02:00Z'),
  timeZone: 'Asia/Shanghai',
  waitingAhead: 3,
  communityName: '东风街道便民服务中心',
  terminalName: '一号机',
  qrPayload: 'BMQ1|T01|2024-03-06|A001',
};

/** The sample ticket as the printer would print it. */
export function printedSampleTicket(): DecodedReceipt {
  const receipt = parseEscPos(layoutTicket(sampleTicket)).receipts[0];
  if (!receipt) throw new Error('the sample ticket printed no receipt');
  return receipt;
}
