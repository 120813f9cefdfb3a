import type pg from 'pg';
import { DEVICE_IDS, NATION_SCOPE, type DeviceId } from '@bianmin/contract';
import { LEVEL_BY_DIGITS } from '../../accounts/scope.js';
import { createPostgresUsageStore } from './usage-store.js';
import { END } from '../../monitoring/usage-store.js';
import {
  MONITORING_FROM,
  NAME_COLUMN,
  STATUS_COLUMNS,
  faultCondition,
  regionLevels,
  statusOf,
  summarizeRegion,
  type MonitoringStore,
  type RegionCountRow,
  type StatusRow,
  type TerminalFilter,
} from '../../monitoring/monitoring-store.js';

type PostgresStatusRow = Omit<StatusRow, 'last_seen_at' | 'since'> & {
  last_seen_at: Date | null;
  since: Date | null;
};

const toStatus = (row: PostgresStatusRow) =>
  statusOf({
    ...row,
    last_seen_at: row.last_seen_at?.toISOString() ?? null,
    since: row.since?.toISOString() ?? null,
  });

// Device ids are the registry's own names, never input: safe in the SQL text.
const deviceState = (device: DeviceId) => `(t.devices::jsonb ->> '${device}')`;

/**
 * The monitoring reads on PostgreSQL, the same queries as on SQLite (monitoring-store.ts):
 * code columns compare as "C", so a region is a range of community codes on one index.
 */
export function createPostgresMonitoringStore(pool: pg.Pool): MonitoringStore {
  const where = (filter: TerminalFilter, params: unknown[]) => {
    const prefix = filter.region === NATION_SCOPE ? '' : filter.region;
    const at = (value: unknown) => `$${params.push(value)}`;
    const clauses = [`t.community_code >= ${at(prefix)}`, `t.community_code < ${at(prefix + END)}`];
    if (filter.presence !== undefined) {
      clauses.push(`COALESCE(p.presence, 'unknown') = ${at(filter.presence)}`);
    }
    if (filter.fault !== undefined) {
      const devices = filter.fault === 'any' ? DEVICE_IDS : [filter.fault];
      clauses.push(`(${devices.map((d) => faultCondition(d, deviceState)).join(' OR ')})`);
    }
    return clauses.join(' AND ');
  };

  const regionName = async (region: string): Promise<string | null> => {
    if (region === NATION_SCOPE) return null;
    const level = LEVEL_BY_DIGITS[region.length as keyof typeof LEVEL_BY_DIGITS];
    if (level === undefined) return null;
    const found = await pool.query<{ name: string | null }>(
      `SELECT ${NAME_COLUMN[level]} AS name FROM terminals
       WHERE community_code >= $1 AND community_code < $2 LIMIT 1`,
      [region, region + END],
    );
    return found.rows[0]?.name ?? null;
  };

  return {
    ...createPostgresUsageStore(pool),
    async page(filter, page) {
      const params: unknown[] = [];
      const sql = where(filter, params);
      const total = page.withoutTotal
        ? 0
        : ((
            await pool.query<{ n: number }>(
              `SELECT COUNT(*)::integer AS n FROM ${MONITORING_FROM} WHERE ${sql}`,
              params,
            )
          ).rows[0]?.n ?? 0);
      let cursorSql = '';
      if (page.cursor !== undefined) {
        const at = page.cursor.indexOf('~');
        params.push(page.cursor.slice(0, at), page.cursor.slice(at + 1));
        cursorSql = ` AND (t.community_code, t.terminal_id) > ($${params.length - 1}, $${params.length})`;
      }
      params.push(page.limit + 1);
      const rows = await pool.query<PostgresStatusRow>(
        `SELECT ${STATUS_COLUMNS} FROM ${MONITORING_FROM} WHERE ${sql}${cursorSql}
         ORDER BY t.community_code, t.terminal_id LIMIT $${params.length}`,
        params,
      );
      const items = rows.rows.slice(0, page.limit).map(toStatus);
      const last = rows.rows.length > page.limit ? rows.rows[page.limit - 1] : undefined;
      return {
        items,
        nextCursor: last === undefined ? null : `${last.community_code}~${last.terminal_id}`,
        total,
      };
    },

    async terminal(terminalId) {
      const found = await pool.query<PostgresStatusRow>(
        `SELECT ${STATUS_COLUMNS} FROM ${MONITORING_FROM} WHERE t.terminal_id = $1`,
        [terminalId],
      );
      const row = found.rows[0];
      return row && toStatus(row);
    },

    async regions(region) {
      const { digits, childLevel, prefix } = regionLevels(region);
      const rows = await pool.query<RegionCountRow>(
        `SELECT substr(t.community_code, 1, ${digits}) AS code,
                MAX(t.${NAME_COLUMN[childLevel]}) AS name,
                COALESCE(p.presence, 'unknown') AS presence, COUNT(*)::integer AS n
         FROM ${MONITORING_FROM} WHERE t.community_code >= $1 AND t.community_code < $2
         GROUP BY 1, 3 ORDER BY 1`,
        [prefix, prefix + END],
      );
      return summarizeRegion(region, childLevel, rows.rows, await regionName(region));
    },

    regionName,
  };
}
