import type { Clock } from './periodic.js';

export interface ManualClock extends Clock {
  /**
   * Moves time forward, firing each timer that falls due in order at its own time, and lets
   * the promises those timers start settle before the next one (no real waiting).
   */
  advance(ms: number): Promise<void>;
  /**
   * Steps the wall clock (`now()`) by `ms`, back when negative, as NTP or a technician setting
   * the time does: timers still wait out what they had left, as Node's do.
   */
  step(ms: number): void;
  /** Due times of the timers still waiting, soonest first. */
  pending(): number[];
}

// Captured at import so a test that also fakes the globals cannot freeze settling.
const realSetImmediate = globalThis.setImmediate;
const settle = () => new Promise<void>((resolve) => realSetImmediate(resolve));

/** A clock for tests: time moves only when the test advances it. */
export function createManualClock(startMs = 0): ManualClock {
  let nowMs = startMs;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();

  const soonest = () => {
    let found: [number, { at: number; callback: () => void }] | undefined;
    for (const entry of timers) {
      // Ties fire in the order they were set, like Node's timers.
      if (found === undefined || entry[1].at < found[1].at) found = entry;
    }
    return found;
  };

  return {
    now: () => nowMs,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: nowMs + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      const until = nowMs + ms;
      await settle();
      for (let next = soonest(); next && next[1].at <= until; next = soonest()) {
        timers.delete(next[0]);
        nowMs = next[1].at;
        next[1].callback();
        await settle();
      }
      nowMs = until;
    },
    step(ms) {
      nowMs += ms;
      for (const timer of timers.values()) timer.at += ms;
    },
    pending: () => [...timers.values()].map((t) => t.at).sort((a, b) => a - b),
  };
}
