/**
 * Counts consecutive failures so a long outage logs one "failed" line when it starts and
 * one recovery line when it ends, instead of a line per retry.
 */
export interface FailureRun {
  readonly count: number;
  /** Records a failure; true if it starts a new run (log it). */
  fail(): boolean;
  /** Records a success; returns how many failures the run had (0: nothing to report). */
  succeed(): number;
}

export function createFailureRun(): FailureRun {
  let count = 0;
  return {
    get count() {
      return count;
    },
    fail() {
      count += 1;
      return count === 1;
    },
    succeed() {
      const ended = count;
      count = 0;
      return ended;
    },
  };
}
