import { localDate, localDayRange } from '@bianmin/common';
import {
  closedDayReason,
  hoursAt,
  type ClosedDays,
  type Community,
  type RegionsConfig,
  type WeeklyHours,
} from '@bianmin/config';

/** A community's service hours with everything it inherits resolved (docs/coverage.md). */
export interface CommunityCalendar {
  weekly: WeeklyHours;
  closed: ClosedDays;
  /** Whether `date` ('YYYY-MM-DD') is a day the community serves at all; memoised. */
  isOpenDay(date: string): boolean;
}

/** Region prefixes of a community code, nearest first: street, county, city, province. */
const PREFIX_LENGTHS = [9, 6, 4, 2];

export interface ServiceCalendar {
  of(communityCode: string): CommunityCalendar;
  /**
   * Whether the community is closed at `instant` (outside service hours, on a holiday or in
   * a declared closure), and the next instant at which that may change.
   */
  closedAt(
    communityCode: string,
    instant: Date,
    timeZone: string,
  ): { closed: boolean; until: Date };
}

/**
 * Resolves each community's calendar once: its own weekly hours, else its nearest region's,
 * else the file's; holidays and closures of every level apply. Communities whose calendars
 * come out the same share one object, so a national list costs a handful of calendars.
 */
export function createServiceCalendar(
  regions: RegionsConfig,
  communities: readonly Community[],
): ServiceCalendar {
  const regionByCode = new Map(regions.regions.map((r) => [r.code, r]));
  const communityByCode = new Map(communities.map((c) => [c.code, c]));
  const interned = new Map<string, CommunityCalendar>();
  const byCommunity = new Map<string, CommunityCalendar>();

  const intern = (weekly: WeeklyHours, holidays: string[], closures: ClosedDays['closures']) => {
    const key = JSON.stringify([weekly, [...new Set(holidays)].sort(), closures]);
    let calendar = interned.get(key);
    if (calendar === undefined) {
      const closed = { holidays: new Set(holidays), closures };
      const openDays = new Map<string, boolean>();
      calendar = {
        weekly,
        closed,
        isOpenDay(date) {
          let open = openDays.get(date);
          if (open === undefined) {
            open = closedDayReason(date, weekly, closed) === undefined;
            openDays.set(date, open);
          }
          return open;
        },
      };
      interned.set(key, calendar);
    }
    return calendar;
  };

  const resolve = (code: string): CommunityCalendar => {
    const own = communityByCode.get(code);
    const chain = PREFIX_LENGTHS.map((n) => regionByCode.get(code.slice(0, n))).filter(
      (r) => r !== undefined,
    );
    const weekly =
      own?.serviceHours ??
      chain.find((r) => r.serviceHours !== undefined)?.serviceHours ??
      regions.serviceHours;
    const holidays = [...regions.holidays, ...chain.flatMap((r) => r.holidays ?? [])];
    const closures = [
      ...regions.closures,
      ...chain.flatMap((r) => r.closures ?? []),
      ...(own?.closures ?? []),
    ];
    return intern(weekly, holidays, closures);
  };

  // Regions stop at streets, so communities saying nothing of their own share their
  // street's calendar: resolved once per street, not once per community.
  const byStreet = new Map<string, CommunityCalendar>();
  const of = (code: string) => {
    let calendar = byCommunity.get(code);
    if (calendar === undefined) {
      const own = communityByCode.get(code);
      const street = code.slice(0, 9);
      if (own?.serviceHours !== undefined || own?.closures !== undefined) calendar = resolve(code);
      else {
        calendar = byStreet.get(street) ?? resolve(code);
        byStreet.set(street, calendar);
      }
      byCommunity.set(code, calendar);
    }
    return calendar;
  };

  // A presence sweep asks for every terminal at one instant, and each heartbeat at its own:
  // the answer depends only on the calendar and holds from the instant it was computed for
  // until the instant it names, so 120,000 terminals cost one computation per distinct
  // calendar and boundary, not one per terminal or heartbeat.
  const lastAnswer = new WeakMap<
    CommunityCalendar,
    { fromMs: number; timeZone: string; answer: { closed: boolean; until: Date } }
  >();
  return {
    of,
    closedAt(code, instant, timeZone) {
      const calendar = of(code);
      const last = lastAnswer.get(calendar);
      const ms = instant.getTime();
      if (
        last !== undefined &&
        last.timeZone === timeZone &&
        last.fromMs <= ms &&
        ms < last.answer.until.getTime()
      ) {
        return last.answer;
      }
      let answer: { closed: boolean; until: Date };
      if (!calendar.isOpenDay(localDate(instant, timeZone))) {
        answer = { closed: true, until: localDayRange(instant, timeZone).end };
      } else {
        const hours = hoursAt(instant, timeZone, calendar.weekly);
        answer = { closed: !hours.open, until: hours.until };
      }
      lastAnswer.set(calendar, { fromMs: ms, timeZone, answer });
      return answer;
    },
  };
}

/** For a centre without configuration files (tests, embedding): open all day, every day. */
export const OPEN_ALL_DAY: RegionsConfig = {
  indicator: { minimumServiceHours: 8 },
  presence: { offlineAfterMissedHeartbeats: 3 },
  serviceHours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '24:00' }],
  holidays: [],
  closures: [],
  regions: [],
};
