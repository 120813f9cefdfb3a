/** What moving focus to a new screen needs of the page; `document` in the kiosk. */
export interface FocusDocument {
  readonly activeElement: Element | null;
  readonly body: HTMLElement | null;
  querySelector<E extends Element = Element>(selectors: string): E | null;
}

/** Runs a callback once the frame being prepared has been painted. */
export type AfterPaint = (then: () => void) => void;

/**
 * In the browser: a task posted from the next animation frame runs after that frame's paint. A
 * hidden page paints no frames, so there it is the next task, after the screen's update.
 */
export const afterNextPaint: AfterPaint = (then) => {
  if (document.visibilityState === 'hidden') setTimeout(then);
  else requestAnimationFrame(() => setTimeout(then));
};

const SCREEN = 'main';
const HEADING = 'main h1';

/**
 * A new screen takes focus on its heading, so screen readers announce it.
 * Two things keep the tap fast on a slow board (docs/benchmarks.md, "Kiosk in the browser"):
 * the tapped control gives up focus before its screen is taken down, because Chromium removes a
 * subtree that holds the focused element several times slower; and the heading is focused after
 * the new screen is painted, so the style and layout that `focus()` forces are not inside the
 * tap's task. Whatever took focus meanwhile (an error summary) keeps it.
 */
export function focusNewScreen(doc: FocusDocument, afterPaint: AfterPaint = afterNextPaint): void {
  const tapped = doc.activeElement;
  const screen = doc.querySelector(SCREEN);
  if (tapped && screen?.contains(tapped) && 'blur' in tapped) (tapped as HTMLElement).blur();
  const before = doc.activeElement;
  afterPaint(() => {
    const now = doc.activeElement;
    if (now !== before && now !== null && now !== doc.body) return;
    doc.querySelector<HTMLElement>(HEADING)?.focus();
  });
}
