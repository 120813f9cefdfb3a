import type { Database } from 'better-sqlite3';
import { localDate } from '@bianmin/common';
import type { Migration } from '@bianmin/common/sqlite';
import type { Outbox } from '@bianmin/sync/outbox';

interface QueueService {
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
  printed: boolean;
  /** True when this request id had already been issued a ticket (a retry): nothing new was counted. */
  replayed: boolean;
}

export interface IssueRequest {
  /** One per resident session: a retried request returns the ticket already issued. */
  requestId: string;
  service: QueueService;
  priority: boolean;
  durationMs: number;
}

/** A ticket number: service prefix + at least three digits (A001, A1000). */
const ticketNumber = (prefix: string, seq: number): string =>
  `${prefix}${String(seq).padStart(3, '0')}`;

/**
 * The queue's schema steps, placed in the terminal database's one ordered list
 * (terminal-database.ts); a new step goes at the end of both lists.
 */
export const createTicketTables: Migration = {
  // As the code before versioned migrations created them: files in the field already hold them.
  name: 'ticket tables',
  up: (db) =>
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
        request_id TEXT NOT NULL UNIQUE,
        printed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (service_id, day, seq)
      );
    `),
};

/** The queue's steps in order. */
export const TICKET_MIGRATIONS: readonly Migration[] = [createTicketTables];

/**
 * Issues queue tickets. The ticket row, the day's counter and the usage event commit in one
 * SQLite transaction, so a crash can neither reuse a number nor lose the event. `db` is the
 * terminal database (openTerminalDatabase), which holds the ticket and outbox tables.
 */
export function createTicketStore(
  db: Database,
  outbox: Outbox,
  options: { timeZone: string; now?: () => Date },
) {
  const now = options.now ?? (() => new Date());
  const nextSeq = db.prepare<[string, string], { last_seq: number }>(`
    INSERT INTO ticket_counters (service_id, day, last_seq) VALUES (?, ?, 1)
    ON CONFLICT (service_id, day) DO UPDATE SET last_seq = last_seq + 1
    RETURNING last_seq`);
  const insert = db.prepare(
    `INSERT INTO tickets (service_id, day, seq, number, priority, issued_at, request_id)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const byRequest = db.prepare<
    [string],
    {
      service_id: string;
      day: string;
      seq: number;
      number: string;
      priority: number;
      issued_at: string;
      printed: number;
    }
  >(
    `SELECT service_id, day, seq, number, priority, issued_at, printed FROM tickets WHERE request_id = ?`,
  );
  const setPrinted = db.prepare(`UPDATE tickets SET printed = 1 WHERE request_id = ?`);
  const waitingBefore = db.prepare<[string, string, number, number], { n: number }>(`
    SELECT COUNT(*) AS n FROM tickets
    WHERE service_id = ? AND day = ? AND status = 'waiting' AND seq < ? AND priority >= ?`);

  const issue = db.transaction((request: IssueRequest): QueueTicket => {
    const earlier = byRequest.get(request.requestId);
    if (earlier) {
      // The kiosk retried after a lost reply or a failure after the commit: same ticket, no new event.
      return {
        number: earlier.number,
        serviceId: earlier.service_id,
        serviceName: request.service.name,
        day: earlier.day,
        priority: earlier.priority === 1,
        issuedAt: earlier.issued_at,
        waitingAhead: waitingBefore.get(
          earlier.service_id,
          earlier.day,
          earlier.seq,
          earlier.priority,
        )!.n,
        printed: earlier.printed === 1,
        replayed: true,
      };
    }
    const at = now();
    const day = localDate(at, options.timeZone);
    const seq = nextSeq.get(request.service.id, day)!.last_seq;
    const number = ticketNumber(request.service.ticketPrefix, seq);
    const { priority } = request;
    insert.run(
      request.service.id,
      day,
      seq,
      number,
      priority ? 1 : 0,
      at.toISOString(),
      request.requestId,
    );
    const waitingAhead = waitingBefore.get(request.service.id, day, seq, priority ? 1 : 0)!.n;
    outbox.append({
      type: 'ticket.issued',
      createdAt: at,
      payload: {
        serviceId: request.service.id,
        serviceName: request.service.name,
        ticketNumber: number,
        // Only whether it was a priority ticket: why (age or a declared disability) is
        // sensitive and stays on the terminal.
        priority,
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
      printed: false,
      replayed: false,
    };
  });

  return { issue, markPrinted: (requestId: string) => void setPrinted.run(requestId) };
}

export type TicketStore = ReturnType<typeof createTicketStore>;
