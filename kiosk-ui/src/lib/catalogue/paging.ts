import type { PlainKey } from '../i18n/catalogue.js';
import type { Language } from '../i18n/languages.js';
import { translate } from '../i18n/translate.js';
import { VOLUMES } from '../speech-volumes.js';
import {
  COLUMN_MM,
  GROW_CAP,
  NARROWEST_GLASS_MM,
  TARGET_MM,
  TEXT_MM,
  textFactor,
} from '../styles/text-sizes.js';
import { fontEms } from '../styles/text-width.js';

/**
 * Long lists page instead of scrolling (docs/accessibility.md, "Touch"): every list screen
 * fits the glass at every text size, with large 上一页 / 下一页 buttons. The page size follows
 * from the room the screen leaves its list: the glass's height in millimetres less what stands
 * around the list on that screen at that text size (every size on the kiosk is set in
 * millimetres and grows with the text: ../styles/text-sizes.ts, kiosk.css).
 */

/**
 * A list's rows in millimetres at text factor 1: RowList.svelte and the catalogue's tiles draw
 * them at exactly this height and gap.
 */
export const LIST_LAYOUT_MM = {
  /** One row: a button of one line of large text, at least the 20 mm target. */
  row: 24,
  /** Between rows, at least the 2.5 mm spacing of the bar. */
  rowGap: 4,
} as const;

/**
 * What kiosk.css and the screens' own styles put around a list, in millimetres (at text factor
 * 1 where they grow with the text): upper bounds of what is drawn, so a page may end a little
 * early but never reaches below the glass.
 */
const AROUND_MM = {
  /** The page's margin above and below the screen (`main`'s padding). */
  page: 2 * 8,
  /** The header bar's padding and border (components/KioskHeader.svelte). */
  header: 2 * 4 + 0.6,
  /** A button's padding and border above and below its line (kiosk.css `button`). */
  buttonBlock: 2 * 3 + 2 * 0.8,
  /** A button's border beside its words. */
  buttonBorder: 2 * 0.8,
  /** The gap above a screen's row of buttons (kiosk.css `--gap`), and between its buttons. */
  actionsGap: 5,
  buttonGap: 3,
  /** The "page n of m" after the heading's words. */
  pageOfGap: 3,
  /** Above the read-aloud controls' row, beside it, and beside each of its buttons' words. */
  speechRowTop: 3,
  speechRowSides: 2 * 6,
  speechBesideWords: 2 * 6,
} as const;
/** Line heights (kiosk.css): body text and buttons, headings; the gap after a heading, in ems. */
const LINE = { body: 1.45, heading: 1.3, headingGap: 1.3 * 0.6 } as const;

/** A screen's list and what stands around it, for `listPageSize`. */
export interface ListScreen {
  /** The screen's heading (h1) and its "page n of m" where the list has several pages. */
  heading: string;
  pageOf: string;
  /** The step indicator stands above the heading, taking the glass's height (on portrait). */
  stepAbove: boolean;
  /** The buttons under the list, and those added where the list pages (上一页, 下一页). */
  buttons: readonly string[];
  pagerButtons: readonly string[];
  /**
   * `nav` is NavRow.svelte: one row, 3 mm beside each button's words. `wrap` is a row of
   * buttons with kiosk.css's 6 mm beside their words where they fit the column's width,
   * otherwise the pager's buttons on a second row (ChooseService.svelte).
   */
  buttonRow: 'nav' | 'wrap';
}

/** The column's width for the screen's words: `--content-width` less the page's margins. */
const columnMm = (factor: number) => COLUMN_MM * Math.min(factor, GROW_CAP) - AROUND_MM.page;

/** A button's height: the target, or its line of body text with padding where that is taller. */
const buttonMm = (factor: number) =>
  Math.max(TARGET_MM * factor, TEXT_MM.body * factor * LINE.body + AROUND_MM.buttonBlock);

/** The header bar: its buttons stop growing at the grow cap (components/KioskHeader.svelte). */
const headerMm = (factor: number) => AROUND_MM.header + buttonMm(Math.min(factor, GROW_CAP));

/** The step indicator's line of secondary text and the gap after it. */
const stepMm = (factor: number) =>
  TEXT_MM.body * Math.min(factor, GROW_CAP) * (LINE.body + LINE.headingGap);

function headingMm(screen: ListScreen, factor: number, paged: boolean): number {
  const size = TEXT_MM.extraLarge * factor;
  // The heading is bold; a space stands between its words and "page n of m".
  const words = fontEms(paged ? `${screen.heading} ` : screen.heading, 700) * size;
  const pageOf = paged
    ? AROUND_MM.pageOfGap + fontEms(screen.pageOf, 400) * TEXT_MM.body * factor
    : 0;
  const lines = Math.max(1, Math.ceil((words + pageOf) / columnMm(factor)));
  return size * (lines * LINE.heading + LINE.headingGap);
}

function buttonsMm(screen: ListScreen, factor: number, paged: boolean): number {
  const labels = paged ? [...screen.buttons, ...screen.pagerButtons] : screen.buttons;
  const beside = screen.buttonRow === 'nav' ? 2 * 3 : 2 * 6;
  const width = labels.reduce(
    (sum, label) =>
      sum + fontEms(label, 400) * TEXT_MM.body * factor + beside + AROUND_MM.buttonBorder,
    AROUND_MM.buttonGap * (labels.length - 1),
  );
  const rows = screen.buttonRow === 'wrap' && paged && width > columnMm(factor) ? 2 : 1;
  return AROUND_MM.actionsGap + rows * buttonMm(factor) + (rows - 1) * AROUND_MM.buttonGap;
}

/**
 * A row of buttons that share the column by their words (ServiceGuide.svelte's actions): how many
 * rows `labels` take so that each keeps its words at body size, one or, where they do not fit
 * beside each other, two (the last on its own row), and the height the second row adds.
 */
export function actionRows(
  labels: readonly string[],
  factor: number,
): { rows: 1 | 2; extraMm: number } {
  const beside = 2 * 6 + AROUND_MM.buttonBorder;
  const width = labels.reduce(
    (sum, label) => sum + fontEms(label, 400) * TEXT_MM.body * factor + beside,
    ACTIONS_GAP_MM * (labels.length - 1),
  );
  return width <= columnMm(factor)
    ? { rows: 1, extraMm: 0 }
    : { rows: 2, extraMm: ACTIONS_GAP_MM + buttonMm(factor) };
}

/** Between the buttons of a screen's actions, and between their rows (ServiceGuide.svelte). */
const ACTIONS_GAP_MM = 4;

/** The room a screen leaves its list on a glass `heightMm` tall. */
function roomMm(heightMm: number, factor: number, screen: ListScreen, paged: boolean): number {
  const step = screen.stepAbove ? stepMm(factor) : 0;
  const around =
    AROUND_MM.page +
    headerMm(factor) +
    step +
    headingMm(screen, factor, paged) +
    buttonsMm(screen, factor, paged);
  return heightMm - around;
}

/**
 * The row of read-aloud controls (components/SpeechControls.svelte), whose buttons say `labels`,
 * in millimetres: the room above the row and its buttons, which grow with the text without a cap
 * and wrap onto another row where they do not fit beside each other. The row stands only on
 * portrait, across the glass, so the narrowest glass is a lower bound of its width.
 */
export function speechRowMm(factor: number, labels: readonly string[]): number {
  const width = NARROWEST_GLASS_MM - AROUND_MM.speechRowSides;
  let rows = 1;
  let used = 0;
  for (const label of labels) {
    const button = Math.max(
      TARGET_MM * factor,
      fontEms(label, 400) * TEXT_MM.body * factor +
        AROUND_MM.speechBesideWords +
        AROUND_MM.buttonBorder,
    );
    const beside = used + AROUND_MM.buttonGap + button;
    if (used > 0 && beside > width) rows++;
    used = used > 0 && beside <= width ? beside : button;
  }
  return AROUND_MM.speechRowTop + rows * buttonMm(factor) + (rows - 1) * AROUND_MM.buttonGap;
}

/** What the page sizes of every flow need to know of the glass and the resident's settings. */
export interface Glass {
  /** The glass's visible height in millimetres. */
  screenHeightMm: number;
  /** The glass stands portrait: the read-aloud controls stand in a row above the screen. */
  portrait: boolean;
  readAloud: boolean;
  textScale: number;
  language: Language;
}

/**
 * The glass's height left to a screen under the header's row: on portrait with read-aloud on,
 * the row of read-aloud controls stands between the header and the screen and takes its height;
 * on landscape they stand in the margin beside the screen (docs/accessibility.md, "Screen
 * profiles").
 */
export function screenRoomMm(glass: Glass): number {
  if (!glass.portrait || !glass.readAloud) return glass.screenHeightMm;
  const say = (key: PlainKey) => translate(glass.language, key);
  const widest = (words: string[]) =>
    words.reduce((a, b) => (fontEms(b, 400) > fontEms(a, 400) ? b : a));
  // 暂停 and 继续 take turns on one button, and so do the volume's levels: the widest of each.
  const pauseOrResume = widest([say('speechControls.pause'), say('speechControls.resume')]);
  const volume = widest(
    VOLUMES.map(({ name }) =>
      translate(glass.language, 'speechControls.volume', { level: say(name) }),
    ),
  );
  const labels = [pauseOrResume, say('speechControls.repeat'), say('speechControls.stop'), volume];
  return glass.screenHeightMm - speechRowMm(textFactor(glass.textScale), labels);
}

/** How many rows fit `roomMm` at text factor `factor`; at least one. */
export function rowsFitting(roomMm: number, factor: number): number {
  const { row, rowGap } = LIST_LAYOUT_MM;
  // n rows take n * row + (n - 1) * gap.
  return Math.max(1, Math.floor((roomMm + rowGap * factor) / ((row + rowGap) * factor)));
}

/**
 * How many of a list's `items` rows a page of `screen` holds on a glass `heightMm` tall at text
 * factor `factor`: all of them where they fit without paging, else as many as fit beside the
 * page buttons and "page n of m".
 */
export function listPageSize(
  heightMm: number,
  factor: number,
  screen: ListScreen,
  items: number,
): number {
  const unpaged = rowsFitting(roomMm(heightMm, factor, screen, false), factor);
  if (unpaged >= items) return unpaged;
  return rowsFitting(roomMm(heightMm, factor, screen, true), factor);
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
