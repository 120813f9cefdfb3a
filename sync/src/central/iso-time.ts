/**
 * toISOString's form, `YYYY-MM-DDTHH:MM:SS.sssZ`, read and written without Date's string
 * parser and formatter, which took ~0.5 µs of every event the centre stores
 * (docs/benchmarks.md, "Ninth round: SQLite ingest"). Every other form is left to Date.
 */

/** The number in text[from, from + length), or -1 when one of them is not a digit. */
function digitsAt(text: string, from: number, length: number): number {
  let value = 0;
  for (let i = from; i < from + length; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Whether the text has toISOString's separators where it puts them (digits unchecked). */
function hasIsoUtcShape(text: string): boolean {
  return (
    text.length === 24 &&
    text.charCodeAt(4) === 0x2d && // -
    text.charCodeAt(7) === 0x2d &&
    text.charCodeAt(10) === 0x54 && // T
    text.charCodeAt(13) === 0x3a && // :
    text.charCodeAt(16) === 0x3a &&
    text.charCodeAt(19) === 0x2e && // .
    text.charCodeAt(23) === 0x5a // Z
  );
}

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The days of a month (1-12) of the Gregorian calendar. */
function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS[month]!;
}

/**
 * Milliseconds since the epoch of a text in toISOString's form with an ordinary time (no leap
 * second) on a day of the calendar; undefined for any other text.
 */
export function isoUtcMs(text: string): number | undefined {
  if (!hasIsoUtcShape(text)) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const ms = digitsAt(text, 20, 3);
  // Date.UTC would roll an impossible date over; Date.parse refuses it.
  if ((year | month | day | hour | minute | second | ms) < 0 || month < 1 || month > 12) {
    return undefined;
  }
  if (day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** Milliseconds since the epoch, as Date.parse gives them. */
export function parseIsoTime(text: string): number {
  return isoUtcMs(text) ?? Date.parse(text);
}

const DAY_MS = 86_400_000;
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** The last day formatted: a batch's times nearly all fall on one or two days. */
let lastDay = Number.NaN;
let lastDayText = '';

/** What new Date(ms).toISOString() gives, for years 1970-9999; Date for the others. */
export function formatIsoTime(ms: number): string {
  if (!(ms >= 0 && ms < 253_402_300_800_000)) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY_MS);
  if (days !== lastDay) {
    lastDayText = new Date(days * DAY_MS).toISOString().slice(0, 11);
    lastDay = days;
  }
  let rest = ms - days * DAY_MS;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  return `${lastDayText}${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${pad3(milli)}Z`;
}
