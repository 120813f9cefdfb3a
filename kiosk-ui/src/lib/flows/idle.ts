import { setup } from 'xstate';
import { headerActions, spoken, type HeaderContext } from './header.js';
import { asFlowAction, type FlowSetup, type HasPart } from './compose.js';
import type { ScreenMeta } from './screen.js';
import { translate } from '../i18n/translate.js';

/**
 * Idle and reset, the same in every flow (docs/architecture.md, "Adding a flow"): one idle timer
 * per step the resident must answer, a spoken and visible warning with one large continue
 * button and at least 30 s to answer, then the way home with a reminder to take the ID card and
 * any slip. A flow gets it by composing the pieces below.
 */
export type IdleEvent =
  /** Raised by the machine on any activity that is not a step change (a header tap, a card). */
  | { type: 'ACTIVITY' }
  /** Raised by the machine when the step's idle timer runs out. */
  | { type: 'IDLE_TIMEOUT' }
  /** The warning's continue button. */
  | { type: 'CONTINUE' }
  /** 首页 / end: the session ends and the kiosk goes home. */
  | { type: 'CANCEL' };

export interface IdleTiming {
  idleTimeoutMs: number;
  /** How long the warning waits for an answer: at least 30 s. */
  warningMs: number;
}

export const DEFAULT_IDLE_TIMING: IdleTiming = { idleTimeoutMs: 120_000, warningMs: 30_000 };

export type EndReason = 'finished' | 'cancelled' | 'timeout';

export interface IdleContext {
  timing: IdleTiming;
  /** When the resident started; null on the home screen, so whoever leaves is reminded once. */
  startedAt: number | null;
  warningsShown: number;
}

/** What the session part of IdleContext goes back to on every way home. */
export const IDLE_SESSION_DEFAULTS = {
  startedAt: null,
  warningsShown: 0,
} as const satisfies Partial<IdleContext>;

/** The warning screen, the same in every flow: put it in the flow's SCREENS table. */
export const IDLE_WARNING_SCREEN = {
  screen: 'idle-warning',
  speech: 'speech.idleWarning',
} as const satisfies ScreenMeta<string>;

/** The hooks idle and reset need, for the flow's `setup({ actions })`; the page provides them. */
export const idleActions = {
  chime: () => {},
  focusHeading: () => {},
  showReminder: () => {},
  sessionEnded: (_: unknown, _params: { reason: EndReason }) => {},
};

/** For the flow's `setup({ delays })`. */
export const idleDelays = {
  idleTimeout: ({ context }: { context: IdleContext }) => context.timing.idleTimeoutMs,
  idleWarning: ({ context }: { context: IdleContext }) => context.timing.warningMs,
};

/** The warning speaks in the resident's language and at their volume, which the header holds. */
type IdleSpeaking = IdleContext & Pick<HeaderContext, 'language' | 'volume'>;

const idle = setup({
  types: { context: {} as IdleSpeaking, events: {} as IdleEvent },
  actions: { ...idleActions, speak: headerActions.speak },
  delays: idleDelays,
});

/** Tells the page the session ended, and why (an action for a transition home). */
export const endSession = (reason: EndReason) =>
  ({ type: 'sessionEnded', params: { reason } }) as const;

// One idle timer per step, restarted by any activity on the step (a header tap too), which an
// `after` transition cannot be without re-entering the step.
const IDLE_TIMER = 'idleTimer';
const cancelIdleTimer = idle.cancel(IDLE_TIMER);
const startIdleTimer = idle.raise(
  { type: 'IDLE_TIMEOUT' },
  { id: IDLE_TIMER, delay: 'idleTimeout' },
);
const remind = idle.enqueueActions(({ context, enqueue }) => {
  if (context.startedAt !== null) enqueue('showReminder');
});
const countWarning = idle.assign({ warningsShown: ({ context }) => context.warningsShown + 1 });
// Visual, audible and spoken even with read-aloud off (WCAG 2.2.1: the resident must notice).
const warn = idle.enqueueActions(({ context, enqueue }) => {
  enqueue('chime');
  const text = translate(context.language, IDLE_WARNING_SCREEN.speech);
  enqueue({ type: 'speak', params: spoken(context, text) });
  enqueue('focusHeading');
});

/**
 * Idle and reset for the flow whose `setup(...)` is `flow`; it must spread `idleActions`,
 * `headerActions` (for `speak`) and `idleDelays` into it, and its context and events extend
 * IdleContext and IdleEvent.
 */
export function idleFor<F extends FlowSetup>(
  _flow: HasPart<
    F,
    IdleSpeaking,
    IdleEvent,
    keyof typeof idleActions | 'speak',
    keyof typeof idleDelays
  >,
) {
  const as = asFlowAction<F>();
  return {
    /** For the entry of a step that waits for the resident (with `stopIdleTimer` on exit). */
    restartIdleTimer: [as(cancelIdleTimer), as(startIdleTimer)],
    stopIdleTimer: as(cancelIdleTimer),
    /** For the `on` of a waiting step, or of the parent of such steps. */
    restartOnActivity: { ACTIVITY: { actions: [as(cancelIdleTimer), as(startIdleTimer)] } },
    /** For the home state's entry: whoever just left is reminded to take their card and slip. */
    remindWhoeverLeft: as(remind),
    /**
     * The warning state: `resume` is where CONTINUE goes (a history state, so the resident is
     * back on their step), `home` the home state, reached on CANCEL or when the warning runs out.
     */
    warningState: ({ resume, home }: { resume: string; home: string }) => ({
      meta: IDLE_WARNING_SCREEN,
      entry: [as(countWarning), as(warn)],
      after: { idleWarning: { target: home, actions: endSession('timeout') } },
      on: {
        CONTINUE: resume,
        CANCEL: { target: home, actions: endSession('cancelled') },
      },
    }),
  };
}
