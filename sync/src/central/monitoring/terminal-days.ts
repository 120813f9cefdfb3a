import { localDate, localDayRange } from '@bianmin/common';
import { PRESENCES, type Presence, type PresenceChange, type TerminalDay } from '@bianmin/contract';
import type { ServiceInterval } from './usage-store.js';

export interface DayRange {
  day: string;
  start: Date;
  end: Date;
}

/** The `count` local days ending with the one `now` falls in, oldest first. */
export function lastDays(now: Date, count: number, timeZone: string): DayRange[] {
  const days: DayRange[] = [];
  let range = localDayRange(now, timeZone);
  for (let i = 0; i < count; i++) {
    days.unshift({ day: localDate(range.start, timeZone), ...range });
    range = localDayRange(new Date(range.start.getTime() - 1), timeZone);
  }
  return days;
}

const REPORTED_KEY = {
  'in-service': 'inService',
  'device-fault': 'deviceFault',
  closed: 'closed',
  off: 'off',
} as const;

/** Seconds of [from, to) inside [start, end). */
const overlap = (from: number, to: number, start: number, end: number) =>
  Math.max(0, Math.min(to, end) - Math.max(from, start)) / 1000;

/**
 * Each day's seconds in every presence the centre decided (from its changes; unknown before
 * the first) and in every state of the terminal's own records (the rest of the day `none`),
 * both up to `now`: today's bar is the day so far, a later day's is empty.
 */
export function terminalDays(
  days: readonly DayRange[],
  now: Date,
  changes: readonly PresenceChange[],
  intervals: readonly ServiceInterval[],
): TerminalDay[] {
  const nowMs = now.getTime();
  const segments: { presence: Presence; from: number; to: number }[] = [];
  let at = days[0]?.start.getTime() ?? nowMs;
  let presence: Presence = 'unknown';
  for (const change of changes) {
    const changeMs = Date.parse(change.at);
    if (changeMs > at) segments.push({ presence, from: at, to: changeMs });
    at = Math.max(at, changeMs);
    presence = change.presence;
  }
  segments.push({ presence, from: at, to: nowMs });

  return days.map(({ day, start, end }) => {
    const s = start.getTime();
    const e = Math.min(end.getTime(), nowMs);
    const observed = Object.fromEntries(PRESENCES.map((p) => [p, 0])) as TerminalDay['observed'];
    const reported = { inService: 0, deviceFault: 0, closed: 0, off: 0, none: 0 };
    if (e > s) {
      for (const seg of segments) observed[seg.presence] += overlap(seg.from, seg.to, s, e);
      let recorded = 0;
      for (const interval of intervals) {
        const key = REPORTED_KEY[interval.state as keyof typeof REPORTED_KEY];
        if (key === undefined) continue;
        const seconds = overlap(Date.parse(interval.from), Date.parse(interval.to), s, e);
        reported[key] += seconds;
        recorded += seconds;
      }
      // Overlapping records (a clock stepped back) can add up to more than the day.
      reported.none = Math.max(0, (e - s) / 1000 - recorded);
    }
    return { day, observed, reported };
  });
}
