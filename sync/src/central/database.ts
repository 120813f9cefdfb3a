import type Database from 'better-sqlite3';
import type { Result } from '@bianmin/common';
import { LEGACY_EPOCH } from '@bianmin/contract';
import {
  applyMigrations,
  openDatabase,
  type DatabaseOpenError,
  type Migration,
} from '@bianmin/common/sqlite';
import { createPresenceTables } from './presence/presence-store.js';
import { createTrustTables } from './trust/migrations.js';
import { createCoverageTables } from './coverage/coverage-store.js';
import { createAccountTables } from './accounts/sqlite-account-store.js';
import { createMonitoringIndexes } from './monitoring/monitoring-store.js';
import { createUsageTables } from './monitoring/sqlite-usage-store.js';
import { createConfigReleaseTables } from './config-releases/config-release-store.js';

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

/**
 * Events are keyed by (terminal, epoch, seq) and the centre's position is kept per (terminal,
 * epoch): a terminal whose database was replaced counts seq from 1 again in a new epoch. Rows
 * stored before epochs existed keep LEGACY_EPOCH, the epoch their terminals go on sending
 * (or are upgraded into), and each terminal's position on it is the run 1..n it holds.
 */
const keyEventsByEpoch: Migration = {
  name: 'events keyed by outbox epoch',
  up: (db) => {
    db.exec(`
      CREATE TABLE events_by_epoch (
        terminal_id TEXT NOT NULL,
        epoch TEXT NOT NULL,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        created_at TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        corrected_at TEXT NOT NULL,
        time_uncertain INTEGER NOT NULL DEFAULT 0,
        payload TEXT NOT NULL,
        PRIMARY KEY (terminal_id, epoch, seq)
      ) WITHOUT ROWID;
      CREATE TABLE delivery_positions (
        terminal_id TEXT NOT NULL,
        epoch TEXT NOT NULL,
        acked_up_to INTEGER NOT NULL DEFAULT 0,
        first_seen_at TEXT NOT NULL,
        PRIMARY KEY (terminal_id, epoch)
      ) WITHOUT ROWID;
    `);
    db.prepare(
      `INSERT INTO events_by_epoch (terminal_id, epoch, seq, type, created_at, sent_at,
         received_at, corrected_at, time_uncertain, payload)
       SELECT terminal_id, ?, seq, type, created_at, sent_at, received_at, corrected_at,
              time_uncertain, payload
       FROM events`,
    ).run(LEGACY_EPOCH);
    // Seqs are distinct and start at 1: the first row whose seq is not its place follows a gap.
    db.prepare(
      `INSERT INTO delivery_positions (terminal_id, epoch, acked_up_to, first_seen_at)
       SELECT terminal_id, ?, COALESCE(MIN(CASE WHEN seq <> place THEN place - 1 END), MAX(place)),
              MIN(received_at)
       FROM (SELECT terminal_id, seq, received_at,
                    ROW_NUMBER() OVER (PARTITION BY terminal_id ORDER BY seq) AS place
             FROM events)
       GROUP BY terminal_id`,
    ).run(LEGACY_EPOCH);
    db.exec(`
      DROP TABLE events;
      ALTER TABLE events_by_epoch RENAME TO events;
      CREATE INDEX events_by_type_time ON events (type, corrected_at);
    `);
    // The terminals row kept one position per terminal; files from before versioned
    // migrations may lack the column.
    const columns = db.prepare("SELECT name FROM pragma_table_info('terminals')").pluck().all();
    if (columns.includes('acked_up_to')) db.exec('ALTER TABLE terminals DROP COLUMN acked_up_to');
  },
};

/**
 * Events in a table kept in arrival order (a rowid table) with (terminal, epoch, seq) as its
 * unique key, instead of a table ordered by that key: each batch's rows then go at the end of
 * the table rather than into the middle of each terminal's run, and the other indexes hold a
 * rowid instead of the whole key (docs/benchmarks.md, "Fifth round"). Indexes on events made
 * by earlier steps are made again.
 */
const keepEventsInArrivalOrder: Migration = {
  name: 'events kept in arrival order',
  up: (db) => {
    const indexes = db
      .prepare(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL",
      )
      .pluck()
      .all() as string[];
    const columns =
      'terminal_id, epoch, seq, type, created_at, sent_at, received_at, corrected_at, time_uncertain, payload';
    db.exec(`
      CREATE TABLE events_in_arrival_order (
        terminal_id TEXT NOT NULL,
        epoch TEXT NOT NULL,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        created_at TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        corrected_at TEXT NOT NULL,
        time_uncertain INTEGER NOT NULL DEFAULT 0,
        payload TEXT NOT NULL,
        PRIMARY KEY (terminal_id, epoch, seq)
      );
      INSERT INTO events_in_arrival_order (${columns})
        SELECT ${columns} FROM events ORDER BY received_at, terminal_id, epoch, seq;
      DROP TABLE events;
      ALTER TABLE events_in_arrival_order RENAME TO events;
    `);
    for (const sql of indexes) db.exec(sql);
  },
};

/** Every schema step of the centre's database file, in user_version order. Append only. */
export const CENTRAL_MIGRATIONS: readonly Migration[] = [
  createCentralTables, // 1
  dropStoredPrioritySource, // 2
  keyEventsByEpoch, // 3
  createPresenceTables, // 4
  createTrustTables, // 5
  createCoverageTables, // 6
  createAccountTables, // 7
  createMonitoringIndexes, // 8
  createUsageTables, // 9
  createConfigReleaseTables, // 10
  keepEventsInArrivalOrder, // 11
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
