import type Database from 'better-sqlite3';
import { LEGACY_EPOCH, type EventBatch } from '@bianmin/contract';
import { eventTimeMs } from './corrected-time.js';
import { formatIsoTime, parseIsoTime } from './iso-time.js';

export interface IngestOutcome {
  /** The batch's epoch (LEGACY_EPOCH when it named none). */
  epoch: string;
  /**
   * What the terminal may treat as delivered: the highest seq of the epoch with every event
   * 1..ackedUpTo stored (0 if none), but never at or past the first conflicting seq.
   */
  ackedUpTo: number;
  stored: number;
  duplicates: number;
  /** Duplicates whose content differs from what is stored: the seq restarted within an epoch. */
  conflicts: number;
  /** The distinct conflicting seqs, ascending. */
  conflictingSeqs: number[];
  /**
   * Seqs the centre lacked below the batch's heldFrom, which the terminal no longer holds
   * (a centre restored from a backup older than the terminal's retention): given up on.
   */
  lost: number;
}

interface StoredEvent {
  type: string;
  created_at: string;
  payload: string;
}

/** The batch's epoch: terminals older than epochs send none. */
const epochOf = (batch: Pick<EventBatch, 'epoch'>): string => batch.epoch ?? LEGACY_EPOCH;

/** What toISOString gives: a terminal's times usually arrive in this form already. */
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The time as stored (toISOString), without formatting it again when it already is. */
const canonicalTime = (text: string, parsedMs: number) =>
  ISO_UTC.test(text) ? text : formatIsoTime(parsedMs);

/** Rows per multi-row INSERT: 6 parameters each, far below SQLite's limit of 32,766. */
const ROWS_PER_INSERT = 100;

/**
 * A batch's events as bound to the INSERT, FIELDS values each, in one flat array: no object
 * per event (docs/benchmarks.md, "Fifth round").
 */
const FIELDS = 6;
const SEQ = 0;
const TYPE = 1;
const CREATED = 2;
const AT = 3;
const UNCERTAIN = 4;
const PAYLOAD = 5;

/** What every row of a batch shares, bound by name. */
interface Shared {
  terminal: string;
  epoch: string;
  sent: string;
  received: string;
}

/**
 * Stores event batches in SQLite, deduplicated by (terminal, epoch, seq), and keeps the
 * centre's position on each (terminal, epoch). Synchronous: the EventStore wraps it.
 *
 * Most batches are new events in seq order, so the work is per batch, not per event
 * (docs/benchmarks.md, "The centre at national scale"): one range read finds whether any
 * seq is already held, then one multi-row INSERT stores them all. A batch holding a seq
 * the centre already has, or one seq twice, is taken row by row to compare contents.
 */
export function createEventIngest(
  db: Database.Database,
): (batch: EventBatch, receivedAt: Date) => IngestOutcome {
  const ensureTerminal = db.prepare(
    'INSERT INTO terminals (terminal_id, first_seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  const ensurePosition = db.prepare(
    `INSERT INTO delivery_positions (terminal_id, epoch, acked_up_to, first_seen_at)
     VALUES (?, ?, 0, ?) ON CONFLICT DO NOTHING`,
  );
  const columns =
    'terminal_id, epoch, seq, type, created_at, sent_at, received_at, corrected_at, time_uncertain, payload';
  const insert = db.prepare(
    `INSERT INTO events (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  // One statement per row count, prepared on first use (a backlog sends full batches). What
  // every row of a batch shares is bound once, by name, not once per row.
  const inserts = new Map<number, Database.Statement>();
  const insertOf = (rows: number) => {
    let statement = inserts.get(rows);
    if (statement === undefined) {
      const row = '(:terminal, :epoch, ?, ?, ?, :sent, :received, ?, ?, ?)';
      const values = Array.from({ length: rows }, () => row);
      statement = db.prepare(`INSERT INTO events (${columns}) VALUES ${values.join(', ')}`);
      inserts.set(rows, statement);
    }
    return statement;
  };
  const anyHeld = db
    .prepare(
      'SELECT 1 FROM events WHERE terminal_id = ? AND epoch = ? AND seq BETWEEN ? AND ? LIMIT 1',
    )
    .pluck();
  const stored = db.prepare(
    'SELECT type, created_at, payload FROM events WHERE terminal_id = ? AND epoch = ? AND seq = ?',
  );
  const ackOf = db
    .prepare('SELECT acked_up_to FROM delivery_positions WHERE terminal_id = ? AND epoch = ?')
    .pluck();
  const seqsAfter = db
    .prepare('SELECT seq FROM events WHERE terminal_id = ? AND epoch = ? AND seq > ? ORDER BY seq')
    .pluck();
  const countBetween = db
    .prepare(
      'SELECT COUNT(*) FROM events WHERE terminal_id = ? AND epoch = ? AND seq > ? AND seq < ?',
    )
    .pluck();
  const setAck = db.prepare(
    'UPDATE delivery_positions SET acked_up_to = ? WHERE terminal_id = ? AND epoch = ?',
  );

  // Walks forward from `from`; stops at the first gap, so this reads only new rows.
  const advanceAck = (terminalId: string, epoch: string, from: number): number => {
    let acked = from;
    for (const seq of seqsAfter.iterate(terminalId, epoch, acked) as IterableIterator<number>) {
      if (seq !== acked + 1) break;
      acked = seq;
    }
    setAck.run(acked, terminalId, epoch);
    return acked;
  };

  // The batch's seqs ascending and distinct: the only shape the fast path takes.
  const ascending = (fields: readonly unknown[]) => {
    for (let i = FIELDS; i < fields.length; i += FIELDS) {
      if ((fields[i + SEQ] as number) <= (fields[i - FIELDS + SEQ] as number)) return false;
    }
    return true;
  };

  const insertAll = (shared: Shared, fields: readonly unknown[]) => {
    const chunk = ROWS_PER_INSERT * FIELDS;
    for (let from = 0; from < fields.length; from += chunk) {
      const values = fields.length <= chunk ? fields : fields.slice(from, from + chunk);
      insertOf(values.length / FIELDS).run(values, shared);
    }
  };

  // Row by row: a duplicate is compared with what is stored, a conflict recorded.
  const insertEach = (shared: Shared, fields: readonly unknown[], conflicting: number[]) => {
    const outcome = { stored: 0, duplicates: 0, conflicts: 0 };
    for (let i = 0; i < fields.length; i += FIELDS) {
      const info = insert.run(
        shared.terminal,
        shared.epoch,
        fields[i + SEQ],
        fields[i + TYPE],
        fields[i + CREATED],
        shared.sent,
        shared.received,
        fields[i + AT],
        fields[i + UNCERTAIN],
        fields[i + PAYLOAD],
      );
      if (info.changes === 1) {
        outcome.stored += 1;
        continue;
      }
      outcome.duplicates += 1;
      const seq = fields[i + SEQ] as number;
      const previous = stored.get(shared.terminal, shared.epoch, seq) as StoredEvent;
      const same =
        previous.type === fields[i + TYPE] &&
        previous.created_at === fields[i + CREATED] &&
        previous.payload === fields[i + PAYLOAD];
      if (!same) {
        outcome.conflicts += 1;
        conflicting.push(seq);
      }
    }
    return outcome;
  };

  return db.transaction((batch: EventBatch, receivedAt: Date): IngestOutcome => {
    const { terminalId } = batch;
    const received = receivedAt.toISOString();
    const receivedMs = receivedAt.getTime();
    const sentMs = parseIsoTime(batch.sentAt);
    const epoch = epochOf(batch);
    ensureTerminal.run(terminalId, received);
    ensurePosition.run(terminalId, epoch, received);
    const shared: Shared = { terminal: terminalId, epoch, sent: formatIsoTime(sentMs), received };
    const { events } = batch;
    const fields: unknown[] = [];
    for (const event of events) {
      const createdMs = parseIsoTime(event.createdAt);
      const time = eventTimeMs(createdMs, sentMs, receivedMs);
      fields.push(
        event.seq,
        event.type,
        canonicalTime(event.createdAt, createdMs),
        formatIsoTime(time.atMs),
        time.uncertain ? 1 : 0,
        JSON.stringify(event.payload),
      );
    }
    const conflicting: number[] = [];
    const first = events[0]?.seq ?? 0;
    const last = events.at(-1)?.seq ?? 0;
    const allNew =
      events.length > 0 &&
      ascending(fields) &&
      anyHeld.get(terminalId, epoch, first, last) === undefined;
    let outcome;
    if (allNew) {
      insertAll(shared, fields);
      outcome = { stored: events.length, duplicates: 0, conflicts: 0 };
    } else outcome = insertEach(shared, fields, conflicting);
    // Below heldFrom the terminal has nothing left to send: waiting for it would hold the
    // position (and the terminal's resends) there for ever.
    let from = ackOf.get(terminalId, epoch) as number;
    let lost = 0;
    const floor = (batch.heldFrom ?? 1) - 1;
    if (from < floor) {
      lost = floor - from - (countBetween.get(terminalId, epoch, from, floor + 1) as number);
      from = floor;
    }
    // New events that continue the run move the position past them without reading them.
    if (allNew && first === from + 1 && last === from + events.length) from = last;
    // The position tracks what the centre holds, old content included; the reply may say
    // less (see below).
    const held = advanceAck(terminalId, epoch, from);
    // A seq listed twice in one batch would otherwise be reported twice.
    const conflictingSeqs = [...new Set(conflicting)].sort((a, b) => a - b);
    const firstConflict = conflictingSeqs[0];
    return {
      ...outcome,
      epoch,
      // The terminal deletes what is acknowledged: acknowledging a seq whose event was not
      // stored would lose it. Acknowledging only seqs below the first conflict keeps every
      // conflicting event (and, the ack being a single marker, everything after it).
      ackedUpTo: firstConflict === undefined ? held : Math.min(held, firstConflict - 1),
      conflictingSeqs,
      lost,
    };
  });
}
