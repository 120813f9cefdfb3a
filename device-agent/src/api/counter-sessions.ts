import { randomBytes } from 'node:crypto';
import { err, ok, type Result } from '@bianmin/common';
import { isTrivialPin, verifyCounterPin, type Counter } from '@bianmin/config';

/** Wrong PINs in a row a counter may enter before it is locked out. */
const FREE_TRIES = 3;
/** The first lock-out; each further wrong PIN doubles it, up to the cap. */
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 60 * 60_000;
/** A working day: staff sign in once a shift. */
export const SESSION_SECONDS = 12 * 3600;
const SESSION_MS = SESSION_SECONDS * 1000;

export type SignInRefusal =
  | { kind: 'unknown-counter' }
  /** services.json has no pinHash for this counter: no one can sign in to it. */
  | { kind: 'no-pin' }
  /** A production terminal still has a PIN anyone would try (the defaults' samples). */
  | { kind: 'trivial-pin' }
  | { kind: 'wrong-pin'; retryAfterMs: number }
  | { kind: 'locked-out'; retryAfterMs: number };

export interface CounterSession {
  token: string;
  counter: number;
  expiresAt: Date;
}

export interface CounterSessionOptions {
  counters: readonly Counter[];
  now: () => Date;
  /** On a production terminal: a right but trivial PIN (1111, 1234) does not sign in. */
  refuseTrivialPins: boolean;
  verify?: (pin: string, hash: string) => Promise<boolean>;
}

interface Attempts {
  failures: number;
  lockedUntil: number;
}

/**
 * Counter staff sessions (docs/counter.md): a PIN per counter gives a random token for that
 * counter alone. Wrong PINs lock the counter out with a doubling delay; tries at one counter
 * are checked one after another, so parallel guesses cannot slip in before a lock. Sessions
 * live in memory: an agent restart signs everyone out.
 */
export function createCounterSessions(options: CounterSessionOptions) {
  const verify = options.verify ?? verifyCounterPin;
  const hashes = new Map(options.counters.map((c) => [c.number, c.pinHash]));
  const sessions = new Map<string, CounterSession>();
  const attempts = new Map<number, Attempts>();
  const queues = new Map<number, Promise<unknown>>();

  async function attempt(
    counter: number,
    pin: string,
  ): Promise<Result<CounterSession, SignInRefusal>> {
    if (!hashes.has(counter)) return err({ kind: 'unknown-counter' });
    const hash = hashes.get(counter);
    if (hash === undefined) return err({ kind: 'no-pin' });
    const state = attempts.get(counter) ?? { failures: 0, lockedUntil: 0 };
    const lockedFor = state.lockedUntil - options.now().getTime();
    if (lockedFor > 0) return err({ kind: 'locked-out', retryAfterMs: lockedFor });
    if (!(await verify(pin, hash))) {
      const failures = state.failures + 1;
      const lockMs =
        failures < FREE_TRIES
          ? 0
          : Math.min(FIRST_LOCK_MS * 2 ** (failures - FREE_TRIES), MAX_LOCK_MS);
      attempts.set(counter, { failures, lockedUntil: options.now().getTime() + lockMs });
      return err({ kind: 'wrong-pin', retryAfterMs: lockMs });
    }
    attempts.delete(counter);
    if (options.refuseTrivialPins && isTrivialPin(pin)) return err({ kind: 'trivial-pin' });
    const session = {
      token: randomBytes(32).toString('base64url'),
      counter,
      expiresAt: new Date(options.now().getTime() + SESSION_MS),
    };
    sessions.set(session.token, session);
    return ok(session);
  }

  return {
    signIn(counter: number, pin: string): Promise<Result<CounterSession, SignInRefusal>> {
      const previous = queues.get(counter) ?? Promise.resolve();
      const next = previous.then(() => attempt(counter, pin));
      queues.set(
        counter,
        next.catch(() => undefined),
      );
      return next;
    },

    /** The counter a token is signed in to, or null (unknown or expired). */
    counterOf(token: string | undefined): number | null {
      if (token === undefined) return null;
      const session = sessions.get(token);
      if (!session) return null;
      if (session.expiresAt.getTime() <= options.now().getTime()) {
        sessions.delete(token);
        return null;
      }
      return session.counter;
    },

    signOut(token: string | undefined): void {
      if (token !== undefined) sessions.delete(token);
    },
  };
}

export type CounterSessions = ReturnType<typeof createCounterSessions>;
