import type Database from 'better-sqlite3';
import { err, ok } from '@bianmin/common';
import type { TerminalIdentity } from '@bianmin/contract';
import { groupCommitOf } from '../group-commit.js';
import type { NonceStore, RegisteredTerminal, TerminalRegistry } from './trust-store.js';

interface TerminalRow {
  terminal_id: string;
  identity: string;
  created_at: string;
  algorithm: string | null;
  public_key: string | null;
  enrolled_at: string | null;
  revoked_at: string | null;
}

interface TokenRow {
  terminal_id: string;
  expires_at: string;
  used_at: string | null;
}

function toRegistered(row: TerminalRow): RegisteredTerminal {
  return {
    terminalId: row.terminal_id,
    terminal: JSON.parse(row.identity) as TerminalIdentity,
    createdAt: row.created_at,
    key:
      row.algorithm !== null && row.public_key !== null && row.enrolled_at !== null
        ? { algorithm: row.algorithm, publicKey: row.public_key, enrolledAt: row.enrolled_at }
        : null,
    revokedAt: row.revoked_at,
  };
}

/** The terminal registry in the centre's SQLite file. */
export function createSqliteTerminalRegistry(db: Database.Database): TerminalRegistry {
  const insertTerminal = db.prepare(
    'INSERT INTO registered_terminals (terminal_id, identity, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const selectTerminal = db.prepare('SELECT * FROM registered_terminals WHERE terminal_id = ?');
  const dropUnusedTokens = db.prepare(
    'DELETE FROM enrolment_tokens WHERE terminal_id = ? AND used_at IS NULL',
  );
  const insertToken = db.prepare(
    'INSERT INTO enrolment_tokens (token_sha256, terminal_id, issued_at, expires_at) VALUES (?, ?, ?, ?)',
  );
  const selectToken = db.prepare(
    'SELECT terminal_id, expires_at, used_at FROM enrolment_tokens WHERE token_sha256 = ?',
  );
  const useToken = db.prepare('UPDATE enrolment_tokens SET used_at = ? WHERE token_sha256 = ?');
  const setKey = db.prepare(`
    UPDATE registered_terminals
    SET algorithm = ?, public_key = ?, enrolled_at = ?, revoked_at = NULL
    WHERE terminal_id = ?`);
  const setRevoked = db.prepare(
    'UPDATE registered_terminals SET revoked_at = ? WHERE terminal_id = ?',
  );

  const get = (terminalId: string) => {
    const row = selectTerminal.get(terminalId) as TerminalRow | undefined;
    return row && toRegistered(row);
  };

  const create = db.transaction(
    (
      terminalId: string,
      terminal: TerminalIdentity,
      token: Parameters<TerminalRegistry['create']>[2],
    ) => {
      const info = insertTerminal.run(
        terminalId,
        JSON.stringify(terminal),
        token.issuedAt.toISOString(),
      );
      if (info.changes === 0) return err('exists' as const);
      insertToken.run(
        token.sha256,
        terminalId,
        token.issuedAt.toISOString(),
        token.expiresAt.toISOString(),
      );
      return ok(undefined);
    },
  );

  const issueToken = db.transaction(
    (terminalId: string, token: Parameters<TerminalRegistry['issueToken']>[1]) => {
      if (selectTerminal.get(terminalId) === undefined) return err('unknown' as const);
      dropUnusedTokens.run(terminalId);
      insertToken.run(
        token.sha256,
        terminalId,
        token.issuedAt.toISOString(),
        token.expiresAt.toISOString(),
      );
      return ok(undefined);
    },
  );

  const enrol = db.transaction((input: Parameters<TerminalRegistry['enrol']>[0]) => {
    const token = selectToken.get(input.tokenSha256) as TokenRow | undefined;
    // A token for another terminal is as good as none: it says nothing about this one.
    if (token === undefined || token.terminal_id !== input.terminalId) {
      return err('enrolment-token-unknown' as const);
    }
    if (token.used_at !== null) {
      // The same key again (the terminal lost the reply, or could not record it): done.
      const current = get(input.terminalId);
      const same =
        current?.revokedAt === null &&
        current.key?.publicKey === input.publicKey &&
        current.key.algorithm === input.algorithm;
      return same ? ok(current) : err('enrolment-token-used' as const);
    }
    const at = input.at.toISOString();
    if (token.expires_at <= at) return err('enrolment-token-expired' as const);
    useToken.run(at, input.tokenSha256);
    setKey.run(input.algorithm, input.publicKey, at, input.terminalId);
    return ok(get(input.terminalId)!);
  });

  const revoke = db.transaction((terminalId: string, at: Date) => {
    const info = setRevoked.run(at.toISOString(), terminalId);
    if (info.changes === 0) return err('unknown' as const);
    dropUnusedTokens.run(terminalId);
    return ok(undefined);
  });

  return {
    create: async (terminalId, terminal, token) => create(terminalId, terminal, token),
    get: async (terminalId) => get(terminalId),
    issueToken: async (terminalId, token) => issueToken(terminalId, token),
    enrol: async (input) => enrol(input),
    revoke: async (terminalId, at) => revoke(terminalId, at),
  };
}

/**
 * How often expired nonces are deleted, at most: often, so that each delete is small (at
 * 2,000 requests a second a minute's worth is 120,000 rows, a pause every request would see).
 */
const PRUNE_EVERY_MS = 5_000;

/**
 * Nonces in the centre's SQLite file, pruned once they fall out of the time window. The
 * nonces of requests arriving together are written in one transaction (group-commit.ts):
 * one commit per group instead of one per request keeps the WAL, and its checkpoints, small.
 */
export function createSqliteNonceStore(db: Database.Database): NonceStore {
  const group = groupCommitOf(db);
  const insert = db.prepare(
    'INSERT INTO request_nonces (terminal_id, nonce, keep_until) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const prune = db.prepare('DELETE FROM request_nonces WHERE keep_until < ?');
  let prunedAt = -Infinity;
  return {
    remember: (terminalId, nonce, keepUntil, now) =>
      group.run(() => {
        if (now.getTime() - prunedAt >= PRUNE_EVERY_MS) {
          prune.run(now.toISOString());
          prunedAt = now.getTime();
        }
        return insert.run(terminalId, nonce, keepUntil.toISOString()).changes === 1;
      }),
  };
}
