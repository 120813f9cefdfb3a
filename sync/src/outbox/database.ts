import Database from 'better-sqlite3';

/**
 * Opens the terminal's own SQLite file. Terminals lose power without warning, so commits
 * are fsynced (synchronous=FULL): WAL with NORMAL can drop the last transactions, which
 * would lose an issued ticket's usage event.
 */
export function openTerminalDatabase(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // The agent and a maintenance tool may briefly hold the file at the same time.
  db.pragma('busy_timeout = 5000');
  return db;
}
