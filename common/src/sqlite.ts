import Database from 'better-sqlite3';
import { err, ok, type Result } from './result.js';

/**
 * One step of a database's schema. A database file has one ordered list of these; a step's
 * version is its position in the list (first = 1), recorded in `PRAGMA user_version`. Steps
 * are append-only: never reorder, edit or remove one that has shipped.
 */
export interface Migration {
  /** Says what the step does, for error messages (e.g. 'outbox tables'). */
  readonly name: string;
  readonly up: (db: Database.Database) => void;
}

export type DatabaseOpenError =
  | { readonly kind: 'unopenable'; readonly message: string }
  | {
      readonly kind: 'newer-schema';
      readonly found: number;
      readonly known: number;
      readonly message: string;
    }
  | {
      readonly kind: 'migration-failed';
      readonly version: number;
      readonly name: string;
      readonly message: string;
    };

/**
 * Opens (creating if needed) a SQLite file and brings its schema up to date. Terminals lose
 * power without warning and the centre's acknowledgements let terminals delete events, so
 * commits are fsynced (synchronous=FULL): WAL with NORMAL can drop the last transactions.
 * The busy timeout covers a maintenance tool holding the file briefly.
 */
export function openDatabase(
  path: string,
  options: { migrations: readonly Migration[] },
): Result<Database.Database, DatabaseOpenError> {
  let db: Database.Database | undefined;
  try {
    // The busy timeout first, so even switching to WAL waits for another process that holds
    // the file (two agents started at once on one data folder) instead of failing.
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  } catch (e) {
    db?.close();
    return err({ kind: 'unopenable', message: `cannot open ${path}: ${messageOf(e)}` });
  }
  const migrated = applyMigrations(db, options.migrations);
  if (!migrated.ok) {
    db.close();
    return err({ ...migrated.error, message: `${path}: ${migrated.error.message}` });
  }
  return ok(db);
}

/**
 * Runs the steps past the file's `user_version`, each in its own transaction with the
 * version bump, so a crash leaves the file at the last whole step. Refuses a file written by
 * newer code: this code would not know what its extra steps changed.
 */
export function applyMigrations(
  db: Database.Database,
  migrations: readonly Migration[],
): Result<{ from: number; to: number }, DatabaseOpenError> {
  const known = migrations.length;
  const found = db.pragma('user_version', { simple: true }) as number;
  if (found > known) {
    return err({
      kind: 'newer-schema',
      found,
      known,
      message:
        `schema version ${found} is newer than this software knows (${known}); ` +
        'it was written by a newer release: install that release or restore a backup',
    });
  }
  for (let version = found + 1; version <= known; version++) {
    const step = migrations[version - 1]!;
    try {
      // IMMEDIATE takes the write lock first, and the version is read again under it: a
      // second process opening the same new file waits, then skips the steps the first ran.
      db.transaction(() => {
        if ((db.pragma('user_version', { simple: true }) as number) >= version) return;
        step.up(db);
        db.pragma(`user_version = ${version}`);
      }).immediate();
    } catch (e) {
      return err({
        kind: 'migration-failed',
        version,
        name: step.name,
        message: `schema step ${version} (${step.name}) failed: ${messageOf(e)}`,
      });
    }
  }
  return ok({ from: found, to: known });
}

const BUSY_TIMEOUT_MS = 5000;

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
