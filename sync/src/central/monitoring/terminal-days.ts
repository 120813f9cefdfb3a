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

interface Span<K> {
  key: K;
  from: number;
  to: number;
}

/**
 * Adds each span's seconds inside [start, end) of each day to `add`. Spans are sorted by
 * start and days follow one another, so one pass serves every day (a day's read touches only
 * the spans near it: 90 days of 15-minute records stay a few milliseconds).
 */
function perDay<K>(
  spans: readonly Span<K>[],
  days: readonly { start: number; end: number }[],
  add: (day: number, key: K, seconds: number) => void,
): void {
  let first = 0;
  days.forEach(({ start, end }, day) => {
    while (first < spans.length && spans[first]!.to <= start) first += 1;
    for (let i = first; i < spans.length && spans[i]!.from < end; i++) {
      const span = spans[i]!;
      const seconds = overlap(span.from, span.to, start, end);
      if (seconds > 0) add(day, span.key, seconds);
    }
  });
}

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
  const presences: Span<Presence>[] = [];
  let at = days[0]?.start.getTime() ?? nowMs;
  let presence: Presence = 'unknown';
  for (const change of changes) {
    const changeMs = Date.parse(change.at);
    if (changeMs > at) presences.push({ key: presence, from: at, to: changeMs });
    at = Math.max(at, changeMs);
    presence = change.presence;
  }
  presences.push({ key: presence, from: at, to: nowMs });
  const records = intervals.flatMap((interval): Span<keyof typeof REPORTED_KEY>[] =>
    interval.state in REPORTED_KEY
      ? [
          {
            key: interval.state as keyof typeof REPORTED_KEY,
            from: Date.parse(interval.from),
            to: Date.parse(interval.to),
          },
        ]
      : [],
  );

  const bounds = days.map(({ start, end }) => ({
    start: start.getTime(),
    end: Math.max(start.getTime(), Math.min(end.getTime(), nowMs)),
  }));
  const result: TerminalDay[] = days.map(({ day }) => ({
    day,
    observed: Object.fromEntries(PRESENCES.map((p) => [p, 0])) as TerminalDay['observed'],
    reported: { inService: 0, deviceFault: 0, closed: 0, off: 0, none: 0 },
  }));
  perDay(presences, bounds, (day, key, seconds) => {
    result[day]!.observed[key] += seconds;
  });
  perDay(records, bounds, (day, key, seconds) => {
    result[day]!.reported[REPORTED_KEY[key]] += seconds;
  });
  result.forEach((day, i) => {
    const { start, end } = bounds[i]!;
    const { inService, deviceFault, closed, off } = day.reported;
    // Overlapping records (a clock stepped back) can add up to more than the day.
    day.reported.none = Math.max(0, (end - start) / 1000 - inService - deviceFault - closed - off);
  });
  return result;
}
