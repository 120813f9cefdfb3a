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
  /**
   * The highest ticket number's digits per service among the terminal's ticket.issued events
   * created in [from, to), every epoch counted (ticket-counters-route.ts).
   */
  lastTicketSeqs(terminalId: string, from: Date, to: Date): Promise<TicketCounter[]>;
}

export interface TicketCounter {
  serviceId: string;
  lastSeq: number;
}

/** A ticket number is its queue's prefix then the day's count (A007, B512). */
const TICKET_SEQ = /(\d+)$/;

/** Each service's highest count among stored ticket.issued payloads (JSON text). */
export function lastTicketSeqsOf(payloads: Iterable<string>): TicketCounter[] {
  const highest = new Map<string, number>();
  for (const text of payloads) {
    const { serviceId, ticketNumber } = JSON.parse(text) as {
      serviceId?: unknown;
      ticketNumber?: unknown;
    };
    if (typeof serviceId !== 'string' || typeof ticketNumber !== 'string') continue;
    const digits = TICKET_SEQ.exec(ticketNumber)?.[1];
    if (digits === undefined) continue;
    highest.set(serviceId, Math.max(highest.get(serviceId) ?? 0, Number(digits)));
  }
  return [...highest]
    .filter(([, lastSeq]) => lastSeq > 0)
    .map(([serviceId, lastSeq]) => ({ serviceId, lastSeq }));
}

export function createSqliteEventStore(db: Database.Database): EventStore {
  const ingest = createEventIngest(db);
  const group = groupCommitOf(db);
  const ackOf = db
    .prepare<[string, string], number>(
      'SELECT acked_up_to FROM delivery_positions WHERE terminal_id = ? AND epoch = ?',
    )
    .pluck();
  const ticketPayloads = db
    .prepare<[string, string, string], string>(
      `SELECT payload FROM events
       WHERE terminal_id = ? AND type = 'ticket.issued' AND created_at >= ? AND created_at < ?`,
    )
    .pluck();
  return {
    ingest: (batch, receivedAt) => group.run(() => ingest(batch, receivedAt)),
    position: async (terminalId, epoch) => ({
      epoch,
      ackedUpTo: ackOf.get(terminalId, epoch) ?? 0,
    }),
    // created_at is stored as toISOString() gives it, so text order is time order.
    lastTicketSeqs: async (terminalId, from, to) =>
      lastTicketSeqsOf(ticketPayloads.all(terminalId, from.toISOString(), to.toISOString())),
  };
}
