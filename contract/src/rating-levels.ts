/**
 * 好差评's five levels and their Chinese names, as the kiosk shows them and the monitoring app
 * and its CSV head their columns. Pure code without schemas, so the kiosk imports it
 * (`@bianmin/contract/rating-levels`) as well as the centre.
 */

/** The five labelled levels, best first (非常满意 ... 非常不满意). */
export const RATING_LEVELS = [
  'very-satisfied',
  'satisfied',
  'fair',
  'dissatisfied',
  'very-dissatisfied',
] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export const RATING_LEVEL_LABELS = {
  'very-satisfied': '非常满意',
  satisfied: '满意',
  fair: '基本满意',
  dissatisfied: '不满意',
  'very-dissatisfied': '非常不满意',
} as const satisfies Record<RatingLevel, string>;
