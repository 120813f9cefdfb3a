import type { Database } from 'better-sqlite3';
import type { Outbox } from '@bianmin/sync/outbox';
import { localDay } from './local-day.js';

export interface QueueService {
  id: string;
  name: string;
  ticketPrefix: string;
}

export interface QueueTicket {
  number: string;
  serviceId: string;
  serviceName: string;
  day: string;
  priority: boolean;
  issuedAt: string;
  /** Tickets of the same service still waiting before this one (priority tickets count only priority ones). */
  waitingAhead: number;
}

export interface IssueRequest {
  service: QueueService;
  prioritySource: 'age' | 'disability' | null;
  durationMs: number;
}

/** A ticket number: service prefix + at least three digits (A001, A1000). */
export const ticketNumber = (prefix: string, seq: number): string =>
  `${prefix}${String(seq).padStart(3, '0')}`;

export function migrateTicketStore(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS ticket_counters (
      service_id TEXT NOT NULL,
      day TEXT NOT NULL,
      last_seq INTEGER NOT NULL,
      PRIMARY KEY (service_id, day)
    );
    CREATE TABLE IF NOT EXISTS tickets (
      service_id TEXT NOT NULL,
      day TEXT NOT NULL,
      seq INTEGER NOT NULL,
      number TEXT NOT NULL,
      priority INTEGER NOT NULL,
      issued_at TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'waiting',
      PRIMARY KEY (service_id, day, seq)
    );
  `);
}

/**
 * Issues queue tickets. The ticket row, the day's counter and the usage event commit in one
 * SQLite transaction, so a crash can neither reuse a number nor lose the event.
 */
export function createTicketStore(
  db: Database,
  outbox: Outbox,
  options: { timeZone: string; now?: () => Date },
) {
  migrateTicketStore(db);
  const now = options.now ?? (() => new Date());
  const nextSeq = db.prepare<[string, string], { last_seq: number }>(`
    INSERT INTO ticket_counters (service_id, day, last_seq) VALUES (?, ?, 1)
    ON CONFLICT (service_id, day) DO UPDATE SET last_seq = last_seq + 1
    RETURNING last_seq`);
  const insert = db.prepare(
    `INSERT INTO tickets (service_id, day, seq, number, priority, issued_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const waitingBefore = db.prepare<[string, string, number, number], { n: number }>(`
    SELECT COUNT(*) AS n FROM tickets
    WHERE service_id = ? AND day = ? AND status = 'waiting' AND seq < ? AND priority >= ?`);

  const issue = db.transaction((request: IssueRequest): QueueTicket => {
    const at = now();
    const day = localDay(at, options.timeZone);
    const seq = nextSeq.get(request.service.id, day)!.last_seq;
    const number = ticketNumber(request.service.ticketPrefix, seq);
    const priority = request.prioritySource !== null;
    insert.run(request.service.id, day, seq, number, priority ? 1 : 0, at.toISOString());
    const waitingAhead = waitingBefore.get(request.service.id, day, seq, priority ? 1 : 0)!.n;
    outbox.append({
      type: 'ticket.issued',
      createdAt: at,
      payload: {
        serviceId: request.service.id,
        serviceName: request.service.name,
        ticketNumber: number,
        priority,
        prioritySource: request.prioritySource,
        durationMs: Math.round(request.durationMs),
      },
    });
    return {
      number,
      serviceId: request.service.id,
      serviceName: request.service.name,
      day,
      priority,
      issuedAt: at.toISOString(),
      waitingAhead,
    };
  });

  return { issue };
}

export type TicketStore = ReturnType<typeof createTicketStore>;
