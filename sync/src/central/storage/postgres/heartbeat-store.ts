import type pg from 'pg';
import type { HeartbeatStore } from '../central-stores.js';
import { createHeartbeatGroups, type HeartbeatGroups } from './heartbeat-group.js';

/**
 * The heartbeat store on PostgreSQL: the same upsert as the SQLite one (heartbeat-store.ts),
 * written with the other heartbeats of the moment in one statement that commits without
 * waiting for the WAL flush (heartbeat-group.ts).
 */
export function createPostgresHeartbeatStore(
  pool: pg.Pool,
  groups: HeartbeatGroups = createHeartbeatGroups(pool),
): HeartbeatStore {
  return {
    record: (body, receivedAt) => groups.record(body, receivedAt),
    seenCommunity: async (terminalId) => {
      const found = await pool.query<{ community_code: string | null }>(
        'SELECT community_code FROM terminals WHERE terminal_id = $1',
        [terminalId],
      );
      return found.rows[0]?.community_code ?? null;
    },
  };
}
