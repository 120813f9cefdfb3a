/**
 * Work the kiosk does while it stands idle so a resident's first taps find it done
 * (docs/benchmarks.md, "Kiosk in the browser"): small steps, as many per idle period as fit, so a
 * tap arriving meanwhile waits for one step at most.
 */

/** What an idle period offers; `IdleDeadline` in the browser. */
export interface IdlePeriod {
  timeRemaining(): number;
}

/** Runs a callback in the page's next idle period; `requestIdleCallback` in the kiosk. */
export type WhenIdle = (then: (period: IdlePeriod) => void) => void;

/** An idle period with less left than this is left to the page. */
const MIN_IDLE_MS = 8;

const whenIdleInBrowser: WhenIdle = (then) => requestIdleCallback(then);

/** Runs the steps in order, each whole, in as many idle periods as they need. */
export function runWhenIdle(
  steps: readonly (() => void)[],
  whenIdle: WhenIdle = whenIdleInBrowser,
): void {
  let next = 0;
  const work = (period: IdlePeriod) => {
    while (next < steps.length && period.timeRemaining() > MIN_IDLE_MS) steps[next++]!();
    if (next < steps.length) whenIdle(work);
  };
  if (steps.length > 0) whenIdle(work);
}
