import { randomBytes } from 'node:crypto';
import type { TechnicianAccount } from '@bianmin/config';

export interface TechnicianSession {
  readonly account: TechnicianAccount;
  readonly startedAt: number;
  lastSeen: number;
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
export function createTechnicianSessions(options: { idleMs: number; now: () => number }) {
  const sessions = new Map<string, TechnicianSession>();
  const idle = (s: TechnicianSession) => options.now() - s.lastSeen >= options.idleMs;

  return {
    idleMs: options.idleMs,
    /** One session at a time: a new sign-in ends the one before. */
    start(account: TechnicianAccount): string {
      sessions.clear();
      const token = randomBytes(32).toString('base64url');
      const at = options.now();
      sessions.set(token, { account, startedAt: at, lastSeen: at });
      return token;
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
      return { kind: 'active', session };
    },
    end(token: string): void {
      sessions.delete(token);
    },
  };
}

export type TechnicianSessions = ReturnType<typeof createTechnicianSessions>;
