import type pg from 'pg';
import type { Presence, PresenceChange, StoredDeviceStates } from '@bianmin/contract';
import type {
  PresenceRecord,
  PresenceStore,
  PresenceSubject,
} from '../../presence/presence-store.js';
import { inTransaction } from './transaction.js';

interface SubjectRow {
  terminal_id: string;
  community_code: string | null;
  last_seen_at: Date | null;
  interval_seconds: number | null;
  devices: string | null;
}

const toSubject = (row: SubjectRow): PresenceSubject => ({
  terminalId: row.terminal_id,
  communityCode: row.community_code,
  input: {
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    intervalSeconds: row.interval_seconds,
    devices: row.devices === null ? null : (JSON.parse(row.devices) as StoredDeviceStates),
  },
});

/**
 * Presence on PostgreSQL. Every centre instance sharing the database runs a sweeper; a
 * change is written only if the presence it starts from is still the current one, so two
 * instances deciding the same change write it once (docs/centre-postgres.md).
 */
export function createPostgresPresenceStore(pool: pg.Pool): PresenceStore {
  const columns = 'terminal_id, community_code, last_seen_at, interval_seconds, devices';
  return {
    subjects: async (terminalId) => {
      const rows = await pool.query<SubjectRow>(
        `SELECT ${columns} FROM terminals WHERE terminal_id = $1`,
        [terminalId],
      );
      return rows.rows.map(toSubject);
    },
    current: async (terminalIds) => {
      if (terminalIds.length === 0) return new Map();
      const rows = await pool.query<{ terminal_id: string; presence: Presence; since: Date }>({
        // Prepared once per connection: the sweeper reads this for most heartbeats.
        name: 'presence_current',
        text: 'SELECT terminal_id, presence, since FROM presence_current WHERE terminal_id = ANY($1::text[])',
        values: [terminalIds],
      });
      return new Map(
        rows.rows.map((r) => [
          r.terminal_id,
          { presence: r.presence, since: r.since.toISOString() },
        ]),
      );
    },
    page: async (after, limit) => {
      const rows = await pool.query<SubjectRow & { presence: Presence | null; since: Date | null }>(
        `SELECT t.terminal_id, t.community_code, t.last_seen_at, t.interval_seconds, t.devices,
           p.presence, p.since
         FROM terminals t LEFT JOIN presence_current p ON p.terminal_id = t.terminal_id
         WHERE t.terminal_id > $1 ORDER BY t.terminal_id LIMIT $2`,
        [after ?? '', limit],
      );
      const current = new Map<string, PresenceRecord>();
      for (const r of rows.rows) {
        if (r.presence !== null && r.since !== null) {
          current.set(r.terminal_id, { presence: r.presence, since: r.since.toISOString() });
        }
      }
      return { subjects: rows.rows.map(toSubject), current };
    },
    apply: (changes) =>
      inTransaction(pool, async (client) => {
        let applied = 0;
        for (const c of changes) {
          const moved =
            c.previous === null
              ? await client.query(
                  `INSERT INTO presence_current (terminal_id, presence, since) VALUES ($1, $2, $3)
                   ON CONFLICT DO NOTHING`,
                  [c.terminalId, c.presence, c.at],
                )
              : await client.query(
                  `UPDATE presence_current SET presence = $2, since = $3
                   WHERE terminal_id = $1 AND presence = $4`,
                  [c.terminalId, c.presence, c.at, c.previous],
                );
          if (moved.rowCount !== 1) continue;
          applied += 1;
          await client.query(
            'INSERT INTO presence_history (terminal_id, at, presence, previous) VALUES ($1, $2, $3, $4)',
            [c.terminalId, c.at, c.presence, c.previous],
          );
        }
        return applied;
      }),
    history: async (terminalId, limit) => {
      const rows = await pool.query<{ at: Date; presence: Presence; previous: Presence | null }>(
        `SELECT at, presence, previous FROM presence_history WHERE terminal_id = $1
         ORDER BY at DESC, id DESC LIMIT $2`,
        [terminalId, limit],
      );
      return rows.rows.map((r): PresenceChange => ({
        at: r.at.toISOString(),
        presence: r.presence,
        previous: r.previous,
      }));
    },
  };
}
