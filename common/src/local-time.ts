import { DateTime } from 'luxon';

/**
 * Dates and times as the people at a terminal see them: in the service hall's IANA zone
 * (e.g. 'Asia/Shanghai'), whatever zone the machine's clock is set to. Zones come from
 * validated configuration, so the functions that serve the queue and the dashboard throw a
 * RangeError on an unknown zone (a configuration bug); ageOn, which decides a resident's
 * eligibility, returns NaN instead.
 */

function inZone(instant: Date, timeZone: string): DateTime {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!local.isValid) {
    throw new RangeError(
      `cannot place ${String(instant)} in zone "${timeZone}": ${local.invalidReason}`,
    );
  }
  return local;
}

/** [start, end) of the local calendar day containing `instant`; 23 or 25 hours on a DST change. */
export function localDayRange(instant: Date, timeZone: string): { start: Date; end: Date } {
  const start = inZone(instant, timeZone).startOf('day');
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
}

/** The local calendar date of an instant, 'YYYY-MM-DD': the business day tickets count by. */
export function localDate(instant: Date, timeZone: string): string {
  return inZone(instant, timeZone).toFormat('yyyy-MM-dd');
}

/** 'YYYY-MM-DD HH:mm:ss' on a 24-hour clock ('YYYY-MM-DD HH:mm' with precision 'minute'). */
export function formatLocalDateTime(
  instant: Date,
  timeZone: string,
  precision: 'second' | 'minute' = 'second',
): string {
  return inZone(instant, timeZone).toFormat(
    precision === 'second' ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm',
  );
}

/** 'YYYY-MM-DD' naming a real calendar date (no 02-30, no month 13). */
export function isIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s, { zone: 'UTC' }).isValid;
}

/**
 * Full years from `birthDate` ('YYYY-MM-DD') to the calendar date `instant` falls on in
 * `timeZone`: eligibility (e.g. 65 and over) follows the resident's local date, not UTC, and
 * a birthday today counts. Someone born on 29 February turns a year older on 1 March in
 * common years; Luxon's diff would say 28 February, so the rule is spelled out here by
 * comparing month and day. NaN for a malformed birth date, an invalid instant or an unknown
 * zone, never a throw.
 */
export function ageOn(birthDate: string, instant: Date, timeZone = 'Asia/Shanghai'): number {
  if (!isIsoDate(birthDate)) return NaN;
  const today = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!today.isValid) return NaN;
  const [bYear, bMonth, bDay] = birthDate.split('-').map(Number) as [number, number, number];
  const hadBirthday = today.month > bMonth || (today.month === bMonth && today.day >= bDay);
  return today.year - bYear - (hadBirthday ? 0 : 1);
}
