import type pg from 'pg';
import { err, ok } from '@bianmin/common';
import type { AccountRole } from '@bianmin/contract';
import type { AccountStore } from '../../accounts/account-store.js';
import { inTransaction } from './transaction.js';

/** Monitoring accounts on PostgreSQL, shared by every centre instance (sqlite-account-store.ts). */
export function createPostgresAccountStore(pool: pg.Pool): AccountStore {
  return {
    create: async (a) => {
      const inserted = await pool.query(
        `INSERT INTO monitor_accounts (user_name, role, region, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [a.user, a.role, a.region, a.passwordHash, a.createdAt],
      );
      return inserted.rowCount === 1 ? ok(undefined) : err('exists');
    },
    get: async (user) => {
      const found = await pool.query<{
        user_name: string;
        role: AccountRole;
        region: string;
        password_hash: string;
        created_at: Date;
      }>('SELECT * FROM monitor_accounts WHERE user_name = $1', [user]);
      const row = found.rows[0];
      return (
        row && {
          user: row.user_name,
          role: row.role,
          region: row.region,
          passwordHash: row.password_hash,
          createdAt: row.created_at.toISOString(),
        }
      );
    },
    createSession: async (id, s) => {
      await pool.query(
        `INSERT INTO monitor_sessions (id_sha256, user_name, created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [id, s.user, s.createdAt, s.lastSeenAt, s.expiresAt],
      );
    },
    getSession: async (id) => {
      const found = await pool.query<{
        user_name: string;
        created_at: Date;
        last_seen_at: Date;
        expires_at: Date;
      }>(
        'SELECT user_name, created_at, last_seen_at, expires_at FROM monitor_sessions WHERE id_sha256 = $1',
        [id],
      );
      const row = found.rows[0];
      return (
        row && {
          user: row.user_name,
          createdAt: row.created_at.toISOString(),
          lastSeenAt: row.last_seen_at.toISOString(),
          expiresAt: row.expires_at.toISOString(),
        }
      );
    },
    touchSession: async (id, at) => {
      await pool.query('UPDATE monitor_sessions SET last_seen_at = $1 WHERE id_sha256 = $2', [
        at,
        id,
      ]);
    },
    deleteSession: async (id) => {
      await pool.query('DELETE FROM monitor_sessions WHERE id_sha256 = $1', [id]);
    },
    pruneSessions: async (now, idleBefore) => {
      await pool.query('DELETE FROM monitor_sessions WHERE expires_at <= $1 OR last_seen_at < $2', [
        now,
        idleBefore,
      ]);
    },
    failures: async (subject) => {
      const found = await pool.query<{ failures: number; locked_until: Date | null }>(
        'SELECT failures, locked_until FROM monitor_login_failures WHERE subject = $1',
        [subject],
      );
      const row = found.rows[0];
      return {
        failures: row?.failures ?? 0,
        lockedUntil: row?.locked_until?.toISOString() ?? null,
      };
    },
    // The count goes up in the database, so failures tried at two instances both count.
    recordFailure: (subject, lockFor) =>
      inTransaction(pool, async (client) => {
        const counted = await client.query<{ failures: number }>(
          `INSERT INTO monitor_login_failures (subject, failures, locked_until) VALUES ($1, 1, NULL)
           ON CONFLICT (subject) DO UPDATE SET failures = monitor_login_failures.failures + 1
           RETURNING failures`,
          [subject],
        );
        const failures = counted.rows[0]?.failures ?? 1;
        await client.query(
          'UPDATE monitor_login_failures SET locked_until = $2 WHERE subject = $1',
          [subject, lockFor(failures)],
        );
      }),
    clearFailures: async (subject) => {
      await pool.query('DELETE FROM monitor_login_failures WHERE subject = $1', [subject]);
    },
    cookieSecret: async (make) => {
      // The first instance to start makes it; the others read the same one.
      await pool.query(
        `INSERT INTO monitor_settings (name, value) VALUES ('cookie-secret', $1) ON CONFLICT DO NOTHING`,
        [make()],
      );
      const found = await pool.query<{ value: string }>(
        `SELECT value FROM monitor_settings WHERE name = 'cookie-secret'`,
      );
      return found.rows[0]!.value;
    },
  };
}
