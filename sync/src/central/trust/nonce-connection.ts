import Database from 'better-sqlite3';

/**
 * A second connection to the centre's file for nonces, committing without its own fsync
 * (synchronous=NORMAL): the next durable commit of the main connection syncs the shared WAL
 * with them. A nonce lost to a power cut reopens, at worst, a replay within the time
 * window; an fsync per request would halve what the centre can take. An in-memory database
 * has no second connection, so it is shared.
 */
export function openNonceConnection(main: Database.Database): {
  db: Database.Database;
  close(): void;
} {
  if (main.memory) return { db: main, close: () => undefined };
  const db = new Database(main.name, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  return { db, close: () => db.close() };
}
