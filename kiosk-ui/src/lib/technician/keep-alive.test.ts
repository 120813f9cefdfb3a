import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKeepAlive } from './keep-alive.js';

const IDLE_MS = 3 * 60_000;

describe('the technician keep-alive', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** `pings`: when the agent heard from the page, each a request that renews its session. */
  function setUp() {
    const pings: number[] = [];
    const keepAlive = createKeepAlive({
      ping: () => pings.push(Date.now()),
      now: () => Date.now(),
    });
    return { pings, keepAlive };
  }

  it('keeps the session of a technician typing for longer than the idle minutes', () => {
    const { pings, keepAlive } = setUp();
    const signedIn = Date.now();
    keepAlive.started(IDLE_MS);
    // A key every two seconds for ten minutes, and no request of the page's own.
    for (let t = 0; t < 10 * 60_000; t += 2000) {
      keepAlive.activity();
      vi.advanceTimersByTime(2000);
    }
    const seen = [signedIn, ...pings];
    const longestGap = Math.max(...seen.slice(1).map((at, i) => at - seen[i]!));
    expect(longestGap).toBeLessThan(IDLE_MS);
    // At most once a minute, however fast the keys come.
    expect(longestGap).toBeGreaterThanOrEqual(60_000);
    expect(pings.length).toBeLessThanOrEqual(10);
  });

  it('tells the agent of the last tap before a pause, so the agent never ends a session the page still shows', () => {
    const { pings, keepAlive } = setUp();
    keepAlive.started(IDLE_MS);
    vi.advanceTimersByTime(10_000);
    keepAlive.activity();
    const lastTap = Date.now();
    vi.advanceTimersByTime(IDLE_MS);
    expect(pings).toHaveLength(1);
    expect(pings[0]).toBeGreaterThanOrEqual(lastTap);
  });

  it('tells it inside a short idle time too, and nothing once the session ended', () => {
    const { pings, keepAlive } = setUp();
    keepAlive.started(60_000);
    vi.advanceTimersByTime(25_000);
    keepAlive.activity();
    expect(pings).toEqual([Date.now()]);
    keepAlive.activity();
    keepAlive.started(null);
    vi.advanceTimersByTime(IDLE_MS);
    keepAlive.activity();
    expect(pings).toHaveLength(1);
  });
});
