import { beforeAll, describe, expect, it } from 'vitest';
import { hashCounterPin } from '@bianmin/config';
import { createCounterSessions, SESSION_SECONDS } from './counter-sessions.js';

describe('counter sessions', () => {
  let pinHash: string;
  let sampleHash: string;
  beforeAll(async () => {
    pinHash = await hashCounterPin('4821');
    sampleHash = await hashCounterPin('3333');
  });
  const setup = (refuseTrivialPins = false) => {
    let at = Date.parse('2026-03-02T01:00:00Z');
    const sessions = createCounterSessions({
      counters: [
        { number: 1, name: '1号窗口', services: ['a'], pinHash },
        { number: 2, name: '2号窗口', services: ['a'] },
        { number: 3, name: '3号窗口', services: ['a'], pinHash: sampleHash },
      ],
      now: () => new Date(at),
      refuseTrivialPins,
    });
    return { sessions, pass: (ms: number) => (at += ms) };
  };

  it('gives a token for the counter signed in to, until sign-out', async () => {
    const { sessions } = setup();
    const signed = await sessions.signIn(1, '4821');
    if (!signed.ok) throw new Error('expected a session');
    expect(sessions.counterOf(signed.value.token)).toBe(1);
    expect(sessions.counterOf('forged')).toBeNull();
    expect(sessions.counterOf(undefined)).toBeNull();
    sessions.signOut(signed.value.token);
    expect(sessions.counterOf(signed.value.token)).toBeNull();
  });

  it('ends a session after a working day', async () => {
    const { sessions, pass } = setup();
    const signed = await sessions.signIn(1, '4821');
    if (!signed.ok) throw new Error('expected a session');
    pass(SESSION_SECONDS * 1000 - 1);
    expect(sessions.counterOf(signed.value.token)).toBe(1);
    pass(1);
    expect(sessions.counterOf(signed.value.token)).toBeNull();
  });

  it('keeps a production terminal from signing in with a sample PIN', async () => {
    expect((await setup(false).sessions.signIn(3, '3333')).ok).toBe(true);
    const production = setup(true).sessions;
    expect(await production.signIn(3, '3333')).toEqual({
      ok: false,
      error: { kind: 'trivial-pin' },
    });
    expect((await production.signIn(1, '4821')).ok).toBe(true);
  });

  it('refuses counters without a PIN and unknown counters', async () => {
    const { sessions } = setup();
    expect(await sessions.signIn(2, '4821')).toEqual({ ok: false, error: { kind: 'no-pin' } });
    expect(await sessions.signIn(7, '4821')).toEqual({
      ok: false,
      error: { kind: 'unknown-counter' },
    });
  });

  it('locks a counter out after three wrong PINs, doubling the delay each further time', async () => {
    const { sessions, pass } = setup();
    const wrong = async () => (await sessions.signIn(1, '0000')).ok;
    expect([await wrong(), await wrong()]).toEqual([false, false]);
    expect(await sessions.signIn(1, '0001')).toEqual({
      ok: false,
      error: { kind: 'wrong-pin', retryAfterMs: 30_000 },
    });
    // Locked: even the right PIN is refused, and the try is not checked.
    pass(29_999);
    expect(await sessions.signIn(1, '4821')).toEqual({
      ok: false,
      error: { kind: 'locked-out', retryAfterMs: 1 },
    });
    pass(1);
    expect(await sessions.signIn(1, '0002')).toEqual({
      ok: false,
      error: { kind: 'wrong-pin', retryAfterMs: 60_000 },
    });
    pass(60_000);
    expect(await sessions.signIn(1, '0003')).toEqual({
      ok: false,
      error: { kind: 'wrong-pin', retryAfterMs: 120_000 },
    });
    pass(120_000);
    expect((await sessions.signIn(1, '4821')).ok).toBe(true);
    // A right PIN starts the count again.
    expect(await sessions.signIn(1, '0000')).toEqual({
      ok: false,
      error: { kind: 'wrong-pin', retryAfterMs: 0 },
    });
  });

  it('checks guesses sent at once one after another, so none slips past the lock', async () => {
    const { sessions } = setup();
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) => sessions.signIn(1, String(1000 + i))),
    );
    expect(replies.map((r) => (r.ok ? 'ok' : r.error.kind))).toEqual([
      'wrong-pin',
      'wrong-pin',
      'wrong-pin',
      'locked-out',
      'locked-out',
      'locked-out',
      'locked-out',
      'locked-out',
    ]);
  });
});
