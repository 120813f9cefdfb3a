import { err, isIsoDate, localDate, ok, type Result } from '@bianmin/common';
import {
  MAX_USAGE_DAYS,
  NATION_SCOPE,
  RATING_LEVELS,
  SERVICE_USAGE_KINDS,
  USAGE_KINDS,
  type ErrorReply,
  type RatingLevel,
  type RatingRow,
  type RatingSummary,
  type ServiceUsage,
  type UsageKind,
  type UsageRow,
  type UsageSummary,
} from '@bianmin/contract';
import { regionLevels } from './monitoring-store.js';
import type { UsageCountRow, UsageStore } from './usage-store.js';

const DAY_MS = 86_400_000;
const shiftDay = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

export interface Period {
  from: string;
  to: string;
}

/** The local days asked for: by default the 30 days ending today (usage counts as it comes). */
export function periodOf(
  query: { from?: string | undefined; to?: string | undefined },
  now: Date,
  timeZone: string,
): Result<Period, ErrorReply> {
  const to = query.to ?? localDate(now, timeZone);
  const from = query.from ?? shiftDay(to, -29);
  const bad = (['from', 'to'] as const).find((field) => !isIsoDate({ from, to }[field]));
  if (bad !== undefined) {
    const date = { from, to }[bad];
    return err({ error: 'bad-date', message: `${date} is not a calendar date`, where: bad });
  }
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days < 1 || days > MAX_USAGE_DAYS) {
    return err({
      error: 'bad-period',
      message: `from must be on or before to, and the period at most ${MAX_USAGE_DAYS} days; got ${from} to ${to}`,
      where: 'from',
    });
  }
  return ok({ from, to });
}

interface UnitCounts {
  code: string;
  rows: UsageCountRow[];
}

/** The region's children with their count rows, and every row for the total. */
async function countsByChild(store: UsageStore, region: string, period: Period) {
  const { digits, childLevel, prefix } = regionLevels(region);
  const rows = await store.usageCounts(digits, prefix, period.from, period.to);
  const children = new Map<string, UnitCounts>();
  for (const row of rows) {
    const child = children.get(row.code) ?? { code: row.code, rows: [] };
    child.rows.push(row);
    children.set(row.code, child);
  }
  const names = await store.unitNames([...children.keys(), ...(prefix === '' ? [] : [prefix])]);
  const regionName = region === NATION_SCOPE ? '全国' : (names.get(region) ?? region);
  return { childLevel, rows, children: [...children.values()], names, regionName };
}

const zeroCounts = () =>
  Object.fromEntries(USAGE_KINDS.map((k) => [k, 0])) as Record<UsageKind, number>;

function usageRow(
  code: string,
  name: string,
  rows: readonly UsageCountRow[],
  serviceNames: Map<string, string>,
): UsageRow {
  const counts = zeroCounts();
  const services = new Map<string, ServiceUsage>();
  for (const row of rows) {
    const kind = row.kind as UsageKind;
    if (!(kind in counts)) continue;
    counts[kind] += row.n;
    if (!(SERVICE_USAGE_KINDS as readonly string[]).includes(kind)) continue;
    const service = services.get(row.key) ?? {
      serviceId: row.key,
      serviceName: serviceNames.get(row.key) ?? null,
      tickets: 0,
      applications: 0,
      served: 0,
      noShows: 0,
    };
    service[kind as (typeof SERVICE_USAGE_KINDS)[number]] += row.n;
    services.set(row.key, service);
  }
  const byId = [...services.values()].sort((a, b) => (a.serviceId < b.serviceId ? -1 : 1));
  return { code, name, counts, services: byId };
}

/** Usage per service and unit one level down, over local days (docs/monitoring.md). */
export async function usageSummary(
  store: UsageStore,
  region: string,
  period: Period,
  timeZone: string,
): Promise<UsageSummary> {
  const table = await countsByChild(store, region, period);
  const serviceIds = [
    ...new Set(
      table.rows
        .filter((r) => (SERVICE_USAGE_KINDS as readonly string[]).includes(r.kind))
        .map((r) => r.key),
    ),
  ];
  const serviceNames = await store.serviceNames(serviceIds);
  return {
    region,
    childLevel: table.childLevel,
    ...period,
    timeZone,
    children: table.children.map((c) =>
      usageRow(c.code, table.names.get(c.code) ?? c.code, c.rows, serviceNames),
    ),
    total: usageRow(region, table.regionName, table.rows, serviceNames),
  };
}

function ratingRow(code: string, name: string, rows: readonly UsageCountRow[]): RatingRow {
  const levels = Object.fromEntries(RATING_LEVELS.map((l) => [l, 0])) as Record<
    RatingLevel,
    number
  >;
  let total = 0;
  for (const row of rows) {
    if (row.kind !== 'ratings' || !(row.key in levels)) continue;
    levels[row.key as RatingLevel] += row.n;
    total += row.n;
  }
  return { code, name, levels, total };
}

/** 好差评 per level and unit one level down, over local days. */
export async function ratingSummary(
  store: UsageStore,
  region: string,
  period: Period,
  timeZone: string,
): Promise<RatingSummary> {
  const table = await countsByChild(store, region, period);
  return {
    region,
    childLevel: table.childLevel,
    ...period,
    timeZone,
    children: table.children
      .map((c) => ratingRow(c.code, table.names.get(c.code) ?? c.code, c.rows))
      .filter((row) => row.total > 0),
    total: ratingRow(region, table.regionName, table.rows),
  };
}
