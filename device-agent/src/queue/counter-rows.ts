import type { Database } from 'better-sqlite3';
import type { CounterTicket } from '@bianmin/contract';
import { CALL_ORDER } from './queue-position.js';
import type { TicketState } from './queue-tables.js';

/** A ticket's row as the counter queue reads it. */
export interface TicketRow {
  rowid: number;
  number: string;
  service_id: string;
  queue_service_id: string;
  priority: number;
  issued_at: string;
  status: TicketState;
  counter: number | null;
  recalls: number;
  called_at: string | null;
  serving_at: string | null;
  day: string;
}

const COLUMNS = `rowid, number, service_id, queue_service_id, priority, issued_at, status, counter,
  recalls, called_at, serving_at, day`;

/** A ticket as a counter and the hall see it. */
export const view = (row: TicketRow): CounterTicket => ({
  number: row.number,
  serviceId: row.queue_service_id,
  priority: row.priority === 1,
  issuedAt: row.issued_at,
  state: row.status,
  counter: row.counter,
  recalls: row.recalls,
});

/** Every statement the counter queue runs on the tickets and counter_states tables. */
export function prepareCounterStatements(db: Database) {
  return {
    current: db.prepare<[string, number], TicketRow>(
      `SELECT ${COLUMNS} FROM tickets
       WHERE day = ? AND counter = ? AND status IN ('called', 'serving')`,
    ),
    nextIn: db.prepare<[string, string], TicketRow>(
      `SELECT ${COLUMNS} FROM tickets WHERE day = ? AND queue_service_id = ? AND status = 'waiting'
       ORDER BY ${CALL_ORDER} LIMIT 1`,
    ),
    waitingIn: db.prepare<[string, string], TicketRow>(
      `SELECT ${COLUMNS} FROM tickets WHERE day = ? AND queue_service_id = ? AND status = 'waiting'
       ORDER BY ${CALL_ORDER}`,
    ),
    held: db.prepare<[string], TicketRow>(
      `SELECT ${COLUMNS} FROM tickets WHERE day = ? AND status = 'held' ORDER BY issued_at, rowid`,
    ),
    byNumber: db.prepare<[string, string], TicketRow>(
      `SELECT ${COLUMNS} FROM tickets WHERE day = ? AND number = ?`,
    ),
    open: db.prepare<[string], TicketRow>(
      `SELECT ${COLUMNS} FROM tickets
       WHERE day < ? AND status IN ('waiting', 'called', 'serving', 'held')`,
    ),
    today: db.prepare<[string], TicketRow & { finished_at: string | null }>(
      `SELECT ${COLUMNS}, finished_at FROM tickets WHERE day = ?`,
    ),
    setState: db.prepare<[TicketState, number]>('UPDATE tickets SET status = ? WHERE rowid = ?'),
    call: db.prepare<[number, string, number]>(
      `UPDATE tickets SET status = 'called', counter = ?, called_at = ?, serving_at = NULL,
         recalls = 0 WHERE rowid = ?`,
    ),
    recall: db.prepare<[number]>('UPDATE tickets SET recalls = recalls + 1 WHERE rowid = ?'),
    serve: db.prepare<[string, number]>(
      `UPDATE tickets SET status = 'serving', serving_at = ? WHERE rowid = ?`,
    ),
    finish: db.prepare<[TicketState, string, number]>(
      'UPDATE tickets SET status = ?, finished_at = ? WHERE rowid = ?',
    ),
    requeue: db.prepare<[string, number]>(
      `UPDATE tickets SET status = 'waiting', queue_service_id = ?, counter = NULL,
         called_at = NULL, serving_at = NULL, recalls = 0 WHERE rowid = ?`,
    ),
    counterState: db.prepare<[number], { paused: number; last_call_at: string | null }>(
      'SELECT paused, last_call_at FROM counter_states WHERE number = ?',
    ),
    waitingCounts: db.prepare<[string], { queue_service_id: string; waiting: number }>(
      `SELECT queue_service_id, count(*) AS waiting FROM tickets
       WHERE day = ? AND status = 'waiting' GROUP BY queue_service_id`,
    ),
    recentCalls: db.prepare<[string, number], TicketRow>(
      `SELECT ${COLUMNS} FROM tickets WHERE day = ? AND called_at IS NOT NULL
         AND counter IS NOT NULL ORDER BY called_at DESC, rowid DESC LIMIT ?`,
    ),
    setPaused: db.prepare<[number, number]>(
      `INSERT INTO counter_states (number, paused) VALUES (?, ?)
       ON CONFLICT (number) DO UPDATE SET paused = excluded.paused`,
    ),
    markCall: db.prepare<[number, string]>(
      `INSERT INTO counter_states (number, last_call_at) VALUES (?, ?)
       ON CONFLICT (number) DO UPDATE SET last_call_at = excluded.last_call_at`,
    ),
  };
}

export type CounterStatements = ReturnType<typeof prepareCounterStatements>;
