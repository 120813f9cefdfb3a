import type Database from 'better-sqlite3';
import type { Result } from '@bianmin/common';
import {
  applyMigrations,
  openDatabase,
  type DatabaseOpenError,
  type Migration,
} from '@bianmin/common/sqlite';
import { createPresenceTables } from './presence/presence-store.js';
import { createCoverageTables } from './coverage/coverage-store.js';

/** As the code before versioned migrations created them: files in the field already hold them. */
const createCentralTables: Migration = {
  name: 'terminals and events tables',
  up: (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS terminals (
        terminal_id TEXT PRIMARY KEY,
        first_seen_at TEXT NOT NULL,
        name TEXT,
        community_name TEXT,
        community_code TEXT,
        community_kind TEXT,
        street_name TEXT,
        street_code TEXT,
        county_name TEXT,
        county_code TEXT,
        city_name TEXT,
        city_code TEXT,
        province_name TEXT,
        province_code TEXT,
        interval_seconds REAL,
        -- centre clock of the latest heartbeat: presence never trusts the terminal's clock
        last_seen_at TEXT,
        -- terminal clock of that heartbeat, kept to spot clocks that drift
        last_sent_at TEXT,
        devices TEXT,
        outbox_pending INTEGER,
        acked_up_to INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS events (
        terminal_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        created_at TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        corrected_at TEXT NOT NULL,
        time_uncertain INTEGER NOT NULL DEFAULT 0,
        payload TEXT NOT NULL,
        PRIMARY KEY (terminal_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS events_by_type_time ON events (type, corrected_at);
    `),
};

/**
 * ticket.issued no longer carries prioritySource (age or a declared disability, sensitive
 * under PIPL). Terminals drop it from their queued copies the same way, so a resend still
 * matches and is no conflict.
 */
const dropStoredPrioritySource: Migration = {
  name: 'drop prioritySource from stored ticket events',
  up: (db) =>
    db.exec(`
      UPDATE events SET payload = json_remove(payload, '$.prioritySource')
      WHERE type = 'ticket.issued' AND json_type(payload, '$.prioritySource') IS NOT NULL
    `),
};

/** Every schema step of the centre's database file, in user_version order. Append only. */
export const CENTRAL_MIGRATIONS: readonly Migration[] = [
  createCentralTables, // 1
  dropStoredPrioritySource, // 2
  createPresenceTables, // 3
  createCoverageTables, // 4
];

/** Opens (creating if needed) the centre's SQLite file with its tables up to date. */
export function openCentralDatabase(path: string): Result<Database.Database, DatabaseOpenError> {
  return openDatabase(path, { migrations: CENTRAL_MIGRATIONS });
}

/** Brings an already open centre database up to date; a no-op on one openCentralDatabase opened. */
export function migrateCentralDatabase(
  db: Database.Database,
): Result<{ from: number; to: number }, DatabaseOpenError> {
  return applyMigrations(db, CENTRAL_MIGRATIONS);
}
