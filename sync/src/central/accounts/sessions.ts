import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountStore, StoredAccount } from './account-store.js';

const SESSION_COOKIE = 'bianmin_monitor';

export interface SessionRules {
  /** A session ends this long after login whatever happens (default 12 h). */
  maxAgeMs: number;
  /** ... or after this long without a request (default 30 min). */
  idleMs: number;
}

export const DEFAULT_SESSION_RULES: SessionRules = {
  maxAgeMs: 12 * 3_600_000,
  idleMs: 30 * 60_000,
};

/** A request's session is checked at most this often against the idle timeout's clock. */
const TOUCH_EVERY_MS = 60_000;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

type SessionRefusal = 'session-missing' | 'session-unknown' | 'session-expired';

export type SessionCheck =
  { ok: true; account: StoredAccount } | { ok: false; reason: SessionRefusal };

/**
 * Sessions are random ids in a signed, HttpOnly, Secure, SameSite=Strict cookie; the centre
 * keeps only their SHA-256, with an absolute expiry and an idle timeout.
 */
export function createSessions(store: AccountStore, rules: SessionRules, now: () => Date) {
  const cookieOptions = (maxAgeSeconds: number) =>
    ({
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      signed: true,
      maxAge: maxAgeSeconds,
    }) as const;

  const idOf = (request: FastifyRequest): string | undefined => {
    const raw = request.cookies[SESSION_COOKIE];
    if (raw === undefined) return undefined;
    const unsigned = request.unsignCookie(raw);
    return unsigned.valid && unsigned.value !== null ? unsigned.value : undefined;
  };

  return {
    async start(reply: FastifyReply, user: string): Promise<void> {
      const id = randomBytes(32).toString('base64url');
      const at = now();
      await store.createSession(sha256(id), {
        user,
        createdAt: at.toISOString(),
        lastSeenAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + rules.maxAgeMs).toISOString(),
      });
      reply.setCookie(SESSION_COOKIE, id, cookieOptions(Math.floor(rules.maxAgeMs / 1000)));
    },

    async check(request: FastifyRequest): Promise<SessionCheck> {
      const id = idOf(request);
      if (id === undefined) return { ok: false, reason: 'session-missing' };
      const key = sha256(id);
      const session = await store.getSession(key);
      if (session === undefined) return { ok: false, reason: 'session-unknown' };
      const at = now().getTime();
      const idleFor = at - Date.parse(session.lastSeenAt);
      if (at >= Date.parse(session.expiresAt) || idleFor >= rules.idleMs) {
        await store.deleteSession(key);
        return { ok: false, reason: 'session-expired' };
      }
      const account = await store.get(session.user);
      if (account === undefined) return { ok: false, reason: 'session-unknown' };
      if (idleFor >= TOUCH_EVERY_MS) await store.touchSession(key, new Date(at).toISOString());
      return { ok: true, account };
    },

    async end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const id = idOf(request);
      if (id !== undefined) await store.deleteSession(sha256(id));
      reply.clearCookie(SESSION_COOKIE, cookieOptions(0));
      const at = now();
      await store.pruneSessions(
        at.toISOString(),
        new Date(at.getTime() - rules.idleMs).toISOString(),
      );
    },
  };
}
