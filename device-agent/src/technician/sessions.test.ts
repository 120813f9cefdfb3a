import { describe, expect, it } from 'vitest';
import type { TechnicianAccount } from '@bianmin/config';
import { createTechnicianSessions } from './sessions.js';

const account: TechnicianAccount = {
  id: 'zhang-wei',
  name: '张工',
  role: 'technician',
  pinHash: 'scrypt$14$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
};
const IDLE_MS = 3 * 60_000;

describe('technician sessions', () => {
  it('ends a session after its idle minutes however the wall clock steps back meanwhile', () => {
    // The wall clock, and the time that passed whatever it was stepped by (performance.now()).
    let wall = Date.parse('2026-11-26T02:00:00Z');
    let passed = 0;
    const sessions = createTechnicianSessions({
      idleMs: IDLE_MS,
      now: () => wall,
      monotonicNow: () => passed,
    });
    const { token } = sessions.start(account);
    const wait = (ms: number) => {
      wall += ms;
      passed += ms;
    };
    wait(60_000);
    expect(sessions.touch(token).kind).toBe('active');
    // NTP or a technician moves the time back an hour.
    wall -= 3_600_000;
    wait(IDLE_MS);
    expect(sessions.touch(token).kind).toBe('expired');
    expect(sessions.touch(token).kind).toBe('none');
  });

  it('still ends a session by the wall clock, and a new sign-in ends the one before', () => {
    let wall = 0;
    const sessions = createTechnicianSessions({
      idleMs: IDLE_MS,
      now: () => wall,
      monotonicNow: () => 0,
    });
    const first = sessions.start(account);
    wall += IDLE_MS;
    expect(sessions.touch(first.token).kind).toBe('expired');
    const second = sessions.start(account);
    const third = sessions.start(account);
    expect(third.ended).toMatchObject({ reason: 'replaced', session: { account } });
    expect(sessions.touch(second.token).kind).toBe('none');
    expect(sessions.touch(third.token).kind).toBe('active');
  });
});
