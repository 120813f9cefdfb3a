import { err, isIsoDate, localDate, ok, type Result } from '@bianmin/common';
import type { CommunitiesConfig, CommunityKind, RegionsConfig } from '@bianmin/config';
import {
  MAX_COVERAGE_DAYS,
  type CoverageFigure,
  type CoverageQuery,
  type CoverageReport,
  type CoverageUnit,
  type UNIT_LEVELS,
} from '@bianmin/contract';
import type { CommunityCalendar, ServiceCalendar } from './calendar.js';
import type { CoverageStore } from './coverage-store.js';

type Level = (typeof UNIT_LEVELS)[number];
const LEVEL_BY_LENGTH: Record<number, Level> = {
  0: 'nation',
  2: 'province',
  4: 'city',
  6: 'county',
  9: 'street',
  12: 'community',
};
const CHILD_LENGTH: Record<number, number | undefined> = { 0: 2, 2: 4, 4: 6, 6: 9, 9: 12 };
const DAY_MS = 86_400_000;

interface Member {
  code: string;
  kind: CommunityKind;
  calendar: CommunityCalendar;
}

export interface CoverageRefusal {
  status: 400 | 404;
  error: string;
  message: string;
}

interface Tally {
  communities: number;
  communityDays: number;
  coveredDays: number;
}
type KindTallies = Record<'urban' | 'rural', Tally>;
const emptyTallies = (): KindTallies => ({
  urban: { communities: 0, communityDays: 0, coveredDays: 0 },
  rural: { communities: 0, communityDays: 0, coveredDays: 0 },
});

const figure = (t: Tally): CoverageFigure => ({
  ...t,
  percent: t.communityDays === 0 ? null : Math.round((t.coveredDays / t.communityDays) * 1000) / 10,
});

/** Every 'YYYY-MM-DD' from `from` to `to`, both included. */
function datesOf(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates;
}

/**
 * The coverage report (docs/coverage.md). The denominator comes from configuration (every
 * listed community's open days, terminal or not); the numerator is a count of covered
 * community-days grouped in the database, so a nation's list costs one indexed scan.
 */
export function createCoverageReporter(deps: {
  store: CoverageStore;
  regions: RegionsConfig;
  communities: CommunitiesConfig;
  calendar: ServiceCalendar;
  timeZone: string;
  now: () => Date;
}) {
  const { store, regions, calendar, timeZone } = deps;
  // Each community's calendar resolved once, in code order, so a region is a slice of it.
  const sorted: Member[] = [...deps.communities.communities]
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .map((c) => ({ code: c.code, kind: c.kind, calendar: calendar.of(c.code) }));
  const regionByCode = new Map(regions.regions.map((r) => [r.code, r]));
  const names = new Map<string, string>();
  for (const c of deps.communities.communities) {
    names.set(c.code, c.name);
    if (c.street !== undefined) names.set(c.code.slice(0, 9), c.street);
  }
  for (const r of regions.regions) names.set(r.code, r.name);
  names.set('', '全国');

  /** The communities whose code starts with `prefix`, by binary search. */
  const within = (prefix: string): Member[] => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.code < prefix) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < sorted.length && sorted[end]!.code.startsWith(prefix)) end += 1;
    return sorted.slice(lo, end);
  };

  const unit = (code: string, tallies: KindTallies): CoverageUnit => {
    const region = regionByCode.get(code);
    return {
      code,
      name: names.get(code) ?? code,
      level: LEVEL_BY_LENGTH[code.length]!,
      baseline: region?.coverage.baseline ?? null,
      target: region?.coverage.target ?? null,
      urban: figure(tallies.urban),
      rural: figure(tallies.rural),
    };
  };

  const period = (query: CoverageQuery): Result<{ from: string; to: string }, CoverageRefusal> => {
    // A day is judged once it is over, so the default period ends yesterday.
    const today = localDate(deps.now(), timeZone);
    const to =
      query.to ?? new Date(Date.parse(`${today}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
    const from =
      query.from ??
      new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
    const bad = [from, to].find((date) => !isIsoDate(date));
    if (bad !== undefined) {
      return err({ status: 400, error: 'bad-date', message: `${bad} is not a calendar date` });
    }
    const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
    if (days < 1 || days > MAX_COVERAGE_DAYS) {
      return err({
        status: 400,
        error: 'bad-period',
        message: `from must be on or before to, and the period at most ${MAX_COVERAGE_DAYS} days; got ${from} to ${to}`,
      });
    }
    return ok({ from, to });
  };

  return async (query: CoverageQuery): Promise<Result<CoverageReport, CoverageRefusal>> => {
    const dates = period(query);
    if (!dates.ok) return dates;
    const { from, to } = dates.value;
    const code = query.region ?? '';
    const members = within(code);
    if (members.length === 0 && code !== '' && !regionByCode.has(code)) {
      return err({
        status: 404,
        error: 'unknown-region',
        message: `no region or community with code ${code} is configured (regions.json, communities*.json)`,
      });
    }
    const childLength = CHILD_LENGTH[code.length] ?? code.length;
    const days = datesOf(from, to);
    const openByCalendar = new Map<CommunityCalendar, Map<string, number>>();
    const openDaysByMonth = (c: CommunityCalendar) => {
      let months = openByCalendar.get(c);
      if (months === undefined) {
        months = new Map();
        for (const day of days) {
          if (c.isOpenDay(day)) months.set(day.slice(0, 7), (months.get(day.slice(0, 7)) ?? 0) + 1);
        }
        openByCalendar.set(c, months);
      }
      return months;
    };

    const total = emptyTallies();
    const byChild = new Map<string, KindTallies>();
    const byMonth = new Map<string, KindTallies>();
    for (const month of new Set(days.map((d) => d.slice(0, 7)))) byMonth.set(month, emptyTallies());
    const tallies = <K>(map: Map<K, KindTallies>, key: K) => {
      let found = map.get(key);
      if (found === undefined) {
        found = emptyTallies();
        map.set(key, found);
      }
      return found;
    };

    // Members come in code order, so each child's communities are contiguous.
    let childCode: string | undefined;
    let child = emptyTallies();
    for (const member of members) {
      if (!member.code.startsWith(childCode ?? '\u0000')) {
        childCode = member.code.slice(0, childLength);
        child = tallies(byChild, childCode);
      }
      total[member.kind].communities += 1;
      child[member.kind].communities += 1;
      for (const [month, open] of openDaysByMonth(member.calendar)) {
        total[member.kind].communityDays += open;
        child[member.kind].communityDays += open;
        tallies(byMonth, month)[member.kind].communityDays += open;
      }
    }
    for (const row of await store.coveredCounts({ prefix: code, from, to }, childLength)) {
      if (row.kind !== 'urban' && row.kind !== 'rural') continue;
      total[row.kind].coveredDays += row.n;
      tallies(byChild, row.child)[row.kind].coveredDays += row.n;
      tallies(byMonth, row.month)[row.kind].coveredDays += row.n;
    }

    const children =
      childLength === code.length
        ? []
        : [...byChild.entries()]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([childCode, t]) => unit(childCode, t));
    return ok({
      region: unit(code, total),
      from,
      to,
      timeZone,
      minimumServiceHours: regions.indicator.minimumServiceHours,
      children,
      months: [...byMonth.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([month, t]) => {
          t.urban.communities = total.urban.communities;
          t.rural.communities = total.rural.communities;
          return { month, urban: figure(t.urban), rural: figure(t.rural) };
        }),
      revised: await store.revisions({ prefix: code, from, to }),
    });
  };
}

export type CoverageReporter = ReturnType<typeof createCoverageReporter>;
