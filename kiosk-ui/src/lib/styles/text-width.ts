/**
 * How wide a text stands on one line, in ems of its font: a CJK character takes one em, any other
 * character `latinEm` (bold Latin in Noto Sans averages about 0.55 em, the default). An estimate
 * for choosing a layout before the text is drawn, not a measurement.
 */
export const textEms = (text: string, latinEm = 0.55): number =>
  [...text].reduce((n, c) => n + (/[\u2E80-\uFFEF]/u.test(c) ? 1 : latinEm), 0);

/** Measures a text in ems of the page's font at a weight. */
export type FontMeasure = (text: string, weight: 400 | 700) => number;

/**
 * Where nothing measures, Latin letters are taken a little wide (regular 0.45-0.51 em measured)
 * and a space at 0.3 em (measured 0.26).
 */
const estimate: FontMeasure = (text, weight) => {
  const spaces = text.length - text.replaceAll(' ', '').length;
  return textEms(text.replaceAll(' ', ''), weight === 700 ? 0.55 : 0.52) + spaces * 0.3;
};
let measure = estimate;
const measured = new Map<string, number>();

/**
 * The page measures with its own font (./font-measure.ts), so a layout chosen from `fontEms`
 * matches what is drawn to the millimetre (a heading and its "page n of m" on one line or two).
 */
export function measureFontWith(measurer: FontMeasure): void {
  measure = measurer;
  measured.clear();
}

/** How wide `text` stands in ems of the page's font at `weight`; estimated until measured. */
export function fontEms(text: string, weight: 400 | 700): number {
  const key = `${weight} ${text}`;
  let ems = measured.get(key);
  if (ems === undefined) {
    ems = measure(text, weight);
    measured.set(key, ems);
  }
  return ems;
}
