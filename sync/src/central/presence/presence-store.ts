import type Database from 'better-sqlite3';
import type { Migration } from '@bianmin/common/sqlite';
import type { Presence, PresenceChange, StoredDeviceStates } from '@bianmin/contract';
import type { PresenceInput } from '../presence.js';

export const createPresenceTables: Migration = {
  name: 'presence decided by the sweeper, and its history',
  up: (db) =>
    db.exec(`
      CREATE TABLE presence_current (
        terminal_id TEXT PRIMARY KEY,
        presence TEXT NOT NULL,
        since TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE presence_history (
        terminal_id TEXT NOT NULL,
        at TEXT NOT NULL,
        presence TEXT NOT NULL,
        previous TEXT
      );
      CREATE INDEX presence_history_by_terminal ON presence_history (terminal_id, at);
    `),
};

export interface PresenceRecord {
  presence: Presence;
  /** Centre clock of the change into this presence. */
  since: string;
}

export interface TerminalPresenceChange extends PresenceChange {
  terminalId: string;
}

export interface PresenceSubject {
  terminalId: string;
  /** From the terminal's record; null until it is known. */
  communityCode: string | null;
  input: Omit<PresenceInput, 'closed'>;
}

/** What the sweeper reads and writes, on SQLite or PostgreSQL (storage/postgres/). */
export interface PresenceStore {
  /** The terminal named, if known. */
  subjects(terminalId: string): Promise<PresenceSubject[]>;
  /** The presence last decided for each terminal named (those with none left out). */
  current(terminalIds: readonly string[]): Promise<Map<string, PresenceRecord>>;
  /**
   * Up to `limit` known terminals after `after` (null: from the first) in id order, with the
   * presence last decided for each: a sweep of every terminal reads them a page at a time.
   */
  page(
    after: string | null,
    limit: number,
  ): Promise<{ subjects: PresenceSubject[]; current: Map<string, PresenceRecord> }>;
  /**
   * The changes and the current presence they lead to, in one transaction. A change whose
   * `previous` is no longer the current presence (another centre instance decided first) is
   * skipped; resolves to the number written.
   */
  apply(changes: readonly TerminalPresenceChange[]): Promise<number>;
  history(terminalId: string, limit: number): Promise<PresenceChange[]>;
}

interface SubjectRow {
  terminal_id: string;
  community_code: string | null;
  last_seen_at: string | null;
  interval_seconds: number | null;
  devices: string | null;
}

export function createSqlitePresenceStore(db: Database.Database): PresenceStore {
  const columns = 'terminal_id, community_code, last_seen_at, interval_seconds, devices';
  const one = db.prepare(`SELECT ${columns} FROM terminals WHERE terminal_id = ?`);
  const pageOf = db.prepare(`
    SELECT t.terminal_id, t.community_code, t.last_seen_at, t.interval_seconds, t.devices,
      p.presence, p.since
    FROM terminals t LEFT JOIN presence_current p ON p.terminal_id = t.terminal_id
    WHERE t.terminal_id > ? ORDER BY t.terminal_id LIMIT ?`);
  const currentOne = db.prepare(
    'SELECT presence, since FROM presence_current WHERE terminal_id = ?',
  );
  const addCurrent = db.prepare(
    'INSERT INTO presence_current (terminal_id, presence, since) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const moveCurrent = db.prepare(
    'UPDATE presence_current SET presence = ?, since = ? WHERE terminal_id = ? AND presence = ?',
  );
  const addHistory = db.prepare(
    'INSERT INTO presence_history (terminal_id, at, presence, previous) VALUES (?, ?, ?, ?)',
  );
  const history = db.prepare(`
    SELECT at, presence, previous FROM presence_history WHERE terminal_id = ?
    ORDER BY at DESC, rowid DESC LIMIT ?`);
  const apply = db.transaction((changes: readonly TerminalPresenceChange[]) => {
    let applied = 0;
    for (const c of changes) {
      const moved =
        c.previous === null
          ? addCurrent.run(c.terminalId, c.presence, c.at)
          : moveCurrent.run(c.presence, c.at, c.terminalId, c.previous);
      if (moved.changes !== 1) continue;
      applied += 1;
      addHistory.run(c.terminalId, c.at, c.presence, c.previous);
    }
    return applied;
  });

  const toSubject = (row: SubjectRow): PresenceSubject => ({
    terminalId: row.terminal_id,
    communityCode: row.community_code,
    input: {
      lastSeenAt: row.last_seen_at,
      intervalSeconds: row.interval_seconds,
      devices: row.devices === null ? null : (JSON.parse(row.devices) as StoredDeviceStates),
    },
  });

  return {
    subjects: async (terminalId) => (one.all(terminalId) as SubjectRow[]).map(toSubject),
    current: async (terminalIds) => {
      const found = new Map<string, PresenceRecord>();
      for (const id of terminalIds) {
        const row = currentOne.get(id) as { presence: Presence; since: string } | undefined;
        if (row !== undefined) found.set(id, { presence: row.presence, since: row.since });
      }
      return found;
    },
    page: async (after, limit) => {
      const rows = pageOf.all(after ?? '', limit) as (SubjectRow & {
        presence: Presence | null;
        since: string | null;
      })[];
      const current = new Map<string, PresenceRecord>();
      for (const r of rows) {
        if (r.presence !== null && r.since !== null) {
          current.set(r.terminal_id, { presence: r.presence, since: r.since });
        }
      }
      return { subjects: rows.map(toSubject), current };
    },
    apply: async (changes) => apply(changes),
    history: async (terminalId, limit) => history.all(terminalId, limit) as PresenceChange[],
  };
}
