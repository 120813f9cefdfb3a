import { err, ok, type Result } from './result.js';

/** Time and timers as a loop sees them; tests pass a manual clock (see manual-clock.ts). */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The process clock. Looked up on each call, not at import, so a test that fakes the
 * globals (vi.useFakeTimers) after importing still drives it.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface PeriodicOptions<T> {
  /** The work of one run. Runs never overlap. */
  task: () => T | Promise<T>;
  /** Wait between the end of one run and the start of the next. */
  intervalMs: number;
  /** Overrides intervalMs per run, e.g. backoff after a failure; gets the run's outcome. */
  nextDelayMs?: (outcome: Result<T, unknown>) => number;
  /** Wait from start() to the first run (default 0). */
  firstDelayMs?: number;
  /** A run that threw. The loop goes on: an unhandled rejection would end the process. */
  onError: (error: unknown) => void;
  clock?: Clock;
}

export interface Periodic {
  /** Schedules the first run; no-op if already started. */
  start(): void;
  /**
   * Brings the next run forward to at most `withinMs` from now; a run in progress applies
   * it to the wait that follows. No-op while stopped.
   */
  nudge(withinMs?: number): void;
  /** Cancels the next run and waits for the one in progress, if any. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs` on a setTimeout chain: each wait starts when a run ends, so
 * runs never overlap or pile up behind a slow one. A device poll, for example:
 *
 *   const polling = createPeriodic({ task: pollOnce, intervalMs: 5000, onError: logFailure });
 *   polling.start(); // first run at once (firstDelayMs 0)
 *   await polling.stop();
 */
export function createPeriodic<T>(options: PeriodicOptions<T>): Periodic {
  const clock = options.clock ?? systemClock;
  let started = false;
  let timer: unknown;
  let dueAt = Infinity;
  let inProgress: Promise<void> | undefined;
  let nudgedWithinMs = Infinity;

  const schedule = (delayMs: number) => {
    if (!started) return;
    if (timer !== undefined) clock.clearTimeout(timer);
    const delay = Math.max(0, delayMs);
    dueAt = clock.now() + delay;
    timer = clock.setTimeout(() => void tick(), delay);
  };

  const report = (error: unknown) => {
    try {
      options.onError(error);
    } catch {
      // A failing reporter must not end the loop either.
    }
  };

  const runOnce = async (): Promise<Result<T, unknown>> => {
    try {
      return ok(await options.task());
    } catch (e) {
      report(e);
      return err(e);
    }
  };

  const delayAfter = (outcome: Result<T, unknown>): number => {
    try {
      return options.nextDelayMs?.(outcome) ?? options.intervalMs;
    } catch (e) {
      report(e);
      return options.intervalMs;
    }
  };

  const tick = async () => {
    timer = undefined;
    dueAt = Infinity;
    nudgedWithinMs = Infinity;
    let done!: () => void;
    inProgress = new Promise((resolve) => (done = resolve));
    try {
      const outcome = await runOnce();
      schedule(Math.min(delayAfter(outcome), nudgedWithinMs));
    } finally {
      nudgedWithinMs = Infinity;
      inProgress = undefined;
      done();
    }
  };

  return {
    start() {
      if (started) return;
      started = true;
      schedule(options.firstDelayMs ?? 0);
    },
    nudge(withinMs = 0) {
      if (!started) return;
      if (inProgress !== undefined) {
        nudgedWithinMs = Math.min(nudgedWithinMs, withinMs);
        return;
      }
      // Below zero, the wall clock stepped forward since the timer was set (the timer itself
      // still waits what it had left): nothing says the run is near, so it is rescheduled.
      const left = dueAt - clock.now();
      if (left > withinMs || left < 0) schedule(withinMs);
    },
    async stop() {
      started = false;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      dueAt = Infinity;
      await inProgress;
    },
  };
}
