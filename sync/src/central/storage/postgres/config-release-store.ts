import type pg from 'pg';
import {
  RELEASE_PARTS,
  partOfRow,
  type ConfigReleaseStore,
} from '../../config-releases/config-release-store.js';
import { createHeartbeatGroups, type HeartbeatGroups } from './heartbeat-group.js';
import type { PostgresMigration } from './migrate.js';
import { inTransaction } from './transaction.js';

/** Taken by every release, so releases commit in the order of their versions. */
const RELEASE_LOCK = 7_340_021;

/**
 * How long an instance answers heartbeats from the latest versions it read: a release made
 * at another instance reaches its terminals through this one within this time.
 */
const LATEST_VERSIONS_MS = 1_000;
/** How often an instance reads every scope's latest version again, not only newer releases. */
const ALL_VERSIONS_MS = 600_000;

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

/**
 * The same store on PostgreSQL; versions come from one identity column, so they only grow.
 * Every heartbeat asks for its scopes' latest version: each instance keeps every scope's
 * latest version in memory (latestVersions below) instead of a round trip per heartbeat.
 */
export function createPostgresConfigReleaseStore(
  pool: pg.Pool,
  groups: HeartbeatGroups = createHeartbeatGroups(pool),
  now: () => number = Date.now,
): ConfigReleaseStore {
  const latest = latestVersions(pool, now);
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
      latest.changing(() =>
        inTransaction(pool, async (client) => {
          // Versions are taken and committed one release at a time, so a reader that has
          // seen a version has seen every lower one (latestVersions reads only newer ones).
          await client.query('SELECT pg_advisory_xact_lock($1)', [RELEASE_LOCK]);
          const names = RELEASE_PARTS.filter((p) => parts[p] !== undefined);
          const inserted = await client.query<{ version: string }>(
            'INSERT INTO config_releases (scope, parts, published_at) VALUES ($1, $2, $3) RETURNING version',
            [scope, JSON.stringify(names), publishedAt],
          );
          const version = Number(inserted.rows[0]!.version);
          for (const name of names) {
            const content = parts[name];
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
      ),
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
      const byScope = await latest.read();
      return Math.max(0, ...scopes.map((scope) => byScope.get(scope) ?? 0));
    },
    // Noted by every heartbeat, in the heartbeat's own statement (heartbeat-group.ts).
    noteRunning: (terminalId, version, at) => groups.noteRunning(terminalId, version, at),
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

/**
 * Every scope's latest version, as this instance last read it: all of them, then only the
 * releases newer than the newest it has seen, at most every `LATEST_VERSIONS_MS`, and all of
 * them again every `ALL_VERSIONS_MS` (a release of a centre that did not yet take the lock
 * could commit below the newest seen). A
 * release made through this instance is seen at the next read; one made at another instance
 * within `LATEST_VERSIONS_MS`. Releases without parts set no version (as in config_parts).
 */
function latestVersions(pool: pg.Pool, now: () => number) {
  const byScope = new Map<string, number>();
  let seenUpTo: number | undefined;
  let freshUntil = -Infinity;
  let reading: Promise<void> | undefined;
  // A read that started before a release of this instance must not count as fresh after it.
  let releases = 0;
  let wholeAt = -Infinity;

  const readNewer = async () => {
    const before = releases;
    const whole = seenUpTo === undefined || now() - wholeAt >= ALL_VERSIONS_MS;
    if (whole) wholeAt = now();
    const { rows } = whole
      ? await pool.query<{ scope: string; version: string }>(
          'SELECT scope, MAX(version) AS version FROM config_parts GROUP BY scope',
        )
      : await pool.query<{ scope: string; version: string }>(
          `SELECT scope, MAX(version) AS version FROM config_releases
             WHERE version > $1 AND parts <> '[]' GROUP BY scope`,
          [seenUpTo],
        );
    if (whole) byScope.clear();
    let highest = seenUpTo ?? 0;
    for (const row of rows) {
      const version = Number(row.version);
      byScope.set(row.scope, Math.max(byScope.get(row.scope) ?? 0, version));
      highest = Math.max(highest, version);
    }
    seenUpTo = highest;
    if (releases === before) freshUntil = now() + LATEST_VERSIONS_MS;
  };

  return {
    read: async (): Promise<ReadonlyMap<string, number>> => {
      while (now() >= freshUntil) {
        reading ??= readNewer().finally(() => {
          reading = undefined;
        });
        await reading;
      }
      return byScope;
    },
    changing: async <T>(release: () => Promise<T>): Promise<T> => {
      releases += 1;
      freshUntil = -Infinity;
      try {
        return await release();
      } finally {
        releases += 1;
        freshUntil = -Infinity;
      }
    },
  };
}
