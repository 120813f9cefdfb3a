import type { RatingLevel, RatingOutcome, RatingReason } from '../../agent/types.js';
import {
  HEADER_DEFAULTS,
  type HeaderContext,
  type HeaderEvent,
  type HeaderSettings,
} from '../header.js';
import {
  DEFAULT_IDLE_TIMING,
  IDLE_SESSION_DEFAULTS,
  type IdleContext,
  type IdleEvent,
  type IdleTiming,
} from '../idle.js';

/** The rate flow's context and events: what the machine (./machine.ts) runs on. */
export interface RateTiming extends IdleTiming {
  /** How long the thank-you stays before the flow ends by itself. */
  thanksMs: number;
}

export const DEFAULT_RATE_TIMING: RateTiming = { ...DEFAULT_IDLE_TIMING, thanksMs: 5_000 };

/** What is rated: the service and how the journey ended, never who the resident was. */
export interface RateOffer {
  serviceId: string;
  outcome: RatingOutcome;
}

/** Nothing personal: the service, the level and the reasons the resident tapped. */
export interface RateContext extends HeaderContext, IdleContext, RateOffer {
  timing: RateTiming;
  level: RatingLevel | null;
  reasons: RatingReason[];
}

export type RateEvent =
  | { type: 'CHOOSE_LEVEL'; level: RatingLevel }
  | { type: 'TOGGLE_REASON'; reason: RatingReason }
  | { type: 'SUBMIT' }
  /** 跳过: no rating, and no question why. */
  | { type: 'SKIP' }
  | { type: 'BACK' }
  | { type: 'DONE' }
  | HeaderEvent
  | IdleEvent;

/** The resident's settings come with them, as the session had them. */
export interface RateInput extends RateOffer, HeaderSettings {
  timing?: Partial<RateTiming>;
}

export const RATE_DEFAULTS = {
  level: null,
  reasons: [],
  ...IDLE_SESSION_DEFAULTS,
  ...HEADER_DEFAULTS,
} as const satisfies Partial<RateContext>;
