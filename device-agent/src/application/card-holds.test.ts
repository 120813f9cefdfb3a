import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '@bianmin/common';
import { SAMPLE_IDENTITIES } from '../id-card/index.js';
import { createCardHolds } from './card-holds.js';

const wang = SAMPLE_IDENTITIES.find((s) => s.key === 'wang-xiuying')!.holder;
const li = SAMPLE_IDENTITIES.find((s) => s.key === 'li-jianguo')!.holder;
const KEEP_MS = 30 * 60_000;

describe('card holds', () => {
  // Timers only: the wall clock stays put, so a read dropped at the limit was dropped by
  // the hold's own timer and not by take() comparing times.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives a read out once, to its handle only', () => {
    const holds = createCardHolds();
    const id = holds.keep(wang);
    expect(holds.take('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(holds.take(id)).toEqual({ name: wang.name, idNumber: wang.idNumber });
    expect(holds.take(id)).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets a read be looked at without giving it out, until its limit', () => {
    const holds = createCardHolds();
    const id = holds.keep(wang);
    expect(holds.peek('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(holds.peek(id)).toEqual({ name: wang.name, idNumber: wang.idNumber });
    expect(holds.peek(id)).toEqual({ name: wang.name, idNumber: wang.idNumber });
    vi.advanceTimersByTime(KEEP_MS);
    expect(holds.peek(id)).toBeUndefined();
  });

  it('forgets the name and number at the limit, with nobody asking for them', () => {
    const holds = createCardHolds();
    const kept = holds.keep(wang);
    vi.advanceTimersByTime(KEEP_MS - 1);
    expect(holds.take(kept)).toEqual({ name: wang.name, idNumber: wang.idNumber });

    const forgotten = holds.keep(wang);
    const until = Date.now() + KEEP_MS;
    vi.advanceTimersByTime(KEEP_MS);
    expect(vi.getTimerCount()).toBe(0);
    expect(Date.now()).toBeLessThan(until);
    expect(holds.take(forgotten)).toBeUndefined();
  });

  it('replaces a read with a newer one, whose limit starts afresh', () => {
    const holds = createCardHolds();
    const first = holds.keep(wang);
    vi.advanceTimersByTime(KEEP_MS / 2);
    const second = holds.keep(li);
    // The first read's timer went with it: one timer, and it does not cut the second short.
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(KEEP_MS / 2);
    expect(holds.take(first)).toBeUndefined();
    expect(holds.take(second)).toEqual({ name: li.name, idNumber: li.idNumber });
  });

  it('keeps a fresh read when the wall clock steps forward', async () => {
    const clock = createManualClock(Date.parse('2026-11-26T02:00:00Z'));
    const holds = createCardHolds({ clock });
    const id = holds.keep(wang);
    await clock.advance(60_000);
    // NTP or a technician moves the time on by two hours: the read is still a minute old.
    clock.step(2 * 3_600_000);
    expect(holds.peek(id)).toEqual({ name: wang.name, idNumber: wang.idNumber });
    expect(holds.take(id)).toEqual({ name: wang.name, idNumber: wang.idNumber });
  });

  it('drops a read on clear, with its timer', () => {
    const holds = createCardHolds();
    const id = holds.keep(wang);
    holds.clear();
    expect(vi.getTimerCount()).toBe(0);
    expect(holds.take(id)).toBeUndefined();
  });

  it('does not keep the process alive for a read', () => {
    const unref = vi.fn();
    const setTimeout = vi.fn(() => ({ unref }));
    const holds = createCardHolds({ clock: { now: () => 0, setTimeout, clearTimeout: () => {} } });
    holds.keep(wang);
    expect(setTimeout).toHaveBeenCalledWith(expect.any(Function), KEEP_MS);
    expect(unref).toHaveBeenCalledOnce();
  });
});
