import { assign, fromPromise, setup } from 'xstate';
import type { Rating, RatingLevel, RatingReason } from '../../agent/types.js';
import { headerActions, headerDelays, headerFor, settingsOf } from '../header.js';
import { idleActions, idleDelays, idleFor } from '../idle.js';
import { stepFor } from '../step.js';
import {
  DEFAULT_RATE_TIMING,
  RATE_DEFAULTS,
  type RateContext,
  type RateEvent,
  type RateInput,
} from './context.js';
import { reasonsFor } from './reasons.js';
import { SCREENS, type RateMeta } from './screens.js';

/** Toggles a chip: tapped once it is chosen, tapped again it is not. */
export function toggled(reasons: RatingReason[], reason: RatingReason): RatingReason[] {
  return reasons.includes(reason) ? reasons.filter((r) => r !== reason) : [...reasons, reason];
}

const flow = setup({
  types: {
    context: {} as RateContext,
    events: {} as RateEvent,
    input: {} as RateInput,
    meta: {} as RateMeta,
  },
  actors: {
    // The page provides the agent's call; tests provide fakes.
    submitRating: fromPromise<undefined, Rating>(async () => {
      throw new Error('submitRating is not provided');
    }),
  },
  actions: { ...headerActions, ...idleActions },
  guards: {
    offered: ({ context }, reason: RatingReason) =>
      context.level !== null && reasonsFor(context.level).includes(reason),
  },
  delays: {
    ...headerDelays,
    ...idleDelays,
    thanks: ({ context }) => context.timing.thanksMs,
  },
});

const header = headerFor(flow);
const idle = idleFor(flow);

/** A step that waits for the resident; when its timer runs out the flow ends, unrated. */
const step = stepFor(header, idle);

const rating = ({ context }: { context: RateContext }): Rating => ({
  serviceId: context.serviceId,
  level: context.level as RatingLevel,
  reasons: context.reasons,
  outcome: context.outcome,
});

/**
 * 好差评 after a service: five labelled levels, optional reasons, never forced. 跳过, 首页 and
 * the idle timer each end it without a rating; only 提交评价 sends one (docs/architecture.md,
 * "Ratings").
 */
export const rateMachine = flow.createMachine({
  id: 'rate',
  context: ({ input }) => ({
    ...RATE_DEFAULTS,
    serviceId: input.serviceId,
    outcome: input.outcome,
    timing: { ...DEFAULT_RATE_TIMING, ...input.timing },
    ...settingsOf(input),
  }),
  initial: 'chooseLevel',
  on: {
    ...header.transitions,
    CANCEL: '.done',
  },
  states: {
    chooseLevel: {
      ...step(SCREENS.chooseLevel),
      on: {
        CHOOSE_LEVEL: {
          target: 'chooseReasons',
          // Reasons belong to a level: a new level starts with none chosen.
          actions: assign({ level: ({ event }) => event.level, reasons: [] }),
        },
        SKIP: 'done',
        IDLE_TIMEOUT: 'done',
        ...idle.restartOnActivity,
      },
    },
    chooseReasons: {
      ...step(SCREENS.chooseReasons),
      on: {
        TOGGLE_REASON: {
          guard: { type: 'offered', params: ({ event }) => event.reason },
          actions: [
            assign({ reasons: ({ context, event }) => toggled(context.reasons, event.reason) }),
            flow.raise({ type: 'ACTIVITY' }),
          ],
        },
        SUBMIT: 'submitting',
        BACK: 'chooseLevel',
        SKIP: 'done',
        IDLE_TIMEOUT: 'done',
        ...idle.restartOnActivity,
      },
    },
    // The thank-you shows at once; the resident is thanked whether or not the agent took it,
    // since a lost rating is not theirs to deal with.
    submitting: {
      meta: SCREENS.thanks,
      entry: [header.announceScreen(SCREENS.thanks), 'focusHeading'],
      invoke: {
        id: 'submitRating',
        src: 'submitRating',
        input: rating,
        onDone: 'thanks',
        onError: 'thanks',
      },
      on: { DONE: 'done' },
    },
    thanks: {
      meta: SCREENS.thanks,
      after: { thanks: 'done' },
      on: { DONE: 'done' },
    },
    done: { type: 'final' },
  },
});
