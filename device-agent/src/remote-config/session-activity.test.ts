import { createManualClock } from '@bianmin/common';
import { describe, expect, it } from 'vitest';
import { createSessionActivity } from './session-activity.js';

describe('session activity', () => {
  const setUp = (lingerMs: number) => {
    const clock = createManualClock(Date.parse('2026-11-28T02:00:00Z'));
    const sessions = createSessionActivity({
      now: () => new Date(clock.now()),
      staleAfterMs: 30 * 60_000,
      lingerMs,
      clock,
    });
    const idle: number[] = [];
    sessions.onIdle(() => idle.push(clock.now()));
    return { clock, sessions, idle };
  };

  it('stays busy while the resident may still be rating, then tells its listeners', async () => {
    const { clock, sessions, idle } = setUp(300_000);
    sessions.started();
    expect(sessions.busy()).toBe(true);
    sessions.ended();
    // The kiosk offers 好差评 as the session ends: a restart now would lose the rating.
    expect(sessions.busy()).toBe(true);
    expect(idle).toEqual([]);
    await clock.advance(299_999);
    expect(sessions.busy()).toBe(true);
    await clock.advance(1);
    expect(sessions.busy()).toBe(false);
    expect(idle).toHaveLength(1);
  });

  it('forgets the linger when the next resident starts, and lingers afresh after them', async () => {
    const { clock, sessions, idle } = setUp(300_000);
    sessions.started();
    sessions.ended();
    await clock.advance(100_000);
    sessions.started();
    await clock.advance(300_000);
    expect(idle).toEqual([]);
    expect(sessions.busy()).toBe(true);
    sessions.ended();
    await clock.advance(300_000);
    expect(idle).toHaveLength(1);
  });

  it('lingers by its timer, not the wall clock', async () => {
    const { clock, sessions, idle } = setUp(300_000);
    sessions.started();
    sessions.ended();
    clock.step(-3_600_000);
    expect(sessions.busy()).toBe(true);
    clock.step(7_200_000);
    expect(sessions.busy()).toBe(true);
    await clock.advance(300_000);
    expect(idle).toHaveLength(1);
  });

  it('tells its listeners at once without a linger', () => {
    const { sessions, idle } = setUp(0);
    sessions.started();
    sessions.ended();
    expect(idle).toHaveLength(1);
    expect(sessions.busy()).toBe(false);
  });
});
