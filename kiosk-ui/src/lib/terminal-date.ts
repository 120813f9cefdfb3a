/**
 * The terminal's calendar date, 'YYYY-MM-DD', in its configured time zone. The agent judges
 * dates in that zone (common/src/local-time.ts); the kiosk must agree with it even when
 * Chromium's own zone is another (a board set to UTC), or it would accept a date answer the
 * agent then refuses, or give an age's priority a day early or late.
 */
export function terminalDate(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: 'year' | 'month' | 'day') => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}
