import type { PlainKey } from '../i18n/catalogue.js';

/**
 * The kiosk's text sizes, said once (docs/accessibility.md, "Text and contrast" and "Screen
 * profiles"). Millimetres on the glass at 标准; each text-size step multiplies them by its factor.
 * kiosk.css derives every size from the custom properties of `SIZE_PROPERTIES`, which the layout
 * sets on the root, and the page-size estimates (paging, guide pages, category columns) read the
 * same numbers here.
 */

/** Text at 标准 in mm: body, large (h2, list rows), extra large (h1), and the ticket's number. */
export const TEXT_MM = { body: 10.5, large: 13, extraLarge: 16, number: 40 } as const;

/** The height of a primary action at 标准 in mm (the bar is 15-20 mm). */
export const TARGET_MM = 20;

/** The screen's column at 标准 in mm (kiosk.css `--content-width`). */
export const COLUMN_MM = 240;

/**
 * The narrowest glass in mm: the portrait profile, 1080 CSS px at 0.369 mm (lib/screen-profile.ts).
 * The column at its widest fits it, and on portrait the row of read-aloud controls spans it.
 */
export const NARROWEST_GLASS_MM = 1080 * 0.369;

/**
 * The factor up to which the column, secondary text, the header and the ticket's number grow
 * with the text: between 大 and 特大, so the screen's own words keep the room on the glass.
 */
export const GROW_CAP = 1.25;

/** At least four text sizes (MIIT); the first is already elder-friendly. `name` is its message. */
export const TEXT_SCALES = [
  { name: 'textSize.standard', factor: 1 },
  { name: 'textSize.large', factor: 1.15 },
  { name: 'textSize.extraLarge', factor: 1.3 },
  { name: 'textSize.largest', factor: 1.5 },
] as const satisfies readonly { name: PlainKey; factor: number }[];

/** The factor of text-size step `index`; 标准's for an index out of range. */
export const textFactor = (index: number): number => TEXT_SCALES[index]?.factor ?? 1;

/**
 * kiosk.css's inputs, set on the root by the layout: the sizes above as numbers of mm, and the
 * steps' factors some controls stop growing at (`--factor-large` is 大's, `--factor-larger` 特大's).
 */
export const SIZE_PROPERTIES: Readonly<Record<string, string>> = {
  '--text-base-mm': String(TEXT_MM.body),
  '--text-l-base-mm': String(TEXT_MM.large),
  '--text-xl-base-mm': String(TEXT_MM.extraLarge),
  '--text-number-base-mm': String(TEXT_MM.number),
  '--target-base-mm': String(TARGET_MM),
  '--column-mm': String(COLUMN_MM),
  '--grow-cap': String(GROW_CAP),
  '--factor-large': String(TEXT_SCALES[1].factor),
  '--factor-larger': String(TEXT_SCALES[2].factor),
};
