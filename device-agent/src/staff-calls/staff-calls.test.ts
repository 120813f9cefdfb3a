import { describe, expect, it } from 'vitest';
import { STAFF_CALL_OPEN_MINUTES } from '@bianmin/contract';
import { createStaffCalls } from './staff-calls.js';

const setUp = () => {
  const clock = { wall: Date.parse('2026-11-28T02:00:00Z'), mono: 1000 };
  const calls = createStaffCalls({
    now: () => new Date(clock.wall),
    monotonicMs: () => clock.mono,
  });
  return { calls, clock };
};

describe('staff calls', () => {
  it('lists calls oldest first until a counter answers, and only one counter gets each', () => {
    const { calls } = setUp();
    const first = calls.raise('home');
    const second = calls.raise('guide');
    expect(first).toEqual({ id: 1, screen: 'home', calledAt: '2026-11-28T02:00:00.000Z' });
    expect(calls.open().map((c) => c.id)).toEqual([1, 2]);
    expect(calls.answer(1)).toEqual(first);
    expect(calls.answer(1)).toBeUndefined();
    expect(calls.open()).toEqual([second]);
  });

  it('drops a call after the open time by the monotonic clock, whatever the wall clock does', () => {
    const { calls, clock } = setUp();
    calls.raise('home');
    // A wall clock stepped a day forward ends nothing.
    clock.wall += 86_400_000;
    expect(calls.open()).toHaveLength(1);
    clock.mono += STAFF_CALL_OPEN_MINUTES * 60_000 - 1;
    expect(calls.open()).toHaveLength(1);
    clock.mono += 1;
    expect(calls.open()).toEqual([]);
    expect(calls.answer(1)).toBeUndefined();
  });

  it('keeps only the newest calls of a button held down or stuck', () => {
    const { calls } = setUp();
    for (let i = 0; i < 25; i++) calls.raise('home');
    const open = calls.open();
    expect(open).toHaveLength(20);
    expect(open[0]?.id).toBe(6);
  });
});
