import type Database from 'better-sqlite3';
import type { DeliveryPosition, EventBatch } from '@bianmin/contract';
import { groupCommitOf } from './group-commit.js';
import { createEventIngest, type IngestOutcome } from './ingest.js';

/**
 * Where the centre keeps terminals' events and its position on each (terminal, epoch).
 * Promise-returning so a server database (PostgreSQL) can stand in for SQLite.
 */
export interface EventStore {
  /** Stores a batch's new events in one transaction and returns the position after it. */
  ingest(batch: EventBatch, receivedAt: Date): Promise<IngestOutcome>;
  /** The centre's position on a terminal's epoch: ackedUpTo 0 for one it has never seen. */
  position(terminalId: string, epoch: string): Promise<DeliveryPosition>;
}

export function createSqliteEventStore(db: Database.Database): EventStore {
  const ingest = createEventIngest(db);
  const group = groupCommitOf(db);
  const ackOf = db
    .prepare<[string, string], number>(
      'SELECT acked_up_to FROM delivery_positions WHERE terminal_id = ? AND epoch = ?',
    )
    .pluck();
  return {
    ingest: (batch, receivedAt) => group.run(() => ingest(batch, receivedAt)),
    position: async (terminalId, epoch) => ({
      epoch,
      ackedUpTo: ackOf.get(terminalId, epoch) ?? 0,
    }),
  };
}
