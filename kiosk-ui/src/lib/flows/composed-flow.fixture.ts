import { assign, setup } from 'xstate';
import {
  HEADER_DEFAULTS,
  headerActions,
  headerDelays,
  headerFor,
  type HeaderContext,
  type HeaderEvent,
} from './header.js';
import {
  DEFAULT_IDLE_TIMING,
  endSession,
  IDLE_SESSION_DEFAULTS,
  IDLE_WARNING_SCREEN,
  idleActions,
  idleDelays,
  idleFor,
  type IdleContext,
  type IdleEvent,
} from './idle.js';
import type { ScreenMeta } from './screen.js';

/**
 * The smallest flow built the way docs/architecture.md ("Adding a flow") says, for the tests of
 * the shared pieces: a home screen and a session of two steps, each waiting for the resident.
 */
const SCREENS = {
  home: { screen: 'home', speech: 'speech.ticketHome' },
  first: { screen: 'first', speech: 'speech.chooseService' },
  // Nothing of its own to say: read-aloud says that it is on.
  second: { screen: 'second' },
  idleWarning: IDLE_WARNING_SCREEN,
} as const satisfies Record<string, ScreenMeta<string>>;

type Screen = (typeof SCREENS)[keyof typeof SCREENS]['screen'];

const flow = setup({
  types: {
    context: {} as HeaderContext & IdleContext,
    events: {} as HeaderEvent | IdleEvent | { type: 'START' } | { type: 'NEXT' },
    meta: {} as ScreenMeta<Screen>,
  },
  actions: {
    ...headerActions,
    ...idleActions,
    wipe: assign({ ...IDLE_SESSION_DEFAULTS, ...HEADER_DEFAULTS }),
    markStart: assign({ startedAt: () => Date.now() }),
  },
  delays: { ...headerDelays, ...idleDelays },
});

const header = headerFor(flow);
const idle = idleFor(flow);

export const composedFlow = flow.createMachine({
  id: 'composed',
  context: { timing: DEFAULT_IDLE_TIMING, ...IDLE_SESSION_DEFAULTS, ...HEADER_DEFAULTS },
  initial: 'home',
  on: header.transitions,
  states: {
    home: {
      meta: SCREENS.home,
      entry: [
        idle.remindWhoeverLeft,
        header.closeStaffWindow,
        'wipe',
        header.announceScreen(SCREENS.home),
        'focusHeading',
      ],
      on: { START: { target: 'session', actions: 'markStart' } },
    },
    session: {
      initial: 'first',
      on: {
        CANCEL: { target: 'home', actions: endSession('cancelled') },
        IDLE_TIMEOUT: '#composed.idleWarning',
        ...idle.restartOnActivity,
      },
      states: {
        first: {
          meta: SCREENS.first,
          entry: [header.announceScreen(SCREENS.first), 'focusHeading', ...idle.restartIdleTimer],
          exit: idle.stopIdleTimer,
          on: { NEXT: 'second' },
        },
        second: {
          meta: SCREENS.second,
          entry: [header.announceScreen(SCREENS.second), 'focusHeading', ...idle.restartIdleTimer],
          exit: idle.stopIdleTimer,
          on: { NEXT: { target: '#composed.home', actions: endSession('finished') } },
        },
        hist: { type: 'history', history: 'shallow' },
      },
    },
    idleWarning: idle.warningState({ resume: 'session.hist', home: 'home' }),
  },
});
