import type Database from 'better-sqlite3';
import {
  TIMESTAMP_FLOOR,
  type EventPayloads,
  type EventType,
  type TerminalEvent,
} from '@bianmin/contract';
import { wireJson } from './wire-payload.js';

export type OutboxEventInput = {
  [T in EventType]: { type: T; payload: EventPayloads[T]; createdAt?: Date };
}[EventType];

export interface Outbox {
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
  /**
   * Moves the marker back to `upTo` (a centre restored from an older backup holds less than
   * it acknowledged), so the events after it are sent again; never forwards and never below
   * the events still held. Returns the marker.
   */
  rewind(upTo: number): number;
  ackedUpTo(): number;
  pendingCount(): number;
  /** This database file's epoch: seqs count within it. */
  epoch(): string;
  /** The lowest seq still held (pruning deletes older acknowledged ones); 1 before any. */
  heldFrom(): number;
  /**
   * Deletes acknowledged events older than the given age, from the oldest up to the first that
   * is not, so the events held stay one run from heldFrom(); returns how many.
   */
  prune(olderThanDays: number): number;
}

interface OutboxRow {
  seq: number;
  type: EventType;
  created_at: string;
  payload: string;
}

const DAY_MS = 86_400_000;
const FLOOR_MS = Date.parse(TIMESTAMP_FLOOR);

/** The outbox in `db`, whose schema OUTBOX_MIGRATIONS (or the terminal's list) has brought up to date. */
export function createOutbox(db: Database.Database, options: { now?: () => Date } = {}): Outbox {
  const now = options.now ?? (() => new Date());
  const s = prepare(db);

  const append = (event: OutboxEventInput): number => {
    if (!db.inTransaction) {
      throw new Error(
        'outbox.append must run inside db.transaction(...) with the fact it describes; use record() for standalone events',
      );
    }
    const payload = wireJson(event.type, event.payload);
    const createdAt = (event.createdAt ?? now()).toISOString();
    const info = s.insert.run(event.type, payload, createdAt);
    return Number(info.lastInsertRowid);
  };
  const recordTx = db.transaction((event: OutboxEventInput) => append(event));
  const ackedUpTo = () => (s.acked.get() as { acked_up_to: number }).acked_up_to;
  // Fixed for the file's life: read once.
  const epoch = s.epoch.get() as string;
  const heldFrom = () => s.heldFrom.get() as number;

  return {
    append,
    record: (event) => recordTx(event),
    pending(limit) {
      const rows = s.pending.all(Math.max(0, Math.floor(limit))) as OutboxRow[];
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
      if (Number.isSafeInteger(upTo) && upTo > 0) s.acknowledge.run(upTo);
      return ackedUpTo();
    },
    rewind(upTo) {
      if (Number.isSafeInteger(upTo) && upTo >= 0) s.rewind.run(upTo);
      return ackedUpTo();
    },
    ackedUpTo,
    epoch: () => epoch,
    heldFrom,
    pendingCount: () => (s.pendingCount.get() as { n: number }).n,
    prune(olderThanDays) {
      const at = now();
      // A clock that was never set (no battery, no NTP yet: the agent prunes as it starts)
      // makes every event look dated in the future, and so prunable: the retention kept to
      // refill a centre restored from a backup would be gone.
      if (!(at.getTime() >= FLOOR_MS)) return 0;
      const cutoff = new Date(at.getTime() - olderThanDays * DAY_MS).toISOString();
      return s.prune.run({ cutoff, now: at.toISOString() }).changes;
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
    // Below the oldest event held there is nothing left to send again.
    rewind: db.prepare(`
      UPDATE outbox_ack SET acked_up_to = MIN(acked_up_to, MAX(?,
        COALESCE((SELECT MIN(seq) FROM outbox),
                 (SELECT seq FROM sqlite_sequence WHERE name = 'outbox') + 1, 1) - 1))
      WHERE id = 1`),
    acked: db.prepare('SELECT acked_up_to FROM outbox_ack WHERE id = 1'),
    epoch: db.prepare('SELECT epoch FROM outbox_meta WHERE id = 1').pluck(),
    heldFrom: db
      .prepare(
        `SELECT COALESCE((SELECT MIN(seq) FROM outbox),
                         (SELECT seq FROM sqlite_sequence WHERE name = 'outbox') + 1, 1)`,
      )
      .pluck(),
    pendingCount: db.prepare(
      'SELECT COUNT(*) AS n FROM outbox WHERE seq > (SELECT acked_up_to FROM outbox_ack WHERE id = 1)',
    ),
    // Only a run from the oldest: events stamped by a clock that was behind (a board without a
    // clock battery, before NTP) would otherwise go while their neighbours stay, and a centre
    // restored from an older backup, told heldFrom(), would wait for them for ever. An event
    // stamped in the future (a clock that was ahead) does not hold the run back for years.
    prune: db.prepare(`
      DELETE FROM outbox WHERE seq < COALESCE(
        (SELECT seq FROM outbox
          WHERE seq > (SELECT acked_up_to FROM outbox_ack WHERE id = 1)
             OR (created_at >= :cutoff AND created_at <= :now)
          ORDER BY seq LIMIT 1),
        (SELECT acked_up_to FROM outbox_ack WHERE id = 1) + 1)`),
  };
}
