import type { PostgresMigration } from './migrate.js';

/**
 * Events are partitioned by month of their corrected time (docs/deploy.md), and a
 * partitioned table's unique keys must include that time, which a resend need not repeat.
 * So uniqueness of (terminal, epoch, seq) lives in the narrow event_seqs table, which also
 * says where each event's row is.
 */
const createEventTables: PostgresMigration = {
  name: 'terminals, events by month, event seqs, delivery positions',
  up: async (client) => {
    await client.query(`
      CREATE TABLE terminals (
        terminal_id text PRIMARY KEY,
        first_seen_at timestamptz NOT NULL
      );
      CREATE TABLE event_seqs (
        terminal_id text NOT NULL,
        epoch text NOT NULL,
        seq integer NOT NULL,
        corrected_at timestamptz NOT NULL,
        PRIMARY KEY (terminal_id, epoch, seq)
      );
      CREATE TABLE events (
        terminal_id text NOT NULL,
        epoch text NOT NULL,
        seq integer NOT NULL,
        type text NOT NULL,
        created_at timestamptz NOT NULL,
        sent_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        corrected_at timestamptz NOT NULL,
        time_uncertain boolean NOT NULL DEFAULT false,
        -- the JSON text as received, compared as text on resends as the SQLite store does
        payload text NOT NULL,
        PRIMARY KEY (terminal_id, epoch, seq, corrected_at)
      ) PARTITION BY RANGE (corrected_at);
      CREATE INDEX events_by_type_time ON events (type, corrected_at);
      CREATE TABLE delivery_positions (
        terminal_id text NOT NULL,
        epoch text NOT NULL,
        acked_up_to integer NOT NULL DEFAULT 0,
        first_seen_at timestamptz NOT NULL,
        PRIMARY KEY (terminal_id, epoch)
      );
    `);
  },
};

/** Every schema step of the centre's PostgreSQL database, in version order. Append only. */
export const CENTRAL_POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [createEventTables];
