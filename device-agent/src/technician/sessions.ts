import { randomBytes } from 'node:crypto';
import type { TechnicianAccount } from '@bianmin/config';

export interface TechnicianSession {
  readonly account: TechnicianAccount;
  readonly startedAt: number;
  lastSeen: number;
  /** lastSeen by a clock that only moves forward. */
  lastSeenMonotonic: number;
}

/** A session a new sign-in ended: it had gone idle, or was still in use (replaced). */
export interface EndedSession {
  session: TechnicianSession;
  reason: 'idle' | 'replaced';
}

export type SessionLookup =
  | { kind: 'active'; session: TechnicianSession }
  | { kind: 'expired'; session: TechnicianSession }
  | { kind: 'none' };

/**
 * Technician sessions, in the agent's memory only: a restart signs everyone out. The token is
 * handed to the page once and kept in its memory (never browser storage), so a reload or the
 * resident page has none. A session ends after `idleMs` without a request.
 */
export function createTechnicianSessions(options: {
  idleMs: number;
  now: () => number;
  /** A clock that only moves forward (performance.now()); tests pass their own. */
  monotonicNow?: () => number;
}) {
  const sessions = new Map<string, TechnicianSession>();
  const monotonicNow = options.monotonicNow ?? (() => performance.now());
  // Idle by either clock: the wall clock stepped back (NTP, a technician setting the time)
  // would otherwise keep a session open for as long as it stepped.
  const idle = (s: TechnicianSession) =>
    options.now() - s.lastSeen >= options.idleMs ||
    monotonicNow() - s.lastSeenMonotonic >= options.idleMs;

  return {
    idleMs: options.idleMs,
    /**
     * One session at a time: a new sign-in ends the one before, which it returns with why it
     * ended, so the audit log says so (a page reloaded or left idle never asks for it again).
     */
    start(account: TechnicianAccount): { token: string; ended: EndedSession | null } {
      const [before] = sessions.values();
      sessions.clear();
      const token = randomBytes(32).toString('base64url');
      const at = options.now();
      sessions.set(token, {
        account,
        startedAt: at,
        lastSeen: at,
        lastSeenMonotonic: monotonicNow(),
      });
      const ended = before
        ? { session: before, reason: idle(before) ? ('idle' as const) : ('replaced' as const) }
        : null;
      return { token, ended };
    },
    /** Finds the token's session and counts the request as activity; an idle one is ended. */
    touch(token: string | undefined): SessionLookup {
      const session = token === undefined ? undefined : sessions.get(token);
      if (!session || token === undefined) return { kind: 'none' };
      if (idle(session)) {
        sessions.delete(token);
        return { kind: 'expired', session };
      }
      session.lastSeen = options.now();
      session.lastSeenMonotonic = monotonicNow();
      return { kind: 'active', session };
    },
    end(token: string): void {
      sessions.delete(token);
    },
  };
}

export type TechnicianSessions = ReturnType<typeof createTechnicianSessions>;
