import { expect, test, type Page } from '@playwright/test';

/**
 * The two kinds of terminal and their pixel pitch (kiosk-ui/src/lib/screen-profile.ts,
 * docs/accessibility.md "Screen profiles"): the page picks the profile from its orientation.
 */
export const PROFILES = {
  landscape: { viewport: { width: 1920, height: 1080 }, mmPerPx: 0.248, label: '21.5" 1920x1080' },
  portrait: { viewport: { width: 1080, height: 1920 }, mmPerPx: 0.369, label: '32" 1080x1920' },
} as const;
export type ProfileName = keyof typeof PROFILES;

/** The millimetre bar of docs/accessibility.md, in millimetres on the glass. */
const BAR_MM = {
  /** Body text whose cap height (about 0.7 em) subtends 0.7 degrees at 600 mm (EN 301 549). */
  bodyFont: 7.3 / 0.7,
  /** Every target at least 9.5 mm (MIIT); primary actions 15-20 mm tall. */
  targetWidth: 9.5,
  targetHeight: 15,
  /** Between targets. */
  spacing: 2.5,
} as const;

/** The resident's controls: header, read-aloud controls and screen, not the development panel. */
const CONTROLS = '.kiosk > :not(aside) button, .kiosk > :not(aside) [role="radio"]';

export interface Measured {
  bodyFontMm: number;
  /** The smallest font of any visible text on the resident's part of the page. */
  smallestFont: { mm: number; text: string };
  targets: { label: string; widthMm: number; heightMm: number }[];
  /** The closest two targets come to each other, edge to edge. */
  closest: { mm: number; between: string } | null;
  /** How far the resident's part reaches below and beside the glass (px; <= 0 fits). */
  overflowBottomPx: number;
  overflowRightPx: number;
}

/** Computed sizes on the glass, in millimetres of `mmPerPx`. */
export async function measure(page: Page, mmPerPx: number): Promise<Measured> {
  const raw = await page.evaluate((selector) => {
    const visible = (e: Element) => {
      const box = e.getBoundingClientRect();
      const style = getComputedStyle(e);
      return box.width > 1 && box.height > 1 && style.visibility !== 'hidden';
    };
    const resident = Array.from(document.querySelectorAll('.kiosk > :not(aside)')).flatMap((e) => [
      e,
      ...Array.from(e.querySelectorAll('*')),
    ]);
    const texts = resident
      .filter((e) => visible(e))
      .filter((e) =>
        Array.from(e.childNodes).some(
          (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '',
        ),
      )
      .map((e) => ({
        px: parseFloat(getComputedStyle(e).fontSize),
        text: (e.textContent ?? '').trim().slice(0, 24),
      }));
    const controls = Array.from(document.querySelectorAll(selector))
      .filter((e) => visible(e))
      .map((e) => {
        const r = e.getBoundingClientRect();
        const label = (e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 24);
        return { label, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      });
    const boxes = resident.filter((e) => visible(e)).map((e) => e.getBoundingClientRect());
    return {
      bodyPx: parseFloat(getComputedStyle(document.body).fontSize),
      texts,
      controls,
      // In the document, not the viewport: a click below the glass may have scrolled it.
      bottom: Math.max(...boxes.map((b) => b.bottom)) + window.scrollY,
      right: Math.max(...boxes.map((b) => b.right)) + window.scrollX,
      view: { width: window.innerWidth, height: window.innerHeight },
    };
  }, CONTROLS);
  const mm = (px: number) => px * mmPerPx;
  const smallest = raw.texts.reduce((a, b) => (b.px < a.px ? b : a), raw.texts[0]!);
  let closest: Measured['closest'] = null;
  for (const [i, a] of raw.controls.entries()) {
    for (const b of raw.controls.slice(i + 1)) {
      // Nested targets (a radio's row holding its own label) are one target.
      const overlaps = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      if (overlaps) continue;
      const dx = Math.max(0, b.left - a.right, a.left - b.right);
      const dy = Math.max(0, b.top - a.bottom, a.top - b.bottom);
      const gap = Math.hypot(dx, dy);
      if (!closest || mm(gap) < closest.mm) {
        closest = { mm: mm(gap), between: `"${a.label}" and "${b.label}"` };
      }
    }
  }
  return {
    bodyFontMm: mm(raw.bodyPx),
    smallestFont: { mm: mm(smallest.px), text: smallest.text },
    targets: raw.controls.map((c) => ({
      label: c.label,
      widthMm: mm(c.right - c.left),
      heightMm: mm(c.bottom - c.top),
    })),
    closest,
    overflowBottomPx: raw.bottom - raw.view.height,
    overflowRightPx: raw.right - raw.view.width,
  };
}

/** Text, targets and spacing against the millimetre bar (docs/accessibility.md, "Touch"). */
export function expectMillimetreBar(m: Measured, where: string): void {
  const tolerance = 0.01;
  expect(m.bodyFontMm, `body text on ${where}`).toBeGreaterThanOrEqual(BAR_MM.bodyFont - tolerance);
  expect(m.smallestFont.mm, `"${m.smallestFont.text}" on ${where}`).toBeGreaterThanOrEqual(
    BAR_MM.bodyFont - tolerance,
  );
  for (const t of m.targets) {
    expect(t.heightMm, `height of "${t.label}" on ${where}`).toBeGreaterThanOrEqual(
      BAR_MM.targetHeight - tolerance,
    );
    expect(t.widthMm, `width of "${t.label}" on ${where}`).toBeGreaterThanOrEqual(
      BAR_MM.targetWidth - tolerance,
    );
  }
  if (m.closest) {
    expect(m.closest.mm, `space between ${m.closest.between} on ${where}`).toBeGreaterThanOrEqual(
      BAR_MM.spacing - tolerance,
    );
  }
}

/**
 * Nothing below or beside the glass: no scrolling, on every screen at every text size
 * (docs/accessibility.md, "Screen profiles"). Soft, so one walk reports every screen that does not
 * fit and goes on to the next.
 */
export function expectFits(m: Measured, where: string): void {
  expect.soft(m.overflowBottomPx, `${where} reaches below the glass (px)`).toBeLessThanOrEqual(0);
  expect.soft(m.overflowRightPx, `${where} reaches beside the glass (px)`).toBeLessThanOrEqual(0);
}

/**
 * The read-aloud controls stand clear of the screen's content and of the step indicator, which
 * on landscape shares the margin with them (docs/accessibility.md, "Speech and sound"). Soft, as
 * `expectFits`.
 */
export async function expectSpeechControlsClear(page: Page, where: string): Promise<void> {
  const found = await page.evaluate(() => {
    const box = (e: Element) => {
      const { left, top, right, bottom } = e.getBoundingClientRect();
      return { left, top, right, bottom, label: e.textContent?.trim() ?? '' };
    };
    const group = document.querySelector('.speech[role="group"]');
    const main = document.querySelector('main');
    return {
      controls: group ? Array.from(group.querySelectorAll('button'), box) : [],
      others: [
        ...(main ? [box(main)] : []),
        ...Array.from(document.querySelectorAll('main .step'), box),
      ],
    };
  });
  for (const control of found.controls) {
    for (const other of found.others) {
      const overlap =
        control.left < other.right &&
        other.left < control.right &&
        control.top < other.bottom &&
        other.top < control.bottom;
      expect
        .soft(overlap, `${where}: ${control.label} over "${other.label.slice(0, 20)}"`)
        .toBe(false);
    }
  }
}

/**
 * Saves the screen's picture, as the resident sees it (without the development panel of e2e
 * runs), with the run's artifacts (the output folder, never committed).
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const panel = page.locator('[aria-label="开发面板"]');
  const hide = (display: string) =>
    panel.evaluateAll(
      (all, d) => all.forEach((e) => ((e as HTMLElement).style.display = d)),
      display,
    );
  await hide('none');
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
  await hide('');
}

/** A paged list screen on the glass: its rows, and the room left under its last control. */
export interface MeasuredList {
  rows: number;
  rowMm: number;
  gapMm: number;
  /** A page other than the last (its heading says which page of how many is shown). */
  paged: boolean;
  /** From the screen's last control down to the page's margin at the foot of the glass. */
  spareMm: number;
}

/** The list of the screen on the glass (components/RowList.svelte), in millimetres of `mmPerPx`. */
export async function measureList(page: Page, mmPerPx: number): Promise<MeasuredList> {
  const raw = await page.evaluate(() => {
    const main = document.querySelector('main')!;
    const list = main.querySelector('ul.rows')!;
    const rows = Array.from(list.children);
    const bottom = Math.max(
      ...Array.from(main.querySelectorAll('*')).map((e) => e.getBoundingClientRect().bottom),
    );
    return {
      rows: rows.length,
      rowPx: rows[0]?.getBoundingClientRect().height ?? 0,
      gapPx: parseFloat(getComputedStyle(list).rowGap),
      pageOf: main.querySelector('.page-of')?.textContent ?? '',
      sparePx:
        window.innerHeight +
        window.scrollY -
        bottom -
        parseFloat(getComputedStyle(main).paddingBlockEnd),
    };
  });
  // "第1/2页", "page 1 of 2": the page shown and how many there are.
  const [shown, count] = (/(\d+)\D+(\d+)/.exec(raw.pageOf) ?? []).slice(1).map(Number);
  return {
    rows: raw.rows,
    rowMm: raw.rowPx * mmPerPx,
    gapMm: raw.gapPx * mmPerPx,
    paged: shown !== undefined && count !== undefined && shown < count,
    spareMm: raw.sparePx * mmPerPx,
  };
}

/** The screens whose list pages (components/RowList.svelte). */
export const LIST_SCREENS: ReadonlySet<string> = new Set([
  'choose-service',
  'category-services',
  'search-results',
]);

/**
 * A paged list shows as many rows as fit: the glass left under it is less than one more row
 * and its gap (docs/accessibility.md, "Screen profiles"). Soft, like `expectFits`.
 */
export function expectFullPage(list: MeasuredList, where: string): void {
  if (!list.paged) return;
  const more = list.rowMm + list.gapMm;
  expect
    .soft(list.spareMm, `${where}: ${list.rows} rows leave room for one more (mm)`)
    .toBeLessThan(more);
}
