/**
 * Long lists page instead of scrolling (docs/accessibility.md, "Touch"): every list screen
 * fits the glass at every text size, with large 上一页 / 下一页 buttons. The page size follows
 * from the screen's height in millimetres and the text size step, because every size on the
 * kiosk is set in millimetres and grows with the text (kiosk.css).
 */

/**
 * The layout of a list screen in millimetres at text factor 1: the list rows, and what stands
 * around them. ListPage.svelte draws rows at exactly this height; the rest are upper bounds of
 * what the header, the heading and the pager buttons take.
 */
export const LIST_LAYOUT_MM = {
  /** One row: a button of one line of large text, at least the 20 mm target. */
  row: 24,
  /** Between rows, at least the 2.5 mm spacing of the bar. */
  rowGap: 4,
  /** Header bar, screen heading and the pager row, each growing with the text. */
  scaledChrome: 30 + 36 + 30,
  /** The page's margins, which do not grow with the text. */
  fixedChrome: 24,
} as const;

/** How many rows fit on a screen `heightMm` tall at text factor `textFactor`; at least one. */
export function listPageSize(heightMm: number, textFactor: number): number {
  const { row, rowGap, scaledChrome, fixedChrome } = LIST_LAYOUT_MM;
  const free = heightMm - fixedChrome - scaledChrome * textFactor;
  // n rows take n * row + (n - 1) * gap.
  return Math.max(1, Math.floor((free + rowGap) / ((row + rowGap) * textFactor)));
}

export interface Page<T> {
  items: T[];
  /** Zero-based, clamped into the list: a text size change may leave fewer pages. */
  index: number;
  count: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

/** Page `index` of `items` in pages of `size`; an empty list is one empty page. */
export function pageOf<T>(items: readonly T[], index: number, size: number): Page<T> {
  const perPage = Math.max(1, Math.floor(size));
  const count = Math.max(1, Math.ceil(items.length / perPage));
  const clamped = Math.min(Math.max(0, Math.floor(index)), count - 1);
  return {
    items: items.slice(clamped * perPage, (clamped + 1) * perPage),
    index: clamped,
    count,
    hasPrevious: clamped > 0,
    hasNext: clamped < count - 1,
  };
}
