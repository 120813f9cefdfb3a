import type Database from 'better-sqlite3';
import type { EventBatch } from '@bianmin/contract';
import { eventTime } from './corrected-time.js';

export interface IngestOutcome {
  /**
   * What the terminal may treat as delivered: the highest seq with every event 1..ackedUpTo
   * stored (0 if none), but never at or past the first conflicting seq.
   */
  ackedUpTo: number;
  stored: number;
  duplicates: number;
  /** Duplicates whose content differs from what is stored: the terminal's seq restarted. */
  conflicts: number;
  /** The distinct conflicting seqs, ascending. */
  conflictingSeqs: number[];
}

interface StoredEvent {
  type: string;
  created_at: string;
  payload: string;
}

/** Stores event batches, deduplicated by (terminal, seq), and tracks each terminal's ack. */
export function createEventIngest(
  db: Database.Database,
): (batch: EventBatch, receivedAt: Date) => IngestOutcome {
  const ensureTerminal = db.prepare(
    'INSERT INTO terminals (terminal_id, first_seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  const insert = db.prepare(`
    INSERT INTO events (terminal_id, seq, type, created_at, sent_at, received_at, corrected_at, time_uncertain, payload)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const stored = db.prepare(
    'SELECT type, created_at, payload FROM events WHERE terminal_id = ? AND seq = ?',
  );
  const ackOf = db.prepare('SELECT acked_up_to FROM terminals WHERE terminal_id = ?').pluck();
  const seqsAfter = db
    .prepare('SELECT seq FROM events WHERE terminal_id = ? AND seq > ? ORDER BY seq')
    .pluck();
  const setAck = db.prepare('UPDATE terminals SET acked_up_to = ? WHERE terminal_id = ?');

  // Walks forward from the last ack; stops at the first gap, so this reads only new rows.
  const advanceAck = (terminalId: string): number => {
    let acked = ackOf.get(terminalId) as number;
    for (const seq of seqsAfter.iterate(terminalId, acked) as IterableIterator<number>) {
      if (seq !== acked + 1) break;
      acked = seq;
    }
    setAck.run(acked, terminalId);
    return acked;
  };

  return db.transaction((batch: EventBatch, receivedAt: Date): IngestOutcome => {
    const received = receivedAt.toISOString();
    const sentAt = new Date(batch.sentAt);
    ensureTerminal.run(batch.terminalId, received);
    const outcome = { ackedUpTo: 0, stored: 0, duplicates: 0, conflicts: 0 };
    const conflicting: number[] = [];
    for (const event of batch.events) {
      const createdAt = new Date(event.createdAt);
      const payload = JSON.stringify(event.payload);
      const time = eventTime(createdAt, sentAt, receivedAt);
      const info = insert.run(
        batch.terminalId,
        event.seq,
        event.type,
        createdAt.toISOString(),
        sentAt.toISOString(),
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
      const previous = stored.get(batch.terminalId, event.seq) as StoredEvent;
      const same =
        previous.type === event.type &&
        previous.created_at === createdAt.toISOString() &&
        previous.payload === payload;
      if (!same) {
        outcome.conflicts += 1;
        conflicting.push(event.seq);
      }
    }
    // The terminals row tracks what the centre holds, old content included; the reply may
    // say less (see below).
    const held = advanceAck(batch.terminalId);
    // A seq listed twice in one batch would otherwise be reported twice.
    const conflictingSeqs = [...new Set(conflicting)].sort((a, b) => a - b);
    const firstConflict = conflictingSeqs[0];
    return {
      ...outcome,
      // The terminal deletes what is acknowledged: acknowledging a seq whose event was not
      // stored would lose it. Acknowledging only seqs below the first conflict keeps every
      // conflicting event (and, the ack being a single marker, everything after it).
      ackedUpTo: firstConflict === undefined ? held : Math.min(held, firstConflict - 1),
      conflictingSeqs,
    };
  });
}
