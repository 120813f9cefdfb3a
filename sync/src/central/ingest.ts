import type Database from 'better-sqlite3';
import { LEGACY_EPOCH, type EventBatch } from '@bianmin/contract';
import { eventTime } from './corrected-time.js';

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

/**
 * Stores event batches in SQLite, deduplicated by (terminal, epoch, seq), and keeps the
 * centre's position on each (terminal, epoch). Synchronous: the EventStore wraps it.
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
  const insert = db.prepare(`
    INSERT INTO events (terminal_id, epoch, seq, type, created_at, sent_at, received_at, corrected_at, time_uncertain, payload)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
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

  return db.transaction((batch: EventBatch, receivedAt: Date): IngestOutcome => {
    const received = receivedAt.toISOString();
    const sentAt = new Date(batch.sentAt);
    const epoch = epochOf(batch);
    ensureTerminal.run(batch.terminalId, received);
    ensurePosition.run(batch.terminalId, epoch, received);
    const sent = sentAt.toISOString();
    const outcome = { stored: 0, duplicates: 0, conflicts: 0 };
    const conflicting: number[] = [];
    for (const event of batch.events) {
      const createdAt = new Date(event.createdAt);
      const created = createdAt.toISOString();
      const payload = JSON.stringify(event.payload);
      const time = eventTime(createdAt, sentAt, receivedAt);
      const info = insert.run(
        batch.terminalId,
        epoch,
        event.seq,
        event.type,
        created,
        sent,
        received,
        time.at.toISOString(),
        time.uncertain ? 1 : 0,
        payload,
      );
      if (info.changes === 1) {
        outcome.stored += 1;
        continue;
      }
      outcome.duplicates += 1;
      const previous = stored.get(batch.terminalId, epoch, event.seq) as StoredEvent;
      const same =
        previous.type === event.type &&
        previous.created_at === created &&
        previous.payload === payload;
      if (!same) {
        outcome.conflicts += 1;
        conflicting.push(event.seq);
      }
    }
    // Below heldFrom the terminal has nothing left to send: waiting for it would hold the
    // position (and the terminal's resends) there for ever.
    let from = ackOf.get(batch.terminalId, epoch) as number;
    let lost = 0;
    const floor = (batch.heldFrom ?? 1) - 1;
    if (from < floor) {
      lost = floor - from - (countBetween.get(batch.terminalId, epoch, from, floor + 1) as number);
      from = floor;
    }
    // The position tracks what the centre holds, old content included; the reply may say
    // less (see below).
    const held = advanceAck(batch.terminalId, epoch, from);
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
