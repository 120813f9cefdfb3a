import { formatLocalDateTime } from '@bianmin/common';
import { EscPosBuilder } from './escpos.js';
import { wrapColumns } from './columns.js';
import { paperColumns, printableText, type SlipFormat } from './ticket-layout.js';

/** An application's confirmation slip: nothing on it names or identifies the resident. */
export interface ApplicationSlip {
  /** e.g. SQ-20261126-0007 */
  reference: string;
  serviceName: string;
  submittedAt: Date;
  timeZone: string;
  /** Where the application went, in the connector's words. */
  destinationName: string;
  destinationDescription: string;
  whatNext: string;
  communityName: string;
  terminalName: string;
  /** The reference and a lookup hint only (docs/flows.md, "Apply"). */
  qrPayload: string;
}

/** Prints the confirmation the resident takes home; long texts wrap at the paper's width. */
export function layoutApplicationSlip(slip: ApplicationSlip, format: SlipFormat): Uint8Array {
  const columns = paperColumns(format.paperWidthMm);
  const printable = printableText(format);
  const wrapped = (text: string) => wrapColumns(printable(text), columns, 1);
  const b = new EscPosBuilder().init().chineseMode(true).align('center');
  b.bold(true).line(printable(slip.communityName)).bold(false);
  b.size(2, 2).line('申请已提交').size(1, 1);
  b.line(printable(slip.serviceName));
  b.feed(1);
  b.line('受理编号');
  b.size(2, 2).bold(true).line(printable(slip.reference)).size(1, 1).bold(false);
  b.line(`提交时间 ${formatLocalDateTime(slip.submittedAt, slip.timeZone, 'minute')}`);
  b.feed(1).align('left');
  for (const line of wrapped(`提交到：${slip.destinationName}`)) b.line(line);
  for (const line of wrapped(slip.destinationDescription)) b.line(line);
  b.feed(1);
  for (const line of wrapped(`接下来：${slip.whatNext}`)) b.line(line);
  b.feed(1).align('center');
  b.qr(slip.qrPayload, { moduleSize: format.paperWidthMm === 58 ? 4 : 6, errorLevel: 'M' });
  b.line('凭受理编号到社区便民服务中心查询');
  b.line(printable(slip.terminalName));
  return b.feed(1).cut('feed-partial', 24).build();
}
