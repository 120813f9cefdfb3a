import type Database from 'better-sqlite3';
import { err, ok } from '@bianmin/common';
import type { Migration } from '@bianmin/common/sqlite';
import type { AccountRole } from '@bianmin/contract';
import type { AccountStore, LoginFailures, StoredSession } from './account-store.js';

export const createAccountTables: Migration = {
  name: 'monitoring accounts, sessions and login failures',
  up: (db) =>
    db.exec(`
      CREATE TABLE monitor_accounts (
        user TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        region TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE monitor_sessions (
        id_sha256 TEXT PRIMARY KEY,
        user TEXT NOT NULL REFERENCES monitor_accounts (user),
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE monitor_login_failures (
        subject TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        locked_until TEXT
      ) WITHOUT ROWID;
      CREATE TABLE monitor_settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
    `),
};

interface AccountRow {
  user: string;
  role: AccountRole;
  region: string;
  password_hash: string;
  created_at: string;
}

interface SessionRow {
  user: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export function createSqliteAccountStore(db: Database.Database): AccountStore {
  const insertAccount = db.prepare(
    `INSERT INTO monitor_accounts (user, role, region, password_hash, created_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (user) DO NOTHING`,
  );
  const account = db.prepare('SELECT * FROM monitor_accounts WHERE user = ?');
  const insertSession = db.prepare(
    `INSERT INTO monitor_sessions (id_sha256, user, created_at, last_seen_at, expires_at)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const session = db.prepare(
    'SELECT user, created_at, last_seen_at, expires_at FROM monitor_sessions WHERE id_sha256 = ?',
  );
  const touch = db.prepare('UPDATE monitor_sessions SET last_seen_at = ? WHERE id_sha256 = ?');
  const remove = db.prepare('DELETE FROM monitor_sessions WHERE id_sha256 = ?');
  const prune = db.prepare(
    'DELETE FROM monitor_sessions WHERE expires_at <= ? OR last_seen_at < ?',
  );
  const failures = db.prepare(
    'SELECT failures, locked_until FROM monitor_login_failures WHERE subject = ?',
  );
  const setFailures = db.prepare(
    `INSERT INTO monitor_login_failures (subject, failures, locked_until) VALUES (?, ?, ?)
     ON CONFLICT (subject) DO UPDATE SET failures = excluded.failures,
       locked_until = excluded.locked_until`,
  );
  const clear = db.prepare('DELETE FROM monitor_login_failures WHERE subject = ?');
  const setting = db.prepare('SELECT value FROM monitor_settings WHERE name = ?').pluck();
  const addSetting = db.prepare(
    'INSERT INTO monitor_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
  );

  const readFailures = (subject: string): LoginFailures => {
    const row = failures.get(subject) as
      { failures: number; locked_until: string | null } | undefined;
    return { failures: row?.failures ?? 0, lockedUntil: row?.locked_until ?? null };
  };
  const recordFailure = db.transaction(
    (subject: string, lockFor: (failures: number) => Date | null) => {
      const count = readFailures(subject).failures + 1;
      setFailures.run(subject, count, lockFor(count)?.toISOString() ?? null);
    },
  );
  const cookieSecret = db.transaction((make: () => string) => {
    addSetting.run('cookie-secret', make());
    return setting.get('cookie-secret') as string;
  });

  return {
    create: async (a) =>
      insertAccount.run(a.user, a.role, a.region, a.passwordHash, a.createdAt).changes === 1
        ? ok(undefined)
        : err('exists'),
    get: async (user) => {
      const row = account.get(user) as AccountRow | undefined;
      return (
        row && {
          user: row.user,
          role: row.role,
          region: row.region,
          passwordHash: row.password_hash,
          createdAt: row.created_at,
        }
      );
    },
    createSession: async (id, s: StoredSession) => {
      insertSession.run(id, s.user, s.createdAt, s.lastSeenAt, s.expiresAt);
    },
    getSession: async (id) => {
      const row = session.get(id) as SessionRow | undefined;
      return (
        row && {
          user: row.user,
          createdAt: row.created_at,
          lastSeenAt: row.last_seen_at,
          expiresAt: row.expires_at,
        }
      );
    },
    touchSession: async (id, at) => {
      touch.run(at, id);
    },
    deleteSession: async (id) => {
      remove.run(id);
    },
    pruneSessions: async (now, idleBefore) => {
      prune.run(now, idleBefore);
    },
    failures: async (subject) => readFailures(subject),
    recordFailure: async (subject, lockFor) => recordFailure(subject, lockFor),
    clearFailures: async (subject) => {
      clear.run(subject);
    },
    cookieSecret: async (make) => cookieSecret(make),
  };
}
