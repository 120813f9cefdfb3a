import type Database from 'better-sqlite3';
import type { Migration } from '@bianmin/common/sqlite';
import {
  DEVICES,
  DEVICE_IDS,
  NATION_SCOPE,
  PRESENCES,
  stateSpec,
  statesOf,
  type DeviceId,
  type PresenceCounts,
  type RegionRow,
  type RegionSummary,
  type TerminalCsvQuery,
  type TerminalPage,
  type TerminalStatus,
} from '@bianmin/contract';
import { LEVEL_BY_DIGITS } from '../accounts/scope.js';
import { createSqliteUsageStore } from './sqlite-usage-store.js';
import { END, type UsageStore } from './usage-store.js';

/**
 * One index serves every region filter: area codes nest by prefix (docs/architecture.md,
 * Monitoring), so a region is a range of community codes, and the list's order (community,
 * then terminal) is the index's.
 */
export const createMonitoringIndexes: Migration = {
  name: 'terminals by community code for the monitoring app',
  up: (db) => {
    // Files from before versioned migrations may lack the column (their terminals sent none).
    const columns = db.prepare("SELECT name FROM pragma_table_info('terminals')").pluck().all();
    if (!columns.includes('community_code')) return;
    db.exec('CREATE INDEX terminals_by_community ON terminals (community_code, terminal_id)');
  },
};

export interface TerminalFilter extends TerminalCsvQuery {
  /** The region to list (already checked against the account's scope): a code or 'nation'. */
  region: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
  /** Counting every match costs a scan of the region; an export paging through skips it. */
  withoutTotal?: boolean;
}

/** What the monitoring routes read, on SQLite or PostgreSQL (storage/postgres/). */
export interface MonitoringStore extends UsageStore {
  page(filter: TerminalFilter, page: PageRequest): Promise<TerminalPage>;
  terminal(terminalId: string): Promise<TerminalStatus | undefined>;
  regions(region: string): Promise<RegionSummary>;
  regionName(region: string): Promise<string | null>;
}

export interface StatusRow {
  terminal_id: string;
  name: string | null;
  community_name: string | null;
  community_code: string | null;
  street_name: string | null;
  street_code: string | null;
  county_name: string | null;
  county_code: string | null;
  city_name: string | null;
  city_code: string | null;
  last_seen_at: string | null;
  devices: string | null;
  presence: string | null;
  since: string | null;
}

export const STATUS_COLUMNS = `t.terminal_id, t.name, t.community_name, t.community_code, t.street_name,
  t.street_code, t.county_name, t.county_code, t.city_name, t.city_code, t.last_seen_at,
  t.devices, p.presence, p.since`;
export const MONITORING_FROM = 'terminals t LEFT JOIN presence_current p USING (terminal_id)';

export const NAME_COLUMN = {
  province: 'province_name',
  city: 'city_name',
  county: 'county_name',
  street: 'street_name',
  community: 'community_name',
} as const;
const CHILD_DIGITS = { nation: 2, province: 4, city: 6, county: 9, street: 12 } as const;

/**
 * A state the registry does not know counts as a fault (as presence judges it). `valueOf`
 * is the database's way to read one device's state from the devices JSON.
 */
export function faultCondition(device: DeviceId, valueOf: (device: DeviceId) => string): string {
  const notFault = statesOf(device)
    .filter((s) => stateSpec(device, s)?.severity !== 'fault')
    .map((s) => `'${s}'`);
  const value = valueOf(device);
  return `(${value} IS NOT NULL AND ${value} NOT IN (${notFault.join(', ')}))`;
}

const sqliteDeviceState = (device: DeviceId) => `json_extract(t.devices, '$.${device}')`;

function faultsOf(devices: string | null): TerminalStatus['faults'] {
  if (devices === null) return [];
  const states = JSON.parse(devices) as Record<string, string | undefined>;
  return DEVICE_IDS.flatMap((device) => {
    const state = states[device];
    if (state === undefined) return [];
    const severity = stateSpec(device, state)?.severity ?? 'fault';
    const label = `${DEVICES[device].label}：${stateSpec(device, state)?.label ?? state}`;
    return severity === 'fault' ? [{ device, state, label }] : [];
  });
}

const unit = (name: string | null, code: string | null) =>
  name === null || code === null ? null : { name, code };

export function statusOf(row: StatusRow): TerminalStatus {
  return {
    terminalId: row.terminal_id,
    name: row.name,
    community: unit(row.community_name, row.community_code),
    street: unit(row.street_name, row.street_code),
    county: unit(row.county_name, row.county_code),
    city: unit(row.city_name, row.city_code),
    presence: (row.presence ?? 'unknown') as TerminalStatus['presence'],
    presenceSince: row.since,
    lastSeenAt: row.last_seen_at,
    faults: faultsOf(row.devices),
  };
}

const prefixOf = (region: string) => (region === NATION_SCOPE ? '' : region);

export function createSqliteMonitoringStore(db: Database.Database): MonitoringStore {
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const where = (filter: TerminalFilter) => {
    const prefix = prefixOf(filter.region);
    const clauses = ['t.community_code >= ?', 't.community_code < ?'];
    const params: unknown[] = [prefix, prefix + END];
    if (filter.presence !== undefined) {
      clauses.push("COALESCE(p.presence, 'unknown') = ?");
      params.push(filter.presence);
    }
    if (filter.fault !== undefined) {
      const devices = filter.fault === 'any' ? DEVICE_IDS : [filter.fault];
      clauses.push(`(${devices.map((d) => faultCondition(d, sqliteDeviceState)).join(' OR ')})`);
    }
    return { sql: clauses.join(' AND '), params };
  };

  const one = db.prepare(
    `SELECT ${STATUS_COLUMNS} FROM ${MONITORING_FROM} WHERE t.terminal_id = ?`,
  );

  return {
    ...createSqliteUsageStore(db),
    async page(filter, page) {
      const { sql, params } = where(filter);
      const total = page.withoutTotal
        ? 0
        : (prepared(`SELECT COUNT(*) FROM ${MONITORING_FROM} WHERE ${sql}`)
            .pluck()
            .get(...params) as number);
      const after: unknown[] = [];
      let cursorSql = '';
      if (page.cursor !== undefined) {
        const at = page.cursor.indexOf('~');
        cursorSql = ' AND (t.community_code, t.terminal_id) > (?, ?)';
        after.push(page.cursor.slice(0, at), page.cursor.slice(at + 1));
      }
      const rows = prepared(
        `SELECT ${STATUS_COLUMNS} FROM ${MONITORING_FROM} WHERE ${sql}${cursorSql}
         ORDER BY t.community_code, t.terminal_id LIMIT ?`,
      ).all(...params, ...after, page.limit + 1) as StatusRow[];
      const items = rows.slice(0, page.limit).map(statusOf);
      const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
      return {
        items,
        nextCursor: last === undefined ? null : `${last.community_code}~${last.terminal_id}`,
        total,
      };
    },

    async terminal(terminalId) {
      const row = one.get(terminalId) as StatusRow | undefined;
      return row && statusOf(row);
    },

    async regions(region) {
      const { digits, childLevel, prefix } = regionLevels(region);
      const rows = prepared(
        `SELECT substr(t.community_code, 1, ${digits}) AS code, MAX(t.${NAME_COLUMN[childLevel]}) AS name,
                COALESCE(p.presence, 'unknown') AS presence, COUNT(*) AS n
         FROM ${MONITORING_FROM} WHERE t.community_code >= ? AND t.community_code < ?
         GROUP BY 1, 3 ORDER BY 1`,
      ).all(prefix, prefix + END) as RegionCountRow[];
      const name = await this.regionName(region);
      return summarizeRegion(region, childLevel, rows, name);
    },

    async regionName(region) {
      if (region === NATION_SCOPE) return null;
      const level = LEVEL_BY_DIGITS[region.length as keyof typeof LEVEL_BY_DIGITS];
      if (level === undefined) return null;
      const name = prepared(
        `SELECT ${NAME_COLUMN[level]} FROM terminals
         WHERE community_code >= ? AND community_code < ? LIMIT 1`,
      )
        .pluck()
        .get(region, region + END) as string | undefined;
      return name ?? null;
    },
  };
}

/** Terminals per child unit and presence, as both databases count them. */
export interface RegionCountRow {
  code: string;
  name: string | null;
  presence: string;
  n: number;
}

/** How many code digits the region's children have, their level, and the code prefix. */
export function regionLevels(region: string) {
  const level = region === NATION_SCOPE ? 'nation' : LEVEL_BY_DIGITS[region.length as 2];
  const parent = level as keyof typeof CHILD_DIGITS;
  const digits = CHILD_DIGITS[parent];
  const childLevel = LEVEL_BY_DIGITS[digits as keyof typeof LEVEL_BY_DIGITS];
  return { digits, childLevel, prefix: prefixOf(region) };
}

export function summarizeRegion(
  region: string,
  childLevel: RegionSummary['childLevel'],
  rows: readonly RegionCountRow[],
  regionName: string | null,
): RegionSummary {
  const zero = (): PresenceCounts =>
    Object.fromEntries(PRESENCES.map((p) => [p, 0])) as PresenceCounts;
  const children = new Map<string, RegionRow>();
  const total: RegionRow = { code: region, name: '', total: 0, presence: zero() };
  for (const row of rows) {
    const child = children.get(row.code) ?? {
      code: row.code,
      name: row.name ?? row.code,
      total: 0,
      presence: zero(),
    };
    const presence = row.presence as keyof PresenceCounts;
    child.presence[presence] += row.n;
    child.total += row.n;
    total.presence[presence] += row.n;
    total.total += row.n;
    children.set(row.code, child);
  }
  total.name = regionName ?? (region === NATION_SCOPE ? '全国' : region);
  return { region, childLevel, children: [...children.values()], total };
}
