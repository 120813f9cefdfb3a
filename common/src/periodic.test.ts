import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from './manual-clock.js';
import { createPeriodic, type Periodic, type PeriodicOptions } from './periodic.js';

describe('createPeriodic', () => {
  let clock = createManualClock();
  let loop: Periodic | undefined;

  beforeEach(() => {
    clock = createManualClock(Date.parse('2026-03-02T02:00:00Z'));
  });

  afterEach(async () => {
    await loop?.stop();
    loop = undefined;
  });

  const startLoop = <T>(
    options: Omit<PeriodicOptions<T>, 'clock' | 'onError'> & {
      onError?: (e: unknown) => void;
    },
  ) => {
    loop = createPeriodic({ onError: () => {}, ...options, clock });
    loop.start();
    return loop;
  };

  const recorder = () => {
    const t0 = clock.now();
    const runs: number[] = [];
    return { runs, task: () => void runs.push(clock.now() - t0) };
  };

  it('runs after the first delay, then every interval', async () => {
    const { runs, task } = recorder();
    startLoop({ task, intervalMs: 1000, firstDelayMs: 300 });
    await clock.advance(3500);
    expect(runs).toEqual([300, 1300, 2300, 3300]);
  });

  it('waits the interval after a slow run ends, so runs never overlap', async () => {
    const t0 = clock.now();
    const spans: [number, number][] = [];
    let active = 0;
    startLoop({
      intervalMs: 1000,
      task: async () => {
        active += 1;
        expect(active).toBe(1);
        const began = clock.now() - t0;
        await new Promise<void>((resolve) => clock.setTimeout(resolve, 2500));
        spans.push([began, clock.now() - t0]);
        active -= 1;
      },
    });
    await clock.advance(6500);
    expect(spans).toEqual([
      [0, 2500],
      [3500, 6000],
    ]);
  });

  it('asks nextDelayMs for each wait, with the run’s outcome', async () => {
    const { runs, task } = recorder();
    const outcomes: unknown[] = [];
    let n = 0;
    startLoop({
      intervalMs: 1000,
      task: () => {
        task();
        n += 1;
        if (n === 2) throw new Error('centre down');
        return n;
      },
      nextDelayMs: (outcome) => {
        outcomes.push(outcome.ok ? outcome.value : (outcome.error as Error).message);
        return outcome.ok ? 100 : 5000;
      },
    });
    await clock.advance(5200);
    expect(runs).toEqual([0, 100, 5100, 5200]);
    expect(outcomes).toEqual([1, 'centre down', 3, 4]);
  });

  it('reports a failing run and keeps going, even when the reporter throws', async () => {
    const onError = vi.fn((_error: unknown) => {
      throw new Error('logger broken');
    });
    let runs = 0;
    startLoop({
      intervalMs: 1000,
      onError,
      task: () => {
        runs += 1;
        throw new Error(`fault ${runs}`);
      },
    });
    await clock.advance(2000);
    expect(runs).toBe(3);
    expect(onError.mock.calls.map(([e]) => (e as Error).message)).toEqual([
      'fault 1',
      'fault 2',
      'fault 3',
    ]);
  });

  it('runs sooner after a nudge, and never later than already due', async () => {
    const { runs, task } = recorder();
    const running = startLoop({ task, intervalMs: 60_000 });
    await clock.advance(0);
    await clock.advance(10_000);
    running.nudge(250);
    await clock.advance(250);
    expect(runs).toEqual([0, 10_250]);
    // Due in 60 s; a nudge asking for within 90 s changes nothing.
    running.nudge(90_000);
    expect(clock.pending()).toEqual([clock.now() + 60_000]);
  });

  it('runs soon after a nudge even when the wall clock stepped forward past the due time', async () => {
    const { runs, task } = recorder();
    const running = startLoop({ task, intervalMs: 60_000 });
    await clock.advance(0);
    await clock.advance(5_000);
    // The timer still waits its 55 s; by the wall clock the run looks an hour overdue.
    clock.step(3_600_000);
    running.nudge(0);
    await clock.advance(0);
    expect(runs).toEqual([0, 3_605_000]);
  });

  it('applies a nudge made during a run to the wait after it', async () => {
    const t0 = clock.now();
    const runs: number[] = [];
    let nudgeDuringRun: (() => void) | undefined;
    const running = startLoop({
      intervalMs: 60_000,
      task: async () => {
        runs.push(clock.now() - t0);
        nudgeDuringRun?.();
        nudgeDuringRun = undefined;
        await Promise.resolve();
      },
    });
    nudgeDuringRun = () => running.nudge(500);
    await clock.advance(1000);
    expect(runs).toEqual([0, 500]);
  });

  it('stop() cancels the next run and waits for the one in progress', async () => {
    let finished = false;
    let release!: () => void;
    const running = startLoop({
      intervalMs: 1000,
      task: async () => {
        await new Promise<void>((resolve) => (release = resolve));
        finished = true;
      },
    });
    await clock.advance(0);
    const stopped = running.stop();
    release();
    await stopped;
    expect(finished).toBe(true);
    expect(clock.pending()).toEqual([]);
    running.nudge();
    expect(clock.pending()).toEqual([]);
  });

  it('works on vitest fake timers by default', async () => {
    vi.useFakeTimers();
    try {
      let runs = 0;
      const onTimers = createPeriodic({
        task: () => void (runs += 1),
        intervalMs: 1000,
        onError: () => {},
      });
      onTimers.start();
      await vi.advanceTimersByTimeAsync(2500);
      expect(runs).toBe(3);
      await onTimers.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
