import { Type, type Static } from 'typebox';
import { Token, closed, oneOf } from '../schema.js';
import { RATING_LEVELS } from '../rating-levels.js';

/**
 * 好差评: a resident's rating of a service, from the kiosk to the agent's outbox and on to the
 * centre as the `rating.submitted` usage event. It names the service, never the resident.
 */

export { RATING_LEVELS, RATING_LEVEL_LABELS, type RatingLevel } from '../rating-levels.js';

/** The reason chips a resident may add; which are offered depends on the level (the kiosk's). */
export const RATING_REASONS = [
  'quick',
  'clear-guide',
  'easy-to-use',
  'helpful-staff',
  'long-wait',
  'hard-to-use',
  'text-too-small',
  'unclear-guide',
  'device-fault',
  'staff-attitude',
] as const;
export type RatingReason = (typeof RATING_REASONS)[number];

/**
 * How the journey ended: a ticket was issued, a guide was read to its last page, the
 * resident left by 首页 part-way through a service (docs/architecture.md, "Ratings"), or an
 * application was submitted (docs/flows.md, "Apply").
 */
export const RATING_OUTCOMES = [
  'ticket-issued',
  'guide-read',
  'left-midway',
  'application-submitted',
  /** Asked for by the counter that served the resident (the console's 请评价, a caller's key). */
  'served-at-counter',
] as const;
export type RatingOutcome = (typeof RATING_OUTCOMES)[number];

export const RatingSchema = closed({
  /** The catalogue service or queue rated. */
  serviceId: Token,
  level: oneOf(RATING_LEVELS),
  reasons: Type.Array(oneOf(RATING_REASONS), {
    maxItems: RATING_REASONS.length,
    uniqueItems: true,
  }),
  outcome: oneOf(RATING_OUTCOMES),
});
export type Rating = Static<typeof RatingSchema>;
