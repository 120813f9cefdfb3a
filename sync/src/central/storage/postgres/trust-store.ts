import type pg from 'pg';
import { createBatchQueue } from './batch-queue.js';
import { err, ok } from '@bianmin/common';
import type { TerminalIdentity } from '@bianmin/contract';
import type { NonceStore, RegisteredTerminal, TerminalRegistry } from '../../trust/trust-store.js';
import { inTransaction } from './transaction.js';

export interface TerminalRow {
  terminal_id: string;
  identity: string;
  created_at: Date;
  algorithm: string | null;
  public_key: string | null;
  enrolled_at: Date | null;
  revoked_at: Date | null;
}

type Time = 'created_at' | 'enrolled_at' | 'revoked_at';

/** A row with its times as ISO text: one heap object each instead of a Date's two. */
export type TerminalText = Omit<TerminalRow, Time> & {
  [K in Time]: TerminalRow[K] extends Date ? string : string | null;
};

const iso = (time: Date | string) => (typeof time === 'string' ? time : time.toISOString());

export function toRegistered(row: TerminalRow | TerminalText): RegisteredTerminal {
  return {
    terminalId: row.terminal_id,
    terminal: JSON.parse(row.identity) as TerminalIdentity,
    createdAt: iso(row.created_at),
    key:
      row.algorithm !== null && row.public_key !== null && row.enrolled_at !== null
        ? {
            algorithm: row.algorithm,
            publicKey: row.public_key,
            enrolledAt: iso(row.enrolled_at),
          }
        : null,
    revokedAt: row.revoked_at === null ? null : iso(row.revoked_at),
  };
}

type Queryable = pg.Pool | pg.PoolClient;

async function getTerminal(db: Queryable, terminalId: string, forUpdate = false) {
  const found = await db.query<TerminalRow>(
    `SELECT * FROM registered_terminals WHERE terminal_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [terminalId],
  );
  const row = found.rows[0];
  return row && toRegistered(row);
}

const insertToken = (
  client: pg.PoolClient,
  terminalId: string,
  token: { sha256: string; issuedAt: Date; expiresAt: Date },
) =>
  client.query(
    'INSERT INTO enrolment_tokens (token_sha256, terminal_id, issued_at, expires_at) VALUES ($1, $2, $3, $4)',
    [token.sha256, terminalId, token.issuedAt, token.expiresAt],
  );

const dropUnusedTokens = (client: pg.PoolClient, terminalId: string) =>
  client.query('DELETE FROM enrolment_tokens WHERE terminal_id = $1 AND used_at IS NULL', [
    terminalId,
  ]);

/** Most terminals read in one statement, and most such reads at once. */
const MAX_READ_GROUP = 64;
const MAX_RUNNING_READS = 2;

/**
 * The terminal registry on PostgreSQL, behaving as the SQLite one (sqlite-trust-store.ts).
 * Every signed request reads its terminal: reads arriving while others are under way go
 * together in one statement (docs/benchmarks.md, "Fifth round").
 */
export function createPostgresTerminalRegistry(pool: pg.Pool): TerminalRegistry {
  const reads = createBatchQueue<string, RegisteredTerminal | undefined>({
    maxGroup: MAX_READ_GROUP,
    maxRunning: MAX_RUNNING_READS,
    write: async (terminalIds) => {
      const found = await pool.query<TerminalRow>(
        'SELECT * FROM registered_terminals WHERE terminal_id = ANY($1::text[])',
        [terminalIds],
      );
      const byId = new Map(found.rows.map((row) => [row.terminal_id, row]));
      return terminalIds.map((id) => {
        const row = byId.get(id);
        return { status: 'fulfilled' as const, value: row && toRegistered(row) };
      });
    },
  });
  return {
    create: (terminalId, terminal, token) =>
      inTransaction(pool, async (client) => {
        const inserted = await client.query(
          `INSERT INTO registered_terminals (terminal_id, identity, created_at)
           VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [terminalId, JSON.stringify(terminal), token.issuedAt],
        );
        if (inserted.rowCount === 0) return err('exists' as const);
        await insertToken(client, terminalId, token);
        return ok(undefined);
      }),
    get: (terminalId) => reads.run(terminalId, terminalId),
    issueToken: (terminalId, token) =>
      inTransaction(pool, async (client) => {
        if ((await getTerminal(client, terminalId, true)) === undefined) {
          return err('unknown' as const);
        }
        await dropUnusedTokens(client, terminalId);
        await insertToken(client, terminalId, token);
        return ok(undefined);
      }),
    enrol: (input) =>
      inTransaction(pool, async (client) => {
        const found = await client.query<{
          terminal_id: string;
          expires_at: Date;
          used_at: Date | null;
        }>(
          'SELECT terminal_id, expires_at, used_at FROM enrolment_tokens WHERE token_sha256 = $1 FOR UPDATE',
          [input.tokenSha256],
        );
        const token = found.rows[0];
        // A token for another terminal is as good as none: it says nothing about this one.
        if (token === undefined || token.terminal_id !== input.terminalId) {
          return err('enrolment-token-unknown' as const);
        }
        if (token.used_at !== null) {
          // The same key again (the terminal lost the reply): done.
          const current = await getTerminal(client, input.terminalId);
          const same =
            current?.revokedAt === null &&
            current.key?.publicKey === input.publicKey &&
            current.key.algorithm === input.algorithm;
          return same ? ok(current) : err('enrolment-token-used' as const);
        }
        if (token.expires_at.getTime() <= input.at.getTime()) {
          return err('enrolment-token-expired' as const);
        }
        await client.query('UPDATE enrolment_tokens SET used_at = $1 WHERE token_sha256 = $2', [
          input.at,
          input.tokenSha256,
        ]);
        const updated = await client.query<TerminalRow>(
          `UPDATE registered_terminals
           SET algorithm = $1, public_key = $2, enrolled_at = $3, revoked_at = NULL
           WHERE terminal_id = $4 RETURNING *`,
          [input.algorithm, input.publicKey, input.at, input.terminalId],
        );
        return ok(toRegistered(updated.rows[0] as TerminalRow));
      }),
    revoke: (terminalId, at) =>
      inTransaction(pool, async (client) => {
        const updated = await client.query(
          'UPDATE registered_terminals SET revoked_at = $1 WHERE terminal_id = $2',
          [at, terminalId],
        );
        if (updated.rowCount === 0) return err('unknown' as const);
        await dropUnusedTokens(client, terminalId);
        return ok(undefined);
      }),
  };
}

/** How often expired nonces are deleted, at most (per centre instance). */
const PRUNE_EVERY_MS = 60_000;

interface NonceToRemember {
  terminalId: string;
  nonce: string;
  keepUntil: Date;
  now: Date;
}

/** Most nonces written in one statement, and most such statements at once. */
const MAX_NONCE_GROUP = 64;
const MAX_RUNNING_NONCE_GROUPS = 2;

/**
 * Nonces on PostgreSQL, shared by every centre instance so a request replayed to another
 * instance is refused too. A kept nonce past its keep-until counts as forgotten even before
 * the prune deletes it, since another instance may prune on its own schedule.
 *
 * Nonces arriving together are written in one statement, committed without waiting for the
 * WAL flush (`synchronous_commit` off for that statement alone): a crash may forget the
 * last fraction of a second of nonces, as the SQLite nonce store (`synchronous=NORMAL`)
 * may. Only a replay of a request taken just before the crash could then pass, and every
 * centre write is idempotent for a resent request.
 */
export function createPostgresNonceStore(pool: pg.Pool): NonceStore {
  let prunedAt = -Infinity;
  const queue = createBatchQueue<NonceToRemember, boolean>({
    maxGroup: MAX_NONCE_GROUP,
    maxRunning: MAX_RUNNING_NONCE_GROUPS,
    write: async (group) => {
      const recorded = await pool.query<{ terminal_id: string; nonce: string }>({
        // Prepared once per connection, as the heartbeat's group statement.
        name: 'record_nonces',
        text: `WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true))
         INSERT INTO request_nonces (terminal_id, nonce, keep_until)
         SELECT terminal_id, nonce, keep_until
         FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS n(terminal_id, nonce, keep_until),
           relaxed
         ON CONFLICT (terminal_id, nonce) DO UPDATE SET keep_until = EXCLUDED.keep_until
         WHERE request_nonces.keep_until < $4
         RETURNING terminal_id, nonce`,
        values: [
          group.map((n) => n.terminalId),
          group.map((n) => n.nonce),
          group.map((n) => n.keepUntil),
          // The earliest "now" of the group: a kept nonce is taken as forgotten only if
          // expired for every request in it.
          new Date(Math.min(...group.map((n) => n.now.getTime()))),
        ],
      });
      const taken = new Set(recorded.rows.map((r) => keyOf(r.terminal_id, r.nonce)));
      return group.map((n) => ({
        status: 'fulfilled' as const,
        value: taken.has(keyOf(n.terminalId, n.nonce)),
      }));
    },
  });
  return {
    async remember(terminalId, nonce, keepUntil, now) {
      if (now.getTime() - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = now.getTime();
        await pool.query('DELETE FROM request_nonces WHERE keep_until < $1', [now]);
      }
      return queue.run(keyOf(terminalId, nonce), { terminalId, nonce, keepUntil, now });
    },
  };
}

const keyOf = (terminalId: string, nonce: string) => `${terminalId}\u0000${nonce}`;
