import type { ScreenMeta } from '../screen.js';

/**
 * The rate flow's screens (docs/architecture.md, "Ratings"): the level, the optional reasons
 * and the thank-you. It has no idle warning: a rating is never asked for twice, so when its
 * idle timer runs out the flow simply ends without one.
 */
export const SCREENS = {
  chooseLevel: {
    screen: 'rate-level',
    // Names the five levels (./reasons.ts) in their order.
    speech: 'speech.rateLevel',
  },
  chooseReasons: {
    screen: 'rate-reasons',
    speech: 'speech.rateReasons',
  },
  thanks: { screen: 'rate-thanks', speech: 'speech.rateThanks' },
} as const satisfies Record<string, ScreenMeta<string>>;

export type RateScreen = (typeof SCREENS)[keyof typeof SCREENS]['screen'];
export type RateMeta = ScreenMeta<RateScreen>;
