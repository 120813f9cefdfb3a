/** 'YYYYMMDD' as stored on cards -> 'YYYY-MM-DD', or undefined unless a real calendar date. */
export function cardDateToIso(s: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** 'YYYY-MM-DD' naming a real calendar date (no 02-30, no month 13). */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/**
 * Full years between `birthDate` ('YYYY-MM-DD') and the calendar date `today` falls on in
 * `timeZone`: eligibility (e.g. 65 and over) follows the resident's local date, not UTC, and a
 * birthday today counts. Someone born on 29 February turns a year older on 1 March in common
 * years. Returns NaN for a malformed birth date or an unknown time zone rather than throwing.
 */
export function ageOn(birthDate: string, today: Date, timeZone = 'Asia/Shanghai'): number {
  if (!isIsoDate(birthDate) || Number.isNaN(today.getTime())) return NaN;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    }).formatToParts(today);
  } catch {
    return NaN;
  }
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const [year, month, day] = [part('year'), part('month'), part('day')];
  const [bYear, bMonth, bDay] = birthDate.split('-').map(Number) as [number, number, number];
  const hadBirthday = month > bMonth || (month === bMonth && day >= bDay);
  return year - bYear - (hadBirthday ? 0 : 1);
}
