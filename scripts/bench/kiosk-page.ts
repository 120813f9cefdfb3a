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
  /** Resolves with the screen shown once the tap after the `n`th has been timed. */
  benchTapTimed: (n: number) => Promise<string>;
  /** Resolves once the home screen's first paint has been timed. */
  benchHomeTimed: () => Promise<number>;
  /** The screen shown (its `data-screen`). */
  benchScreen: () => string;
  /**
   * The middle of the one enabled button whose name matches, in CSS pixels; what went wrong if
   * none or more.
   */
  benchButton: (
    name: string,
    exact: boolean,
    pattern: boolean,
  ) => { x: number; y: number } | string;
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
  // The bench awaits these rather than polling the page: a poll is a task of the page's that can
  // land between a tap and its frame.
  const waiting = [];
  const timed = () => {
    for (const w of waiting.splice(0)) {
      if (!w.check()) waiting.push(w);
    }
  };
  window.benchTapTimed = (n) =>
    new Promise((resolve) => {
      const check = () => {
        const last = taps.at(-1);
        if (taps.length <= n || last.end === undefined || last.endPosted === undefined) return false;
        resolve(screen());
        return true;
      };
      if (!check()) waiting.push({ check });
    });
  window.benchHomeTimed = () =>
    new Promise((resolve) => {
      const check = () => {
        if (window.benchHomePainted === undefined) return false;
        resolve(window.benchHomePainted);
        return true;
      };
      if (!check()) waiting.push({ check });
    });
  // A button by its name, as a resident reads it: its aria-label or its words. Found by the page
  // itself, because Playwright's locators install listeners of their own for every pointer,
  // mouse and click event in the page, which would run inside every measured tap.
  const words = (text) => text.replace(/\\s+/g, ' ').trim();
  window.benchButton = (name, exact, pattern) => {
    const wanted = pattern ? new RegExp(name) : null;
    const found = [...document.querySelectorAll('button, [role="button"]')].filter((b) => {
      if (b.disabled || b.closest('[inert], [aria-hidden="true"]') || b.getClientRects().length === 0)
        return false;
      const label = words(b.getAttribute('aria-label') ?? b.textContent ?? '');
      if (wanted) return wanted.test(label);
      return exact ? label === name : label.toLowerCase().includes(name.toLowerCase());
    });
    if (found.length !== 1) return found.length + ' buttons named ' + name;
    const box = found[0].getBoundingClientRect();
    if (box.bottom > innerHeight || box.right > innerWidth) return 'the button ' + name + ' is off the screen';
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };
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
  let pressed;
  let changed = false;
  const screen = (window.benchScreen = () =>
    document.querySelector('[data-screen]')?.dataset.screen ?? 'none');
  // What the bench needs to know of a tap is read at the press; the release, the tap's start when
  // the finger rests, only notes its time.
  addEventListener('pointerdown', () => {
    pressed = {
      kind: window.benchKind ?? 'other', round: window.benchRound ?? 0, from: screen(),
    };
  }, { capture: true, passive: true });
  addEventListener(${JSON.stringify(origin)}, (event) => {
    pending = pressed;
    pending.start = event.timeStamp;
    changed = false;
    taps.push(pending);
  }, { capture: true, passive: true });
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
          timed();
        },
        (at) => {
          tap.endPosted = at;
          if (tap.end !== undefined) pending = undefined;
          timed();
        },
      );
    }).observe(document.documentElement, {
      subtree: true, childList: true, characterData: true, attributes: true,
    });
  // The home screen's first paint is watched from the start, taps once the app is up.
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-screen="home"]')) return;
    observer.disconnect();
    afterPaint((at) => {
      window.benchHomePainted ??= at;
      timed();
    });
    watchTaps();
  }).observe(document, { subtree: true, childList: true, attributes: true });
})();
`;
