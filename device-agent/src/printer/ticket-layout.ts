import { formatLocalDateTime } from '@bianmin/common';
import { EscPosBuilder } from './escpos.js';
import { textColumns } from './columns.js';

export interface TicketSlip {
  /** Service prefix and sequence, e.g. 'A001'. */
  ticketNumber: string;
  serviceName: string;
  priority: boolean;
  issuedAt: Date;
  /** IANA zone of the service hall, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  waitingAhead: number;
  communityName: string;
  terminalName: string;
  /** What the QR code holds (a ticket reference, never personal data). */
  qrPayload: string;
}

/** 80 mm paper: 48 half-width columns at normal size. */
const COLUMNS = 48;

/**
 * A queue ticket. The input holds no personal data, so none can reach the paper. The time
 * zone must be a valid IANA name (configuration validates it): an invalid one makes
 * `Intl` throw, which is a configuration bug rather than a runtime condition.
 */
export function layoutTicket(t: TicketSlip): Uint8Array {
  const b = new EscPosBuilder().init().chineseMode(true).align('center');
  b.bold(true).line(t.communityName).bold(false);
  // Service names are short ("社保医保"); print them large when they fit on one line.
  const serviceSize = textColumns(t.serviceName) * 2 <= COLUMNS ? 2 : 1;
  b.size(serviceSize, serviceSize).line(t.serviceName).size(1, 1);
  b.feed(1);
  b.size(4, 4).bold(true).line(t.ticketNumber).size(1, 1).bold(false);
  b.feed(1);
  if (t.priority) b.bold(true).line('绿色通道 优先办理').bold(false);
  const waiting = Number.isFinite(t.waitingAhead) ? Math.max(0, Math.floor(t.waitingAhead)) : 0;
  b.line(`前面还有 ${waiting} 人等候`);
  b.line(`取号时间 ${formatLocalDateTime(t.issuedAt, t.timeZone, 'minute')}`);
  b.feed(1);
  b.qr(t.qrPayload, { moduleSize: 6, errorLevel: 'M' });
  b.feed(1);
  b.line('请留意叫号 过号请重新取号');
  // Which terminal printed it, for staff following up a complaint about a ticket.
  b.line(t.terminalName);
  return b.feed(3).cut('partial').build();
}
