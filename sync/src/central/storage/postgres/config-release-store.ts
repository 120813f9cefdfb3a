import type pg from 'pg';
import {
  RELEASE_PARTS,
  partOfRow,
  type ConfigReleaseStore,
} from '../../config-releases/config-release-store.js';
import type { PostgresMigration } from './migrate.js';
import { inTransaction } from './transaction.js';

export const createConfigReleaseTables: PostgresMigration = {
  name: 'remote configuration releases, parts per scope and versions terminals run',
  up: async (client) => {
    await client.query(`
      CREATE TABLE config_releases (
        version bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        scope text NOT NULL,
        parts text NOT NULL,
        published_at timestamptz NOT NULL
      );
      CREATE TABLE config_parts (
        scope text COLLATE "C" NOT NULL,
        part text NOT NULL,
        content text,
        version bigint NOT NULL,
        PRIMARY KEY (scope, part)
      );
      CREATE TABLE config_running (
        terminal_id text COLLATE "C" PRIMARY KEY,
        version bigint NOT NULL,
        reported_at timestamptz NOT NULL
      );
      CREATE TABLE config_signing_key (
        id integer PRIMARY KEY CHECK (id = 1),
        key text NOT NULL
      );
    `);
  },
};

/** The same store on PostgreSQL; versions come from one identity column, so they only grow. */
export function createPostgresConfigReleaseStore(pool: pg.Pool): ConfigReleaseStore {
  return {
    signingKey: async (make) => {
      // The first instance to start makes it; the others read the same one.
      await pool.query(
        'INSERT INTO config_signing_key (id, key) VALUES (1, $1) ON CONFLICT DO NOTHING',
        [make()],
      );
      const { rows } = await pool.query<{ key: string }>('SELECT key FROM config_signing_key');
      return rows[0]!.key;
    },
    publish: (scope, parts, publishedAt) =>
      inTransaction(pool, async (client) => {
        const names = RELEASE_PARTS.filter((p) => parts[p] !== undefined);
        const inserted = await client.query<{ version: string }>(
          'INSERT INTO config_releases (scope, parts, published_at) VALUES ($1, $2, $3) RETURNING version',
          [scope, JSON.stringify(names), publishedAt],
        );
        const version = Number(inserted.rows[0]!.version);
        for (const name of names) {
          const content = parts[name];
          // Two instances publishing at once: the higher version stays, whichever commits last.
          await client.query(
            `INSERT INTO config_parts (scope, part, content, version) VALUES ($1, $2, $3, $4)
             ON CONFLICT (scope, part) DO UPDATE SET content = EXCLUDED.content,
               version = EXCLUDED.version
             WHERE config_parts.version < EXCLUDED.version`,
            [scope, name, content === null ? null : JSON.stringify(content), version],
          );
        }
        return version;
      }),
    parts: async (scopes) => {
      if (scopes.length === 0) return [];
      const { rows } = await pool.query(
        `SELECT scope, part, content, version FROM config_parts
         WHERE scope = ANY($1::text[]) ORDER BY version`,
        [scopes],
      );
      return rows.map(partOfRow);
    },
    latestVersion: async (scopes) => {
      if (scopes.length === 0) return 0;
      const { rows } = await pool.query<{ latest: string | null }>(
        'SELECT MAX(version) AS latest FROM config_parts WHERE scope = ANY($1::text[])',
        [scopes],
      );
      return Number(rows[0]?.latest ?? 0);
    },
    noteRunning: async (terminalId, version, at) => {
      // Noted by every heartbeat: committed without waiting for the WAL flush, as the
      // heartbeat itself (storage/postgres/heartbeat-store.ts).
      await pool.query(
        `WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true))
         INSERT INTO config_running (terminal_id, version, reported_at)
         SELECT $1, $2::bigint, $3::timestamptz FROM relaxed
         ON CONFLICT (terminal_id) DO UPDATE SET version = EXCLUDED.version,
           reported_at = EXCLUDED.reported_at`,
        [terminalId, version, at],
      );
    },
    running: async (terminalId) => {
      const { rows } = await pool.query<{ version: string; reported_at: Date }>(
        'SELECT version, reported_at FROM config_running WHERE terminal_id = $1',
        [terminalId],
      );
      const row = rows[0];
      return row === undefined
        ? null
        : { version: Number(row.version), reportedAt: row.reported_at.toISOString() };
    },
  };
}
