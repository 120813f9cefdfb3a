import type { Result } from '@bianmin/common';
import type { AccountRole } from '@bianmin/contract';

export interface StoredAccount {
  user: string;
  role: AccountRole;
  /** A region code (2, 4, 6 or 9 digits) or 'nation'. */
  region: string;
  passwordHash: string;
  createdAt: string;
}

export interface StoredSession {
  user: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/** Failed logins of one subject (an account name or a source address). */
export interface LoginFailures {
  failures: number;
  /** Until when logins for this subject are refused; null when not locked. */
  lockedUntil: string | null;
}

/**
 * Monitoring accounts, their sessions and the login lockout. Promise-returning so a
 * PostgreSQL implementation can sit behind it; each method is one atomic step.
 */
export interface AccountStore {
  create(account: StoredAccount): Promise<Result<void, 'exists'>>;
  get(user: string): Promise<StoredAccount | undefined>;
  /** Sessions are stored by the SHA-256 of their id: a copy of the database logs nobody in. */
  createSession(idSha256: string, session: StoredSession): Promise<void>;
  getSession(idSha256: string): Promise<StoredSession | undefined>;
  touchSession(idSha256: string, at: string): Promise<void>;
  deleteSession(idSha256: string): Promise<void>;
  /** Drops sessions past their expiry or idle since before `idleBefore`. */
  pruneSessions(now: string, idleBefore: string): Promise<void>;
  failures(subject: string): Promise<LoginFailures>;
  /** Counts one more failure and sets the lock the caller computed from the new count. */
  recordFailure(subject: string, lockFor: (failures: number) => Date | null): Promise<void>;
  clearFailures(subject: string): Promise<void>;
  /** The key sessions cookies are signed with, made once and shared by every instance. */
  cookieSecret(make: () => string): Promise<string>;
}
