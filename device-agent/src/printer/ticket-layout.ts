import iconv from 'iconv-lite';
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
  /** A range of minutes from today's service times; absent before there are any. */
  estimatedWait?: { fromMinutes: number; toMinutes: number };
  communityName: string;
  terminalName: string;
  /** What the QR code holds (a ticket reference, never personal data). */
  qrPayload: string;
}

/** What the layout needs to know of the printer (devices.json's printer settings). */
export interface SlipFormat {
  paperWidthMm: 58 | 80;
  /** Whether the printer's font has the 4-byte GB18030 characters (rare name characters). */
  fourByteGlyphs: boolean;
}

const DEFAULT_SLIP_FORMAT: SlipFormat = { paperWidthMm: 80, fourByteGlyphs: false };

/**
 * Per paper width: half-width columns at normal size (12-dot cells on the 384 and 576 dot
 * print lines of 58 and 80 mm heads) and a QR module size that keeps the ticket's short
 * payload about a third of the paper wide, large enough for a phone at arm's length.
 */
const PAPER: Record<SlipFormat['paperWidthMm'], { columns: number; qrModuleSize: number }> = {
  58: { columns: 32, qrModuleSize: 4 },
  80: { columns: 48, qrModuleSize: 6 },
};

/** Half-width columns at normal size on this paper: what a receipt's picture is drawn at. */
export function paperColumns(paperWidthMm: SlipFormat['paperWidthMm']): number {
  return (PAPER[paperWidthMm] ?? PAPER[80]).columns;
}

/**
 * Extra feed after the cutting position, in vertical motion units (a dot or half a dot,
 * per model): `GS V 66` already feeds the printed part, QR code included, past the cutter
 * wherever the cutter sits above the head; this adds a margin under the last line so the
 * cut never grazes it.
 */
export const CUT_MARGIN_UNITS = 24;

/**
 * Text as this printer can print it, for every text field of every slip. A character outside
 * the printer's font prints as a blank or a wrong glyph, silently: unless the font has them,
 * a 4-byte GB18030 character is replaced by its code point, e.g. [U+20BB7] for 𠮷, which staff
 * can look up; readable where a placeholder box would not be.
 */
export function printableText(format: SlipFormat): (text: string) => string {
  return format.fourByteGlyphs ? (text) => text : withoutFourByteChars;
}

function withoutFourByteChars(text: string): string {
  let out = '';
  for (const char of text) {
    out +=
      iconv.encode(char, 'gb18030').length === 4
        ? `[U+${char.codePointAt(0)!.toString(16).toUpperCase()}]`
        : char;
  }
  return out;
}

/**
 * A queue ticket. The input holds no personal data, so none can reach the paper. The time
 * zone must be a valid IANA name (configuration validates it): an invalid one makes
 * `Intl` throw, which is a configuration bug rather than a runtime condition.
 */
export function layoutTicket(t: TicketSlip, format: SlipFormat = DEFAULT_SLIP_FORMAT): Uint8Array {
  const { columns, qrModuleSize } = PAPER[format.paperWidthMm] ?? PAPER[80];
  const printable = printableText(format);
  const b = new EscPosBuilder().init().chineseMode(true).align('center');
  b.bold(true).line(printable(t.communityName)).bold(false);
  // Service names are short ("社保医保"); print them large when they fit on one line.
  const serviceName = printable(t.serviceName);
  const serviceSize = textColumns(serviceName) * 2 <= columns ? 2 : 1;
  b.size(serviceSize, serviceSize).line(serviceName).size(1, 1);
  b.feed(1);
  b.size(4, 4).bold(true).line(printable(t.ticketNumber)).size(1, 1).bold(false);
  b.feed(1);
  if (t.priority) b.bold(true).line('绿色通道 优先办理').bold(false);
  const waiting = Number.isFinite(t.waitingAhead) ? Math.max(0, Math.floor(t.waitingAhead)) : 0;
  b.line(`前面还有 ${waiting} 人等候`);
  if (t.estimatedWait) {
    const { fromMinutes, toMinutes } = t.estimatedWait;
    // 约 and a range: an estimate, never a promise; short enough for one line on 58 mm paper.
    b.line(`预计等候约 ${fromMinutes}-${toMinutes} 分钟`);
  }
  b.line(`取号时间 ${formatLocalDateTime(t.issuedAt, t.timeZone, 'minute')}`);
  b.feed(1);
  b.qr(t.qrPayload, { moduleSize: qrModuleSize, errorLevel: 'M' });
  b.feed(1);
  b.line('请留意叫号 过号请重新取号');
  // Which terminal printed it, for staff following up a complaint about a ticket.
  b.line(printable(t.terminalName));
  return b.feed(1).cut('feed-partial', CUT_MARGIN_UNITS).build();
}
