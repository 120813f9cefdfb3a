import Database from 'better-sqlite3';

/** Opens (creating if needed) the centre's SQLite file and brings its tables up to date. */
export function createCentralDatabase(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // An acknowledged batch must survive a power cut: the terminal deletes what we ack.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrateCentralDatabase(db);
  return db;
}

/** Idempotent; user_version marks the schema version reached. */
export function migrateCentralDatabase(db: Database.Database): void {
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
  `);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version < 2) {
    // Version 2: ticket.issued no longer carries prioritySource (age or a declared
    // disability, sensitive under PIPL). Drop it from stored events too; terminals drop it
    // from their queued copies the same way, so a resend still matches and is no conflict.
    db.transaction(() => {
      db.exec(`
        UPDATE events SET payload = json_remove(payload, '$.prioritySource')
        WHERE type = 'ticket.issued' AND json_type(payload, '$.prioritySource') IS NOT NULL;
        PRAGMA user_version = 2;
      `);
    })();
  }
}
