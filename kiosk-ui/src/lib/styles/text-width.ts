/**
 * How wide a text stands on one line, in ems of its font: a CJK character takes one em, any other
 * character a little over half (bold Latin in Noto Sans averages about 0.55 em). An estimate
 * for choosing a layout before the text is drawn, not a measurement.
 */
export const textEms = (text: string): number =>
  [...text].reduce((n, c) => n + (/[\u2E80-\uFFEF]/u.test(c) ? 1 : 0.55), 0);
