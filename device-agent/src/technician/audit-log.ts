import type Database from 'better-sqlite3';
import { formatLocalDateTime, type EventLogger } from '@bianmin/common';
import type { Migration } from '@bianmin/common/sqlite';
import type { TechnicianAuditEntry, TechnicianAuditPage } from '@bianmin/contract';

/**
 * The technician audit log (docs/technician.md, "What is logged"): who, what, the outcome and
 * when, in the terminal's database so an administrator can read it on the screen. Ids only,
 * never a PIN, a card's number or a resident's data. AUTOINCREMENT keeps ids from coming back
 * after pruning, so a page's keyset stays where it was.
 */
export const createTechnicianAuditLog: Migration = {
  name: 'technician audit log',
  up: (db) =>
    db.exec(`
      CREATE TABLE technician_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        account TEXT NOT NULL,
        action TEXT NOT NULL,
        outcome TEXT NOT NULL,
        subject TEXT
      );
      CREATE INDEX technician_audit_at ON technician_audit (at);
    `),
};

/** An entry goes when it is older than this, or when this many newer ones exist. */
export const AUDIT_RETENTION = { days: 90, rows: 10_000 } as const;

export interface AuditRecord {
  /** The account id, or `unknown` before a sign-in. */
  account: string;
  action: string;
  outcome: string;
  /** The device or route concerned. */
  subject?: string;
}

/** A page: the newest, the one below `before`, or the one above `after` (ids). */
export interface AuditPageQuery {
  before?: number;
  after?: number;
  limit: number;
}

interface Row {
  id: number;
  at: string;
  account: string;
  action: string;
  outcome: string;
  subject: string | null;
}

export interface AuditLogOptions {
  timeZone: string;
  now: () => Date;
  /** A clock that only moves forward (performance.now()); tests pass their own. */
  monotonicNow?: () => number;
  logger: EventLogger;
  retention?: { days: number; rows: number };
}

/** Appends and pages the audit log; each append prunes what retention lets go. */
export function createAuditLog(db: Database.Database, options: AuditLogOptions) {
  const retention = options.retention ?? AUDIT_RETENTION;
  const monotonicNow = options.monotonicNow ?? (() => performance.now());
  const startedWall = options.now().getTime();
  const startedMonotonic = monotonicNow();
  // Entries are aged from no later than the wall time at start plus the time that has really
  // passed since: a wall clock stepped forward (a board without a clock battery, a technician
  // setting the year) would otherwise prune recent entries as 90 days old. The cost of a clock
  // set right after start is entries kept longer, which the row cap still bounds.
  const pruneBefore = (at: Date) =>
    Math.min(at.getTime(), startedWall + (monotonicNow() - startedMonotonic)) -
    retention.days * 86_400_000;
  const insert = db.prepare(
    `INSERT INTO technician_audit (at, account, action, outcome, subject)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const pruneOld = db.prepare(`DELETE FROM technician_audit WHERE at < ?`);
  // The newest `rows` stay: everything at or below the id just past them goes.
  const pruneMany = db.prepare(
    `DELETE FROM technician_audit WHERE id <= (
       SELECT id FROM technician_audit ORDER BY id DESC LIMIT 1 OFFSET ?)`,
  );
  const append = db.transaction((record: AuditRecord, at: Date) => {
    insert.run(
      at.toISOString(),
      record.account,
      record.action,
      record.outcome,
      record.subject ?? null,
    );
    pruneOld.run(new Date(pruneBefore(at)).toISOString());
    pruneMany.run(retention.rows);
  });
  const columns = 'id, at, account, action, outcome, subject';
  const newest = db.prepare<[number], Row>(
    `SELECT ${columns} FROM technician_audit ORDER BY id DESC LIMIT ?`,
  );
  const older = db.prepare<[number, number], Row>(
    `SELECT ${columns} FROM technician_audit WHERE id < ? ORDER BY id DESC LIMIT ?`,
  );
  const newer = db.prepare<[number, number], Row>(
    `SELECT ${columns} FROM technician_audit WHERE id > ? ORDER BY id ASC LIMIT ?`,
  );
  const exists = {
    above: db.prepare<[number], { one: 1 }>(
      `SELECT 1 AS one FROM technician_audit WHERE id > ? LIMIT 1`,
    ),
    below: db.prepare<[number], { one: 1 }>(
      `SELECT 1 AS one FROM technician_audit WHERE id < ? LIMIT 1`,
    ),
  };
  const count = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM technician_audit`);

  const view = (row: Row): TechnicianAuditEntry => ({
    ...row,
    localTime: formatLocalDateTime(new Date(row.at), options.timeZone),
  });

  return {
    /**
     * Records an entry. A database that cannot take it (storage faulted) costs the entry, not
     * the technician's action: the log line is written either way.
     */
    record(record: AuditRecord): void {
      try {
        append(record, options.now());
      } catch (error) {
        options.logger.event('technician.audit-write-failed', {
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    },
    /** Newest first: the newest page, the one below `before`, or the one above `after`. */
    page(query: AuditPageQuery): TechnicianAuditPage {
      const rows =
        query.after !== undefined
          ? newer.all(query.after, query.limit).reverse()
          : query.before !== undefined
            ? older.all(query.before, query.limit)
            : newest.all(query.limit);
      const first = rows[0];
      const last = rows.at(-1);
      return {
        entries: rows.map(view),
        hasNewer: first !== undefined && exists.above.get(first.id) !== undefined,
        hasOlder: last !== undefined && exists.below.get(last.id) !== undefined,
        total: count.get()?.n ?? 0,
      };
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
