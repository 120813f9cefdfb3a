/**
 * Shares the run that is out among everyone who asks meanwhile: a timer tick, a nudge and a
 * manual call never send the same request twice at once.
 */
export interface SingleFlight<T> {
  run(): Promise<T>;
  /** The run that is out, if any: stop() waits for it. */
  readonly current: Promise<T> | undefined;
}

export function singleFlight<T>(task: () => Promise<T>): SingleFlight<T> {
  let current: Promise<T> | undefined;
  return {
    run: () =>
      (current ??= task().finally(() => {
        current = undefined;
      })),
    get current() {
      return current;
    },
  };
}
