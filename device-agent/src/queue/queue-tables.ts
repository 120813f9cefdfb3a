import type { Migration } from '@bianmin/common/sqlite';
import type { TICKET_STATES } from '@bianmin/contract';

/**
 * Where a ticket is in the queue (docs/architecture.md, "The queue"). `waiting` is the
 * column's default since the first release; `closed` is a past day's ticket left open.
 */
export type TicketState = (typeof TICKET_STATES)[number];

/**
 * The queue at the counters: which service's queue a ticket waits in (another after a
 * transfer; its number and issue time stay), the counter that called it, its recalls and
 * times, and each counter's pause and last call (the double-call guard).
 */
export const addQueueStates: Migration = {
  name: 'queue states and counters',
  up: (db) =>
    db.exec(`
      ALTER TABLE tickets ADD COLUMN queue_service_id TEXT NOT NULL DEFAULT '';
      UPDATE tickets SET queue_service_id = service_id;
      ALTER TABLE tickets ADD COLUMN counter INTEGER;
      ALTER TABLE tickets ADD COLUMN recalls INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE tickets ADD COLUMN called_at TEXT;
      ALTER TABLE tickets ADD COLUMN serving_at TEXT;
      ALTER TABLE tickets ADD COLUMN finished_at TEXT;
      CREATE INDEX tickets_queue ON tickets (day, queue_service_id, status);
      CREATE TABLE counter_states (
        number INTEGER PRIMARY KEY,
        paused INTEGER NOT NULL DEFAULT 0,
        last_call_at TEXT
      );
    `),
};
