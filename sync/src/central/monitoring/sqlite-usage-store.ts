import type Database from 'better-sqlite3';
import type { Migration } from '@bianmin/common/sqlite';
import type { PresenceChange } from '@bianmin/contract';
import {
  END,
  INTERVAL_LOOKBACK_MS,
  MAX_INTERVAL_ROWS,
  MAX_PRESENCE_ROWS,
  ROLLED_EVENT_TYPES,
  UNIT_COLUMNS,
  USAGE_TABLES_SQL,
  unitsOf,
  type PendingDelivery,
  type RolledEvent,
  type ServiceInterval,
  type UnitColumns,
  type UsageCountRow,
  type UsageStore,
} from './usage-store.js';

export const createUsageTables: Migration = {
  name: 'usage rollup, device changes for the monitoring app',
  up: (db) => db.exec(USAGE_TABLES_SQL),
};

type PendingRow = UnitColumns & {
  terminal_id: string;
  epoch: string;
  rolled: number;
  acked: number;
};

const TYPES = ROLLED_EVENT_TYPES.map((t) => `'${t}'`).join(', ');

export function createSqliteUsageStore(db: Database.Database): UsageStore {
  const pending = db.prepare<[string, string, number], PendingRow>(
    `SELECT d.terminal_id, d.epoch, COALESCE(u.rolled_up_to, 0) AS rolled,
            d.acked_up_to AS acked, ${UNIT_COLUMNS}
     FROM delivery_positions d
     LEFT JOIN usage_positions u ON u.terminal_id = d.terminal_id AND u.epoch = d.epoch
     -- CROSS JOIN keeps this order in SQLite: terminals are read only for pending pairs.
     CROSS JOIN terminals t
     WHERE (d.terminal_id, d.epoch) > (?, ?) AND d.acked_up_to > COALESCE(u.rolled_up_to, 0)
       AND t.terminal_id = d.terminal_id AND t.community_code IS NOT NULL
     ORDER BY d.terminal_id, d.epoch LIMIT ?`,
  );
  const eventsOf = db.prepare<
    [string, string, number, number],
    { seq: number; type: string; at: string; payload: string }
  >(
    `SELECT seq, type, corrected_at AS at, payload FROM events
     WHERE terminal_id = ? AND epoch = ? AND seq > ? AND seq <= ? AND type IN (${TYPES})`,
  );
  const addCount = db.prepare(
    `INSERT INTO usage_rollup (level, unit_code, day, kind, key, count) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (level, unit_code, day, kind, key) DO UPDATE SET count = count + excluded.count`,
  );
  const addChange = db.prepare(
    `INSERT INTO device_changes (terminal_id, epoch, seq, at, device, state)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const nameService = db.prepare(
    `INSERT INTO usage_services (service_id, name, named_at) VALUES (?, ?, ?)
     ON CONFLICT (service_id) DO UPDATE SET name = excluded.name, named_at = excluded.named_at
     WHERE excluded.named_at >= usage_services.named_at`,
  );
  const nameUnit = db.prepare(
    `INSERT INTO usage_units (code, name) VALUES (?, ?)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name WHERE name <> excluded.name`,
  );
  const moveOn = db.prepare(
    `INSERT INTO usage_positions (terminal_id, epoch, rolled_up_to) VALUES (?, ?, ?)
     ON CONFLICT (terminal_id, epoch) DO UPDATE SET rolled_up_to = excluded.rolled_up_to`,
  );
  const counts = db.prepare<[number, string, string, string, string], UsageCountRow>(
    `SELECT unit_code AS code, kind, key, SUM(count) AS n FROM usage_rollup
     WHERE level = ? AND unit_code >= ? AND unit_code < ? AND day >= ? AND day <= ?
     GROUP BY unit_code, kind, key ORDER BY unit_code`,
  );
  const unitName = db.prepare<[string], string>('SELECT name FROM usage_units WHERE code = ?');
  const serviceName = db.prepare<[string], string>(
    'SELECT name FROM usage_services WHERE service_id = ?',
  );
  const presenceBefore = db.prepare<[string, string], PresenceChange>(
    `SELECT at, presence, previous FROM presence_history WHERE terminal_id = ? AND at < ?
     ORDER BY at DESC LIMIT 1`,
  );
  const presenceIn = db.prepare<[string, string, string, number], PresenceChange>(
    `SELECT at, presence, previous FROM presence_history WHERE terminal_id = ? AND at >= ? AND at < ?
     ORDER BY at LIMIT ?`,
  );
  const intervals = db.prepare<[string, string, string, string, number], ServiceInterval>(
    `SELECT state, corrected_from AS "from", corrected_to AS "to" FROM service_intervals
     WHERE terminal_id = ? AND reported_from >= ? AND corrected_to > ? AND corrected_from < ?
     ORDER BY corrected_from LIMIT ?`,
  );
  const changes = db.prepare<
    [string, string, string, number],
    { at: string; device: string; state: string }
  >(
    `SELECT at, device, state FROM device_changes WHERE terminal_id = ? AND at >= ? AND at < ?
     ORDER BY at DESC LIMIT ?`,
  );

  const chunk = db.transaction(
    (
      limits: Parameters<UsageStore['rollUpUsage']>[0],
      after: Parameters<UsageStore['rollUpUsage']>[1],
      plan: Parameters<UsageStore['rollUpUsage']>[2],
    ) => {
      const rows = pending.all(after?.terminalId ?? '', after?.epoch ?? '', limits.deliveries);
      const deliveries: PendingDelivery[] = [];
      const events: RolledEvent[] = [];
      for (const row of rows) {
        const upTo = Math.min(row.acked, row.rolled + limits.eventsPerDelivery);
        deliveries.push({
          terminalId: row.terminal_id,
          epoch: row.epoch,
          rolledUpTo: row.rolled,
          ackedUpTo: row.acked,
          units: unitsOf(row),
        });
        for (const e of eventsOf.all(row.terminal_id, row.epoch, row.rolled, upTo)) {
          events.push({ terminalId: row.terminal_id, epoch: row.epoch, ...e });
        }
        moveOn.run(row.terminal_id, row.epoch, upTo);
      }
      const writes = plan(deliveries, events);
      for (const c of writes.counts) addCount.run(c.level, c.unit, c.day, c.kind, c.key, c.count);
      for (const c of writes.deviceChanges) {
        addChange.run(c.terminalId, c.epoch, c.seq, c.at, c.device, c.state);
      }
      for (const s of writes.serviceNames) nameService.run(s.serviceId, s.name, s.at);
      for (const u of writes.units) nameUnit.run(u.code, u.name);
      const last = rows.at(-1);
      return {
        deliveries: rows.length,
        last: last === undefined ? null : { terminalId: last.terminal_id, epoch: last.epoch },
      };
    },
  );

  const names = (statement: Database.Statement<[string], string>, keys: readonly string[]) => {
    const found = new Map<string, string>();
    for (const key of keys) {
      const name = statement.pluck().get(key);
      if (name !== undefined) found.set(key, name);
    }
    return found;
  };

  return {
    rollUpUsage: async (limits, after, plan) => chunk(limits, after, plan),
    usageCounts: async (digits, prefix, from, to) =>
      counts.all(digits, prefix, prefix + END, from, to),
    unitNames: async (codes) => names(unitName, codes),
    serviceNames: async (ids) => names(serviceName, ids),
    presenceBetween: async (terminalId, from, to) => {
      const before = presenceBefore.get(terminalId, from.toISOString());
      const within = presenceIn.all(
        terminalId,
        from.toISOString(),
        to.toISOString(),
        MAX_PRESENCE_ROWS,
      );
      return before === undefined ? within : [before, ...within];
    },
    serviceIntervals: async (terminalId, from, to) =>
      intervals.all(
        terminalId,
        new Date(from.getTime() - INTERVAL_LOOKBACK_MS).toISOString(),
        from.toISOString(),
        to.toISOString(),
        MAX_INTERVAL_ROWS,
      ),
    deviceChanges: async (terminalId, from, to, limit) =>
      changes.all(terminalId, from.toISOString(), to.toISOString(), limit),
  };
}
