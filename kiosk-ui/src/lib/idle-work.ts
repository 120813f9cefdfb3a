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

/**
 * Whether a touch is waiting for the page: Chromium's `navigator.scheduling.isInputPending()`,
 * which may miss one (then the touch waits as it would without it); false where it is missing.
 */
export type InputPending = () => boolean;

type WithScheduling = { navigator?: { scheduling?: { isInputPending?: () => boolean } } };
const inputPendingInBrowser: InputPending = () =>
  (globalThis as WithScheduling).navigator?.scheduling?.isInputPending?.() ?? false;

/**
 * Runs the steps in order, each whole, in as many idle periods as they need. An idle period
 * does not end when a touch arrives, so the steps also stop at a touch waiting for the page: it
 * waits for the step under way at most.
 */
export function runWhenIdle(
  steps: readonly (() => void)[],
  whenIdle: WhenIdle = whenIdleInBrowser,
  inputPending: InputPending = inputPendingInBrowser,
): void {
  let next = 0;
  const work = (period: IdlePeriod) => {
    while (next < steps.length && period.timeRemaining() > MIN_IDLE_MS && !inputPending()) {
      steps[next++]!();
    }
    if (next < steps.length) whenIdle(work);
  };
  if (steps.length > 0) whenIdle(work);
}
