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

/** The register of enrolled terminals, their one-time tokens and recent nonces. */
const createTrustTables: PostgresMigration = {
  name: 'terminal registry, enrolment tokens and request nonces',
  up: async (client) => {
    await client.query(`
      CREATE TABLE registered_terminals (
        terminal_id text PRIMARY KEY,
        identity text NOT NULL,
        created_at timestamptz NOT NULL,
        algorithm text,
        public_key text,
        enrolled_at timestamptz,
        revoked_at timestamptz
      );
      -- only a hash of each token: a copy of the database enrols nothing
      CREATE TABLE enrolment_tokens (
        token_sha256 text PRIMARY KEY,
        terminal_id text NOT NULL REFERENCES registered_terminals (terminal_id),
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );
      CREATE INDEX enrolment_tokens_by_terminal ON enrolment_tokens (terminal_id);
      CREATE TABLE request_nonces (
        terminal_id text NOT NULL,
        nonce text NOT NULL,
        keep_until timestamptz NOT NULL,
        PRIMARY KEY (terminal_id, nonce)
      );
      CREATE INDEX request_nonces_by_expiry ON request_nonces (keep_until);
    `);
  },
};

/** Every schema step of the centre's PostgreSQL database, in version order. Append only. */
export const CENTRAL_POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  createEventTables,
  createTrustTables,
];
