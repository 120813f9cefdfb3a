import type { Migration } from '@bianmin/common/sqlite';

/** The centre's register of enrolled terminals, their one-time tokens and recent nonces. */
export const createTrustTables: Migration = {
  name: 'terminal registry, enrolment tokens and request nonces',
  up: (db) =>
    db.exec(`
      CREATE TABLE registered_terminals (
        terminal_id TEXT PRIMARY KEY,
        identity TEXT NOT NULL,
        created_at TEXT NOT NULL,
        algorithm TEXT,
        public_key TEXT,
        enrolled_at TEXT,
        revoked_at TEXT
      );
      -- only a hash of each token: a copy of the database enrols nothing
      CREATE TABLE enrolment_tokens (
        token_sha256 TEXT PRIMARY KEY,
        terminal_id TEXT NOT NULL REFERENCES registered_terminals (terminal_id),
        issued_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      ) WITHOUT ROWID;
      CREATE INDEX enrolment_tokens_by_terminal ON enrolment_tokens (terminal_id);
      CREATE TABLE request_nonces (
        terminal_id TEXT NOT NULL,
        nonce TEXT NOT NULL,
        keep_until TEXT NOT NULL,
        PRIMARY KEY (terminal_id, nonce)
      ) WITHOUT ROWID;
      CREATE INDEX request_nonces_by_expiry ON request_nonces (keep_until);
    `),
};
