import type pg from 'pg';
import type { Presence, PresenceChange } from '@bianmin/contract';
import {
  END,
  INTERVAL_LOOKBACK_MS,
  MAX_INTERVAL_ROWS,
  MAX_PRESENCE_ROWS,
  ROLLED_EVENT_TYPES,
  UNIT_COLUMNS,
  unitsOf,
  type ServiceInterval,
  type UnitColumns,
  type UsageCountRow,
  type UsageStore,
} from '../../monitoring/usage-store.js';
import { inTransaction } from './transaction.js';

/** One rollup chunk at a time across every instance on the database. */
const USAGE_ROLLUP_LOCK = 7_340_017;

type PendingRow = UnitColumns & {
  terminal_id: string;
  epoch: string;
  rolled: number;
  acked: number;
};

type ChangeRow = { at: Date; presence: Presence; previous: Presence | null };
const change = (row: ChangeRow): PresenceChange => ({
  at: row.at.toISOString(),
  presence: row.presence,
  previous: row.previous,
});

/** The usage rollup and terminal history reads on PostgreSQL: the same as on SQLite. */
export function createPostgresUsageStore(pool: pg.Pool): UsageStore {
  const names = async (sql: string, keys: readonly string[]) => {
    if (keys.length === 0) return new Map<string, string>();
    const found = await pool.query<{ key: string; name: string }>(sql, [keys]);
    return new Map(found.rows.map((r) => [r.key, r.name]));
  };
  return {
    rollUpUsage: (limits, after, plan) =>
      inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [USAGE_ROLLUP_LOCK]);
        const rows = (
          await client.query<PendingRow>(
            `SELECT d.terminal_id, d.epoch, COALESCE(u.rolled_up_to, 0) AS rolled,
                    d.acked_up_to AS acked, ${UNIT_COLUMNS}
             FROM delivery_positions d
             JOIN terminals t ON t.terminal_id = d.terminal_id
             LEFT JOIN usage_positions u ON u.terminal_id = d.terminal_id AND u.epoch = d.epoch
             WHERE (d.terminal_id, d.epoch) > ($1, $2) AND t.community_code IS NOT NULL
               AND d.acked_up_to > COALESCE(u.rolled_up_to, 0)
             ORDER BY d.terminal_id, d.epoch LIMIT $3`,
            [after?.terminalId ?? '', after?.epoch ?? '', limits.deliveries],
          )
        ).rows;
        if (rows.length === 0) return { deliveries: 0, last: null };
        const upTo = rows.map((r) => Math.min(r.acked, r.rolled + limits.eventsPerDelivery));
        const ids = rows.map((r) => r.terminal_id);
        const epochs = rows.map((r) => r.epoch);
        const events = await client.query<{
          terminal_id: string;
          epoch: string;
          seq: number;
          type: string;
          at: Date;
          payload: string;
        }>(
          `SELECT e.terminal_id, e.epoch, e.seq, e.type, e.corrected_at AS at, e.payload
           FROM unnest($1::text[], $2::text[], $3::integer[], $4::integer[]) AS w(terminal_id, epoch, after_seq, up_to)
           JOIN events e ON e.terminal_id = w.terminal_id AND e.epoch = w.epoch
             AND e.seq > w.after_seq AND e.seq <= w.up_to
           WHERE e.type = ANY($5::text[])`,
          [ids, epochs, rows.map((r) => r.rolled), upTo, ROLLED_EVENT_TYPES],
        );
        const writes = plan(
          rows.map((r) => ({
            terminalId: r.terminal_id,
            epoch: r.epoch,
            rolledUpTo: r.rolled,
            ackedUpTo: r.acked,
            units: unitsOf(r),
          })),
          events.rows.map((e) => ({
            terminalId: e.terminal_id,
            epoch: e.epoch,
            seq: e.seq,
            type: e.type,
            at: e.at.toISOString(),
            payload: e.payload,
          })),
        );
        const { counts, deviceChanges: changes, serviceNames, units } = writes;
        await client.query(
          `INSERT INTO usage_rollup (level, unit_code, day, kind, key, count)
           SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[])
           ON CONFLICT (level, unit_code, day, kind, key)
           DO UPDATE SET count = usage_rollup.count + excluded.count`,
          [
            counts.map((c) => c.level),
            counts.map((c) => c.unit),
            counts.map((c) => c.day),
            counts.map((c) => c.kind),
            counts.map((c) => c.key),
            counts.map((c) => c.count),
          ],
        );
        await client.query(
          `INSERT INTO device_changes (terminal_id, epoch, seq, at, device, state)
           SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::timestamptz[], $5::text[], $6::text[])
           ON CONFLICT DO NOTHING`,
          [
            changes.map((c) => c.terminalId),
            changes.map((c) => c.epoch),
            changes.map((c) => c.seq),
            changes.map((c) => c.at),
            changes.map((c) => c.device),
            changes.map((c) => c.state),
          ],
        );
        await client.query(
          `INSERT INTO usage_services (service_id, name, named_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
           ON CONFLICT (service_id) DO UPDATE SET name = excluded.name, named_at = excluded.named_at
           WHERE excluded.named_at >= usage_services.named_at`,
          [
            serviceNames.map((s) => s.serviceId),
            serviceNames.map((s) => s.name),
            serviceNames.map((s) => s.at),
          ],
        );
        await client.query(
          `INSERT INTO usage_units (code, name) SELECT * FROM unnest($1::text[], $2::text[])
           ON CONFLICT (code) DO UPDATE SET name = excluded.name
           WHERE usage_units.name <> excluded.name`,
          [units.map((u) => u.code), units.map((u) => u.name)],
        );
        await client.query(
          `INSERT INTO usage_positions (terminal_id, epoch, rolled_up_to)
           SELECT * FROM unnest($1::text[], $2::text[], $3::integer[])
           ON CONFLICT (terminal_id, epoch) DO UPDATE SET rolled_up_to = excluded.rolled_up_to`,
          [ids, epochs, upTo],
        );
        const last = rows.at(-1)!;
        return {
          deliveries: rows.length,
          last: { terminalId: last.terminal_id, epoch: last.epoch },
        };
      }),

    usageCounts: async (digits, prefix, from, to) =>
      (
        await pool.query<UsageCountRow>(
          `SELECT unit_code AS code, kind, key, SUM(count)::integer AS n FROM usage_rollup
           WHERE level = $1 AND unit_code >= $2 AND unit_code < $3 AND day >= $4 AND day <= $5
           GROUP BY unit_code, kind, key ORDER BY unit_code`,
          [digits, prefix, prefix + END, from, to],
        )
      ).rows,
    unitNames: (codes) =>
      names('SELECT code AS key, name FROM usage_units WHERE code = ANY($1::text[])', codes),
    serviceNames: (ids) =>
      names(
        'SELECT service_id AS key, name FROM usage_services WHERE service_id = ANY($1::text[])',
        ids,
      ),
    presenceBetween: async (terminalId, from, to) => {
      const before = await pool.query<ChangeRow>(
        `SELECT at, presence, previous FROM presence_history WHERE terminal_id = $1 AND at < $2
         ORDER BY at DESC LIMIT 1`,
        [terminalId, from],
      );
      const within = await pool.query<ChangeRow>(
        `SELECT at, presence, previous FROM presence_history
         WHERE terminal_id = $1 AND at >= $2 AND at < $3 ORDER BY at LIMIT $4`,
        [terminalId, from, to, MAX_PRESENCE_ROWS],
      );
      return [...before.rows, ...within.rows].map(change);
    },
    serviceIntervals: async (terminalId, from, to) =>
      (
        await pool.query<ServiceInterval>(
          `SELECT state, corrected_from AS "from", corrected_to AS "to" FROM service_intervals
           WHERE terminal_id = $1 AND reported_from >= $2 AND corrected_to > $3
             AND corrected_from < $4
           ORDER BY corrected_from LIMIT $5`,
          [
            terminalId,
            new Date(from.getTime() - INTERVAL_LOOKBACK_MS).toISOString(),
            from.toISOString(),
            to.toISOString(),
            MAX_INTERVAL_ROWS,
          ],
        )
      ).rows,
    deviceChanges: async (terminalId, from, to, limit) =>
      (
        await pool.query<{ at: Date; device: string; state: string }>(
          `SELECT at, device, state FROM device_changes
           WHERE terminal_id = $1 AND at >= $2 AND at < $3 ORDER BY at DESC LIMIT $4`,
          [terminalId, from, to, limit],
        )
      ).rows.map((r) => ({ ...r, at: r.at.toISOString() })),
  };
}
