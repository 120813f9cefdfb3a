import type Database from 'better-sqlite3';
import type { EventPayloads, EventType, TerminalEvent } from '@bianmin/contract';
import { toWirePayload } from './wire-payload.js';

export type OutboxEventInput = {
  [T in EventType]: { type: T; payload: EventPayloads[T]; createdAt?: Date };
}[EventType];

export interface Outbox {
  /** Creates the tables if missing; safe to call on every start. */
  migrate(): void;
  /**
   * Queues an event and returns its seq. Must run inside the caller's db.transaction so
   * the event commits (or rolls back) together with the fact it describes.
   */
  append(event: OutboxEventInput): number;
  /** For events with no local fact to commit with (e.g. staff called): its own transaction. */
  record(event: OutboxEventInput): number;
  /** Unacknowledged events in seq order, oldest first. */
  pending(limit: number): TerminalEvent[];
  /** Moves the "acknowledged up to" marker forward; never backwards. Returns the marker. */
  acknowledge(upTo: number): number;
  ackedUpTo(): number;
  pendingCount(): number;
  /** Deletes acknowledged events older than the given age; returns how many. */
  prune(olderThanDays: number): number;
}

interface OutboxRow {
  seq: number;
  type: EventType;
  created_at: string;
  payload: string;
}

const DAY_MS = 86_400_000;

export function createOutbox(db: Database.Database, options: { now?: () => Date } = {}): Outbox {
  const now = options.now ?? (() => new Date());
  let statements: ReturnType<typeof prepare> | undefined;
  // Prepared lazily: the tables exist only after migrate().
  const s = () => (statements ??= prepare(db));

  const append = (event: OutboxEventInput): number => {
    if (!db.inTransaction) {
      throw new Error(
        'outbox.append must run inside db.transaction(...) with the fact it describes; use record() for standalone events',
      );
    }
    const payload = toWirePayload(event.type, event.payload);
    const createdAt = (event.createdAt ?? now()).toISOString();
    const info = s().insert.run(event.type, JSON.stringify(payload), createdAt);
    return Number(info.lastInsertRowid);
  };
  const recordTx = db.transaction((event: OutboxEventInput) => append(event));
  const ackedUpTo = () => (s().acked.get() as { acked_up_to: number }).acked_up_to;

  return {
    migrate() {
      db.exec(`
        CREATE TABLE IF NOT EXISTS outbox (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          type TEXT NOT NULL,
          payload TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS outbox_ack (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          acked_up_to INTEGER NOT NULL
        );
        INSERT OR IGNORE INTO outbox_ack (id, acked_up_to) VALUES (1, 0);
      `);
      // Events queued before prioritySource left the protocol still carry it: the centre
      // would refuse them on every retry and block the queue, and whether a resident
      // declared a disability should not stay on disk either. The same rewrite runs at the
      // centre, so a resent event still matches the stored copy and is not a conflict.
      s().scrubPrioritySource.run();
    },
    append,
    record: (event) => recordTx(event),
    pending(limit) {
      const rows = s().pending.all(Math.max(0, Math.floor(limit))) as OutboxRow[];
      return rows.map(
        (r) =>
          ({
            seq: r.seq,
            type: r.type,
            createdAt: r.created_at,
            payload: JSON.parse(r.payload) as unknown,
          }) as TerminalEvent,
      );
    },
    acknowledge(upTo) {
      if (Number.isSafeInteger(upTo) && upTo > 0) s().acknowledge.run(upTo);
      return ackedUpTo();
    },
    ackedUpTo,
    pendingCount: () => (s().pendingCount.get() as { n: number }).n,
    prune(olderThanDays) {
      const cutoff = new Date(now().getTime() - olderThanDays * DAY_MS).toISOString();
      return s().prune.run(cutoff).changes;
    },
  };
}

function prepare(db: Database.Database) {
  return {
    insert: db.prepare('INSERT INTO outbox (type, payload, created_at) VALUES (?, ?, ?)'),
    pending: db.prepare(
      'SELECT seq, type, created_at, payload FROM outbox WHERE seq > (SELECT acked_up_to FROM outbox_ack WHERE id = 1) ORDER BY seq LIMIT ?',
    ),
    // Clamped to the highest seq ever assigned: a centre that holds more than this terminal
    // wrote (e.g. the terminal was re-imaged and restarted at seq 1) must not make it skip
    // its new events.
    acknowledge: db.prepare(`
      UPDATE outbox_ack SET acked_up_to = MAX(acked_up_to, MIN(?,
        COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0)))
      WHERE id = 1`),
    acked: db.prepare('SELECT acked_up_to FROM outbox_ack WHERE id = 1'),
    scrubPrioritySource: db.prepare(`
      UPDATE outbox SET payload = json_remove(payload, '$.prioritySource')
      WHERE type = 'ticket.issued' AND json_type(payload, '$.prioritySource') IS NOT NULL`),
    pendingCount: db.prepare(
      'SELECT COUNT(*) AS n FROM outbox WHERE seq > (SELECT acked_up_to FROM outbox_ack WHERE id = 1)',
    ),
    prune: db.prepare(
      'DELETE FROM outbox WHERE seq <= (SELECT acked_up_to FROM outbox_ack WHERE id = 1) AND created_at < ?',
    ),
  };
}
