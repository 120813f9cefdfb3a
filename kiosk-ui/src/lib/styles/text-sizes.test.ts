import { describe, expect, it } from 'vitest';
import {
  COLUMN_MM,
  GROW_CAP,
  NARROWEST_GLASS_MM,
  SIZE_PROPERTIES,
  TARGET_MM,
  TEXT_MM,
  TEXT_SCALES,
  textFactor,
} from './text-sizes.js';

/** The bar of docs/accessibility.md, "Text and contrast" and "Touch", in mm on the glass. */
const BAR = {
  /** Body text's cap height (about 0.7 em) subtends 0.7 degrees at 600 mm: 7.3 mm. */
  capHeight: 7.3,
  capHeightPerEm: 0.7,
  /** Primary actions 15-20 mm tall. */
  target: [15, 20],
} as const;

const factors = TEXT_SCALES.map((s) => s.factor);

describe('text sizes', () => {
  it('has at least four steps, the first 标准, each larger than the one before', () => {
    expect(factors.length).toBeGreaterThanOrEqual(4);
    expect(factors[0]).toBe(1);
    for (const [i, factor] of factors.entries()) {
      if (i > 0) expect(factor).toBeGreaterThan(factors[i - 1]!);
    }
  });

  it('keeps body text above the cap-height bar at 标准, and every text size above body text', () => {
    expect(TEXT_MM.body * BAR.capHeightPerEm).toBeGreaterThanOrEqual(BAR.capHeight);
    for (const size of Object.values(TEXT_MM)) expect(size).toBeGreaterThanOrEqual(TEXT_MM.body);
    expect(TEXT_MM.large).toBeLessThan(TEXT_MM.extraLarge);
  });

  it('lets what stops growing at the grow cap grow with the text first, never shrink below 标准', () => {
    expect(GROW_CAP).toBeGreaterThan(1);
    expect(GROW_CAP).toBeLessThanOrEqual(factors.at(-1)!);
    for (const factor of factors) {
      const capped = Math.min(factor, GROW_CAP);
      expect(TEXT_MM.body * capped * BAR.capHeightPerEm).toBeGreaterThanOrEqual(BAR.capHeight);
      expect(TARGET_MM * capped).toBeGreaterThanOrEqual(BAR.target[0]);
    }
  });

  it('makes a primary action 15-20 mm at 标准', () => {
    expect(TARGET_MM).toBeGreaterThanOrEqual(BAR.target[0]);
    expect(TARGET_MM).toBeLessThanOrEqual(BAR.target[1]);
  });

  it('keeps the column inside the narrowest glass at its widest', () => {
    expect(COLUMN_MM * GROW_CAP).toBeLessThan(NARROWEST_GLASS_MM);
  });

  it('gives kiosk.css the same numbers', () => {
    expect(Number(SIZE_PROPERTIES['--text-base-mm'])).toBe(TEXT_MM.body);
    expect(Number(SIZE_PROPERTIES['--text-l-base-mm'])).toBe(TEXT_MM.large);
    expect(Number(SIZE_PROPERTIES['--text-xl-base-mm'])).toBe(TEXT_MM.extraLarge);
    expect(Number(SIZE_PROPERTIES['--text-number-base-mm'])).toBe(TEXT_MM.number);
    expect(Number(SIZE_PROPERTIES['--target-base-mm'])).toBe(TARGET_MM);
    expect(Number(SIZE_PROPERTIES['--column-mm'])).toBe(COLUMN_MM);
    expect(Number(SIZE_PROPERTIES['--grow-cap'])).toBe(GROW_CAP);
    expect(Number(SIZE_PROPERTIES['--factor-large'])).toBe(factors[1]);
    expect(Number(SIZE_PROPERTIES['--factor-larger'])).toBe(factors[2]);
  });

  it("reads a step's factor, and 标准's for a step that does not exist", () => {
    expect(textFactor(3)).toBe(factors[3]);
    expect(textFactor(9)).toBe(1);
  });
});
