import type pg from 'pg';
import type { HeartbeatStore } from '../central-stores.js';

/**
 * The heartbeat store on PostgreSQL: the same upsert as the SQLite one (heartbeat-store.ts),
 * committed without waiting for the WAL flush (`synchronous_commit` off for this statement
 * alone), as the SQLite one answers before its WAL is synced: a heartbeat is an observation
 * the terminal repeats every interval, so a crash may lose the last fraction of a second of
 * them and nothing else.
 */
export function createPostgresHeartbeatStore(pool: pg.Pool): HeartbeatStore {
  return {
    record: async (body, receivedAt) => {
      const { community, region } = body.terminal;
      await pool.query(
        `WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true))
         INSERT INTO terminals (
           terminal_id, first_seen_at, name, community_name, community_code, community_kind,
           street_name, street_code, county_name, county_code, city_name, city_code,
           province_name, province_code, interval_seconds, last_seen_at, last_sent_at, devices,
           outbox_pending
         ) SELECT $1, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
           $15::double precision, $2::timestamptz, $16, $17, $18::integer
         FROM relaxed
         ON CONFLICT (terminal_id) DO UPDATE SET
           name = EXCLUDED.name,
           community_name = EXCLUDED.community_name,
           community_code = EXCLUDED.community_code,
           community_kind = EXCLUDED.community_kind,
           street_name = EXCLUDED.street_name,
           street_code = EXCLUDED.street_code,
           county_name = EXCLUDED.county_name,
           county_code = EXCLUDED.county_code,
           city_name = EXCLUDED.city_name,
           city_code = EXCLUDED.city_code,
           province_name = EXCLUDED.province_name,
           province_code = EXCLUDED.province_code,
           interval_seconds = EXCLUDED.interval_seconds,
           last_seen_at = EXCLUDED.last_seen_at,
           last_sent_at = EXCLUDED.last_sent_at,
           devices = EXCLUDED.devices,
           outbox_pending = EXCLUDED.outbox_pending`,
        [
          body.terminalId,
          receivedAt,
          body.terminal.name,
          community.name,
          community.code,
          community.kind,
          region.street.name,
          region.street.code,
          region.county.name,
          region.county.code,
          region.city.name,
          region.city.code,
          region.province.name,
          region.province.code,
          body.intervalSeconds,
          body.sentAt,
          JSON.stringify(body.devices),
          body.outboxPending,
        ],
      );
    },
    seenCommunity: async (terminalId) => {
      const found = await pool.query<{ community_code: string | null }>(
        'SELECT community_code FROM terminals WHERE terminal_id = $1',
        [terminalId],
      );
      return found.rows[0]?.community_code ?? null;
    },
  };
}
