import type { Database } from 'better-sqlite3';
import { err, localDate, ok, type Result } from '@bianmin/common';
import type { Migration } from '@bianmin/common/sqlite';
import type { Outbox } from '@bianmin/sync/outbox';
import type { Counter } from '@bianmin/config';
import { addQueueStates } from './queue-tables.js';
import { createQueuePosition, type WaitEstimate } from './queue-position.js';

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
  /** Waiting tickets the counters will call before this one (queue-position.ts). */
  waitingAhead: number;
  /** Absent until today's service times allow a range. */
  estimatedWait?: WaitEstimate;
  print: PrintState;
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

/**
 * Where a ticket's slip is. `printing` is committed before the job is sent, so after a crash
 * between sending and recording the outcome the ticket stays `printing`: the slip may or may
 * not have come out, and only an explicit reprint prints it again.
 */
const PRINT_STATES = ['pending', 'printing', 'printed', 'failed'] as const;
export type PrintState = (typeof PRINT_STATES)[number];

/** Why a ticket request was refused. */
export interface IssueConflict {
  kind: 'request-conflict';
  /** The field of the retried request that differs from the one that issued the ticket. */
  field: 'serviceId' | 'priority';
}

/** Why a ticket's slip may not be printed now. */
export type PrintClaimRefusal =
  | { kind: 'unknown-ticket' }
  | { kind: 'already-printed' }
  /** Recorded as printing: in progress, or its outcome was lost in a crash. */
  | { kind: 'printing' }
  /** The job was sent and the printer stopped: only an explicit reprint prints it again. */
  | { kind: 'failed' };

/** Why an explicit reprint may not be printed now. */
export type ReprintRefusal = Exclude<PrintClaimRefusal, { kind: 'failed' }>;

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

/**
 * The slip's print state replaces the printed flag. Tickets marked printed stay printed;
 * the rest were either never printed or failed, and a failed print sent nothing that came
 * out whole, so they start as pending.
 */
export const addTicketPrintState: Migration = {
  name: 'ticket print state',
  up: (db) =>
    db.exec(`
      ALTER TABLE tickets ADD COLUMN print_state TEXT NOT NULL DEFAULT 'pending'
        CHECK (print_state IN (${PRINT_STATES.map((s) => `'${s}'`).join(', ')}));
      UPDATE tickets SET print_state = 'printed' WHERE printed = 1;
      ALTER TABLE tickets DROP COLUMN printed;
    `),
};

/**
 * When this database file began. A file created empty may replace one that was lost (a
 * corrupt disk, a re-install): on its first day the numbers already handed out are unknown,
 * so that day counts from NEW_DATABASE_FIRST_SEQ. A file upgraded with tickets in it did not
 * begin now, and records no time.
 */
export const recordDatabaseBirth: Migration = {
  name: 'record when the database file began',
  up: (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS database_birth (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        created_at TEXT
      );
      INSERT OR IGNORE INTO database_birth (id, created_at)
        SELECT 1, CASE WHEN EXISTS (SELECT 1 FROM tickets) THEN NULL
                       ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END;
    `),
};

/**
 * The days whose counters a new database file took from the centre (counter-recovery.ts):
 * on such a day numbering goes on from the centre's counts instead of NEW_DATABASE_FIRST_SEQ.
 */
export const recordCountersFromCentre: Migration = {
  name: 'ticket counters recovered from the centre',
  up: (db) =>
    db.exec(`
      CREATE TABLE ticket_counters_from_centre (
        day TEXT PRIMARY KEY,
        recovered_at TEXT NOT NULL
      );
    `),
};

/**
 * On the day a database file begins, numbering starts here (A501): above any number a lost
 * file can have handed out that day, as no community hall issues 500 of one service a day.
 */
const NEW_DATABASE_FIRST_SEQ = 501;

/** The queue's steps in order. */
export const TICKET_MIGRATIONS: readonly Migration[] = [
  createTicketTables,
  addTicketPrintState,
  recordDatabaseBirth,
  addQueueStates,
  recordCountersFromCentre,
];

/**
 * Issues queue tickets and keeps each one's print state. The ticket row, the day's counter
 * and the usage event commit in one SQLite transaction, so a crash can neither reuse a number
 * nor lose the event. `db` is the terminal database (openTerminalDatabase), which holds the
 * ticket and outbox tables.
 */
export function createTicketStore(
  db: Database,
  outbox: Outbox,
  options: { timeZone: string; now?: () => Date; counters?: readonly Counter[] },
) {
  const now = options.now ?? (() => new Date());
  const nextSeq = db.prepare<[string, string, number], { last_seq: number }>(`
    INSERT INTO ticket_counters (service_id, day, last_seq) VALUES (?, ?, ?)
    ON CONFLICT (service_id, day) DO UPDATE SET last_seq = last_seq + 1
    RETURNING last_seq`);
  const birth = db
    .prepare<[], string | null>('SELECT created_at FROM database_birth WHERE id = 1')
    .pluck()
    .get();
  const birthDay = birth ? localDate(new Date(birth), options.timeZone) : null;
  const fromCentre = db
    .prepare<[string], number>('SELECT 1 FROM ticket_counters_from_centre WHERE day = ?')
    .pluck();
  const firstSeqOn = (day: string) =>
    day === birthDay && fromCentre.get(day) === undefined ? NEW_DATABASE_FIRST_SEQ : 1;
  const insert = db.prepare(
    `INSERT INTO tickets (service_id, day, seq, number, priority, issued_at, request_id, queue_service_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byRequest = db.prepare<
    [string],
    {
      rowid: number;
      queue_service_id: string;
      service_id: string;
      day: string;
      seq: number;
      number: string;
      priority: number;
      issued_at: string;
      print_state: PrintState;
    }
  >(
    `SELECT rowid, queue_service_id, service_id, day, seq, number, priority, issued_at, print_state
     FROM tickets WHERE request_id = ?`,
  );
  const setPrintState = db.prepare<[PrintState, string]>(
    `UPDATE tickets SET print_state = ? WHERE request_id = ?`,
  );
  const position = createQueuePosition(db, options.counters ?? []);
  const whereInQueue = (row: { rowid: number; day: string; queue_service_id: string }) => {
    const waitingAhead = position.ahead(row.rowid);
    const estimatedWait = position.estimate(row.day, row.queue_service_id, waitingAhead);
    return { waitingAhead, ...(estimatedWait && { estimatedWait }) };
  };

  const stored = (
    requestId: string,
    serviceName: (serviceId: string) => string,
  ): QueueTicket | undefined => {
    const row = byRequest.get(requestId);
    if (!row) return undefined;
    return {
      number: row.number,
      serviceId: row.service_id,
      serviceName: serviceName(row.service_id),
      day: row.day,
      priority: row.priority === 1,
      issuedAt: row.issued_at,
      ...whereInQueue(row),
      print: row.print_state,
      replayed: true,
    };
  };

  const issue = db.transaction((request: IssueRequest): Result<QueueTicket, IssueConflict> => {
    const earlier = stored(request.requestId, () => request.service.name);
    if (earlier) {
      // The kiosk retried after a lost reply or a failure after the commit: same ticket, no
      // new event. A retry asking for something else is a client bug, never a new ticket
      // nor the old number under another service's name.
      if (earlier.serviceId !== request.service.id) {
        return err({ kind: 'request-conflict', field: 'serviceId' });
      }
      if (earlier.priority !== request.priority) {
        return err({ kind: 'request-conflict', field: 'priority' });
      }
      return ok(earlier);
    }
    const at = now();
    const day = localDate(at, options.timeZone);
    const seq = nextSeq.get(request.service.id, day, firstSeqOn(day))!.last_seq;
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
      // The queue it waits in: its own service's until a counter transfers it.
      request.service.id,
    );
    const where = whereInQueue(byRequest.get(request.requestId)!);
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
    return ok({
      number,
      serviceId: request.service.id,
      serviceName: request.service.name,
      day,
      priority,
      issuedAt: at.toISOString(),
      ...where,
      print: 'pending',
      replayed: false,
    });
  });

  /**
   * The automatic print's claim: commits `printing` before the job is sent, only for a ticket
   * whose slip was never sent. Returns the state it replaced.
   */
  const claimPrint = db.transaction((requestId: string): Result<PrintState, PrintClaimRefusal> => {
    const row = byRequest.get(requestId);
    if (!row) return err({ kind: 'unknown-ticket' });
    if (row.print_state === 'printed') return err({ kind: 'already-printed' });
    if (row.print_state !== 'pending') {
      return err(row.print_state === 'printing' ? { kind: 'printing' } : { kind: 'failed' });
    }
    setPrintState.run('printing', requestId);
    return ok(row.print_state);
  });

  /**
   * An explicit reprint's claim: also takes a ticket whose print failed or whose outcome a
   * crash lost (`printing` in the file). The caller makes sure no print of it is in flight.
   */
  const claimReprint = db.transaction((requestId: string): Result<PrintState, ReprintRefusal> => {
    const row = byRequest.get(requestId);
    if (!row) return err({ kind: 'unknown-ticket' });
    if (row.print_state === 'printed') return err({ kind: 'already-printed' });
    setPrintState.run('printing', requestId);
    return ok(row.print_state);
  });

  return {
    issue,
    /** The ticket a request id was issued, with its current waiting count. */
    find: stored,
    claimPrint,
    claimReprint,
    /**
     * Records how a claimed print ended: `printed`; `failed` when the job was sent but the
     * printer stopped, so only an explicit reprint prints it again; or the state before the
     * claim when nothing was sent (the printer was not ready).
     */
    finishPrint: (requestId: string, state: PrintState) => void setPrintState.run(state, requestId),
  };
}

export type TicketStore = ReturnType<typeof createTicketStore>;
