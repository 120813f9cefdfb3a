/**
 * Taps and keys on the technician pages, told to the agent now and then. The agent ends a
 * session after its idle minutes without a request, and a technician filling in a long form
 * sends none until they submit it: without this they are signed out by then.
 */
const MOST_OFTEN_MS = 60_000;

export function createKeepAlive(options: {
  /** Any authenticated request: the agent counts it as activity. */
  ping: () => unknown;
  /** A clock that only moves forward (performance.now()). */
  now: () => number;
}) {
  let idleMs = 0;
  let lastSent = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const send = () => {
    pending = undefined;
    lastSent = options.now();
    options.ping();
  };
  const stop = () => {
    clearTimeout(pending);
    pending = undefined;
  };
  return {
    /** A session began (its sign-in counts as activity), or ended (null). */
    started(sessionIdleMs: number | null): void {
      stop();
      idleMs = sessionIdleMs ?? 0;
      lastSent = options.now();
    },
    /** The technician did something on the page. */
    activity(): void {
      if (idleMs <= 0 || pending !== undefined) return;
      // Well inside the idle time, so the agent's deadline never falls far short of the page's.
      const every = Math.min(MOST_OFTEN_MS, idleMs / 3);
      const wait = lastSent + every - options.now();
      // A tap inside the interval is told at its end, not dropped: it may be the last one
      // before a pause, and the agent would count the pause from the tap before it.
      if (wait <= 0) send();
      else pending = setTimeout(send, wait);
    },
    stop,
  };
}
