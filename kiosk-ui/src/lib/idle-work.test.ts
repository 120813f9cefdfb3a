import { describe, expect, it } from 'vitest';
import { runWhenIdle, type IdlePeriod } from './idle-work.js';

/** Idle periods handed out by the test, each with the time it says is left. */
function idlePeriods() {
  const waiting: ((period: IdlePeriod) => void)[] = [];
  return {
    whenIdle: (then: (period: IdlePeriod) => void) => waiting.push(then),
    /** One idle period in which `steps` steps fit (each step takes 10 ms of it; under 8 ms left, none runs). */
    give(steps: number) {
      let left = steps * 10 + 5;
      const then = waiting.shift();
      then?.({
        timeRemaining: () => {
          const now = left;
          left -= 10;
          return now;
        },
      });
    },
    pending: () => waiting.length,
  };
}

describe('work while the kiosk stands idle', () => {
  it('runs the steps in order, as many as fit in each idle period, until all are done', () => {
    const done: number[] = [];
    const idle = idlePeriods();
    runWhenIdle(
      [1, 2, 3, 4, 5].map((n) => () => done.push(n)),
      idle.whenIdle,
    );
    expect(done).toEqual([]);
    idle.give(2);
    expect(done).toEqual([1, 2]);
    idle.give(0);
    expect(done).toEqual([1, 2]);
    idle.give(5);
    expect(done).toEqual([1, 2, 3, 4, 5]);
    expect(idle.pending()).toBe(0);
  });

  it('asks for no idle period when there is nothing to do', () => {
    const idle = idlePeriods();
    runWhenIdle([], idle.whenIdle);
    expect(idle.pending()).toBe(0);
  });

  it('leaves the rest of an idle period to a touch waiting for the page', () => {
    const done: number[] = [];
    const idle = idlePeriods();
    let touch = false;
    runWhenIdle(
      [1, 2, 3, 4].map((n) => () => {
        done.push(n);
        if (n === 2) touch = true;
      }),
      idle.whenIdle,
      () => touch,
    );
    idle.give(4);
    expect(done).toEqual([1, 2]);
    touch = false;
    idle.give(4);
    expect(done).toEqual([1, 2, 3, 4]);
  });
});
