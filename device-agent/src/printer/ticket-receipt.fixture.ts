import type { TicketReceipt } from './ticket-receipt.js';

/** A ticket for tests and previews; invented data, nothing personal. */
export const sampleTicket: TicketReceipt = {
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
