import { localDate, localDayRange } from '@bianmin/common';
import type { ServiceWindow } from './terminal.js';
import type { Closure, WeeklyHours } from './service-hours.js';

/**
 * What service hours mean in time: the terminal asks whether it is open now; the centre
 * asks which days a community is open and for how long (docs/coverage.md). Minutes count
 * from local midnight; China keeps no daylight saving time, so a day has 1,440 of them.
 */

const MINUTE_MS = 60_000;

/** ISO weekday of a 'YYYY-MM-DD' date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** The [open, close) minutes of a weekday's windows, sorted, overlaps merged. */
export function windowsOn(weekday: number, weekly: readonly ServiceWindow[]): [number, number][] {
  const spans = weekly
    .filter((w) => w.days.includes(weekday))
    .map((w): [number, number] => [minutesOf(w.open), minutesOf(w.close)])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last !== undefined && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

/** Scheduled minutes on a weekday. */
export function openMinutesOn(weekday: number, weekly: readonly ServiceWindow[]): number {
  return windowsOn(weekday, weekly).reduce((sum, [open, close]) => sum + close - open, 0);
}

export interface HoursAt {
  open: boolean;
  /** The next instant at which `open` may change: a window's edge or local midnight. */
  until: Date;
}

/** Whether the weekly hours serve at `instant`, and until when that holds at least. */
export function hoursAt(instant: Date, timeZone: string, weekly: WeeklyHours): HoursAt {
  const day = localDayRange(instant, timeZone);
  const minute = (instant.getTime() - day.start.getTime()) / MINUTE_MS;
  const edges = windowsOn(weekdayOf(localDate(instant, timeZone)), weekly);
  const at = (m: number) => new Date(day.start.getTime() + m * MINUTE_MS);
  for (const [open, close] of edges) {
    if (minute < open) return { open: false, until: at(open) };
    if (minute < close) return { open: true, until: close >= 1440 ? day.end : at(close) };
  }
  return { open: false, until: day.end };
}

/** What makes a whole day closed besides its weekday: a public holiday or a declared closure. */
export interface ClosedDays {
  holidays: ReadonlySet<string>;
  closures: readonly Closure[];
}

/** Why `date` is closed all day, or undefined when its weekly hours apply. */
export function closedDayReason(
  date: string,
  weekly: readonly ServiceWindow[],
  closed: ClosedDays,
): 'holiday' | 'closure' | 'no-hours' | undefined {
  if (closed.holidays.has(date)) return 'holiday';
  if (closed.closures.some((c) => c.from <= date && date <= c.to)) return 'closure';
  if (openMinutesOn(weekdayOf(date), weekly) === 0) return 'no-hours';
  return undefined;
}
