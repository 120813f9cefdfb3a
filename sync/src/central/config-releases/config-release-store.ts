import type Database from 'better-sqlite3';
import type { Migration } from '@bianmin/common/sqlite';
import type { ConfigPart } from '@bianmin/contract';
import { groupCommitOf } from '../group-commit.js';

/** What a release can set for a scope: the configuration parts and the notices. */
export type ReleasePart = ConfigPart | 'warnings' | 'announcements';
export const RELEASE_PARTS: readonly ReleasePart[] = [
  'services',
  'serviceHours',
  'closures',
  'warnings',
  'announcements',
];

/** One part as a scope holds it; content null: removed by the release of that version. */
export interface ScopedPart {
  /** `region:<code>` or `terminal:<id>` (scopes.ts). */
  scope: string;
  part: ReleasePart;
  content: unknown;
  version: number;
}

/**
 * The centre's published configuration: per scope and part the latest content, each under
 * the version of the release that set it, from one sequence that only grows.
 */
export interface ConfigReleaseStore {
  /** Sets (null: removes) each given part of the scope under one new version, returned. */
  publish(
    scope: string,
    parts: Partial<Record<ReleasePart, unknown>>,
    publishedAt: Date,
  ): Promise<number>;
  /** Every part the given scopes hold, removed ones included (their version counts). */
  parts(scopes: readonly string[]): Promise<ScopedPart[]>;
  /** The highest version among the given scopes' parts; 0 when none. */
  latestVersion(scopes: readonly string[]): Promise<number>;
  /** The version a terminal's latest heartbeat said it runs. */
  noteRunning(terminalId: string, version: number, at: Date): Promise<void>;
  running(terminalId: string): Promise<{ version: number; reportedAt: string } | null>;
  /**
   * The centre's configuration-signing key as stored text, made by `make` on the first call
   * and the same for every instance on this database from then on.
   */
  signingKey(make: () => string): Promise<string>;
}

export const createConfigReleaseTables: Migration = {
  name: 'remote configuration releases, parts per scope and versions terminals run',
  up: (db) =>
    db.exec(`
      CREATE TABLE config_releases (
        version INTEGER PRIMARY KEY AUTOINCREMENT,
        scope TEXT NOT NULL,
        parts TEXT NOT NULL,
        published_at TEXT NOT NULL
      );
      CREATE TABLE config_parts (
        scope TEXT NOT NULL,
        part TEXT NOT NULL,
        content TEXT,
        version INTEGER NOT NULL,
        PRIMARY KEY (scope, part)
      ) WITHOUT ROWID;
      CREATE TABLE config_running (
        terminal_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        reported_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE config_signing_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        key TEXT NOT NULL
      );
    `),
};

interface PartRow {
  scope: string;
  part: ReleasePart;
  content: string | null;
  version: number;
}

export const partOfRow = (row: PartRow): ScopedPart => ({
  scope: row.scope,
  part: row.part,
  content: row.content === null ? null : (JSON.parse(row.content) as unknown),
  version: Number(row.version),
});

/** The store on the centre's SQLite file. */
export function createSqliteConfigReleaseStore(db: Database.Database): ConfigReleaseStore {
  const insertRelease = db.prepare<[string, string, string]>(
    'INSERT INTO config_releases (scope, parts, published_at) VALUES (?, ?, ?)',
  );
  const upsertPart = db.prepare<[string, string, string | null, number]>(
    `INSERT INTO config_parts (scope, part, content, version) VALUES (?, ?, ?, ?)
     ON CONFLICT (scope, part) DO UPDATE SET content = excluded.content, version = excluded.version
     WHERE config_parts.version < excluded.version`,
  );
  const publish = db.transaction(
    (scope: string, parts: Partial<Record<ReleasePart, unknown>>, at: string): number => {
      const names = RELEASE_PARTS.filter((p) => parts[p] !== undefined);
      const version = Number(insertRelease.run(scope, JSON.stringify(names), at).lastInsertRowid);
      for (const name of names) {
        const content = parts[name];
        upsertPart.run(scope, name, content === null ? null : JSON.stringify(content), version);
      }
      return version;
    },
  );
  const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  // Asked on every heartbeat, always with as many scopes: prepared once per count.
  const latestStatements = new Map<number, Database.Statement<string[], number | null>>();
  const latestOf = (n: number) => {
    let statement = latestStatements.get(n);
    if (statement === undefined) {
      statement = db
        .prepare<string[], number | null>(
          `SELECT MAX(version) FROM config_parts WHERE scope IN (${placeholders(n)})`,
        )
        .pluck();
      latestStatements.set(n, statement);
    }
    return statement;
  };
  const group = groupCommitOf(db);
  const upsertRunning = db.prepare<[string, number, string]>(
    `INSERT INTO config_running (terminal_id, version, reported_at) VALUES (?, ?, ?)
     ON CONFLICT (terminal_id) DO UPDATE SET version = excluded.version,
       reported_at = excluded.reported_at`,
  );
  const selectRunning = db.prepare<[string], { version: number; reported_at: string }>(
    'SELECT version, reported_at FROM config_running WHERE terminal_id = ?',
  );
  const addKey = db.prepare<[string]>(
    'INSERT INTO config_signing_key (id, key) VALUES (1, ?) ON CONFLICT DO NOTHING',
  );
  const storedKey = db.prepare<[], string>('SELECT key FROM config_signing_key').pluck();
  const signingKey = db.transaction((make: () => string) => {
    if (storedKey.get() === undefined) addKey.run(make());
    return storedKey.get()!;
  });
  return {
    signingKey: async (make) => signingKey(make),
    publish: async (scope, parts, publishedAt) => publish(scope, parts, publishedAt.toISOString()),
    parts: async (scopes) => {
      if (scopes.length === 0) return [];
      const rows = db
        .prepare<string[], PartRow>(
          `SELECT scope, part, content, version FROM config_parts
           WHERE scope IN (${placeholders(scopes.length)}) ORDER BY version`,
        )
        .all(...scopes);
      return rows.map(partOfRow);
    },
    latestVersion: async (scopes) => {
      if (scopes.length === 0) return 0;
      return latestOf(scopes.length).get(...scopes) ?? 0;
    },
    // Every heartbeat notes it: with the heartbeat's own write, not as a commit of its own.
    noteRunning: (terminalId, version, at) =>
      group.run(() => {
        upsertRunning.run(terminalId, version, at.toISOString());
      }, 'committed'),
    running: async (terminalId) => {
      const row = selectRunning.get(terminalId);
      return row === undefined ? null : { version: row.version, reportedAt: row.reported_at };
    },
  };
}
