/** Digits as they are read out one by one, so 005 is 零零五, never 五. */
const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

export interface AnnouncedCall {
  ticketNumber: string;
  counter: number;
}

/**
 * What the hall hears for a call: "请 A 零零五 号到 2 号窗口办理". The ticket's letter and
 * each of its digits are read separately; the counter is read as a number (十二 for 12).
 * Only the ticket number and the counter: a call never names the resident.
 */
export function announcementText(call: AnnouncedCall): string {
  const [letter = '', ...rest] = call.ticketNumber;
  const digits = rest.map((c) => DIGITS[Number(c)] ?? c).join('');
  return `请 ${letter} ${digits} 号到 ${call.counter} 号窗口办理`;
}
