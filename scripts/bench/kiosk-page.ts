/**
 * What the kiosk-paint benchmark (kiosk-paint.ts) runs inside the kiosk's page: the taps' own
 * timing (the first frame after the DOM changed), Event Timing as the page sees it, and the home
 * screen's first paint (docs/benchmarks.md, "Kiosk in the browser").
 */

/** What the instrumenting script keeps on the page's global object (scripts run in the page see it). */
export interface BenchWindow {
  benchTaps: {
    kind: string;
    from: string;
    to?: string;
    round: number;
    start: number;
    end?: number;
    endPosted?: number;
  }[];
  benchKind?: string;
  benchRound?: number;
  benchEvents: { kind: string; interactionId: number; duration: number }[];
  benchHomePainted?: number;
}

/**
 * Runs in the page before its own scripts; plain JavaScript text, because tsx would add
 * helpers to a compiled function that the page does not have. The tap's time ends in a task
 * posted from the first animation frame after the DOM changed: that task runs once the frame
 * is painted. Event Timing (`duration`: input to the next paint after the handlers) is kept
 * beside it; Chromium reports only interactions of 16 ms and more.
 */
export const instrumentPage = (origin: string) => `
(() => {
  const taps = (window.benchTaps = []);
  const events = (window.benchEvents = []);
  // The first task after the frame: user-blocking priority runs ahead of the timers, fetch
  // replies and other tasks the page has queued by then. Beside it, as measured before
  // (docs/benchmarks.md, "Fifth pass"), a normal-priority posted task, which the scheduler may
  // run after those.
  // One channel for the whole run: making a channel in the frame's callback cost 0.1 ms of the
  // measured frame at 1x.
  const channel = new MessageChannel();
  const posted = [];
  channel.port1.onmessage = () => posted.shift()?.(performance.now());
  const afterPaint = (done, donePosted) =>
    requestAnimationFrame(() => {
      if (globalThis.scheduler?.postTask) {
        scheduler.postTask(() => done(performance.now()), { priority: 'user-blocking' });
      }
      posted.push((at) => {
        if (!globalThis.scheduler?.postTask) done(at);
        donePosted?.(at);
      });
      channel.port2.postMessage(0);
    });
  let pending;
  let changed = false;
  const screen = () => document.querySelector('[data-screen]')?.dataset.screen ?? 'none';
  addEventListener(${JSON.stringify(origin)}, (event) => {
    pending = {
      kind: window.benchKind ?? 'other', round: window.benchRound ?? 0, from: screen(),
      start: event.timeStamp,
    };
    changed = false;
    taps.push(pending);
  }, { capture: true });
  const kindAt = new Map();
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.interactionId) continue;
      const tap = taps.find((t) => Math.abs(t.start - entry.startTime) < 1);
      if (tap) kindAt.set(entry.interactionId, tap.kind);
      const kind = kindAt.get(entry.interactionId) ?? 'other';
      events.push({ kind, interactionId: entry.interactionId, duration: entry.duration });
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  const watchTaps = () =>
    new MutationObserver(() => {
      const tap = pending;
      if (!tap || changed) return;
      changed = true;
      afterPaint(
        (at) => {
          tap.end = at;
          tap.to = screen();
          if (tap.endPosted !== undefined) pending = undefined;
        },
        (at) => {
          tap.endPosted = at;
          if (tap.end !== undefined) pending = undefined;
        },
      );
    }).observe(document.documentElement, {
      subtree: true, childList: true, characterData: true, attributes: true,
    });
  // The home screen's first paint is watched from the start, taps once the app is up.
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-screen="home"]')) return;
    observer.disconnect();
    afterPaint((at) => (window.benchHomePainted ??= at));
    watchTaps();
  }).observe(document, { subtree: true, childList: true, attributes: true });
})();
`;
