import { assign, setup, type SnapshotFrom } from 'xstate';
import { headerActions, headerDelays, headerFor } from '../header.js';
import { endSession, idleActions, idleDelays, idleFor } from '../idle.js';
import { takeTicketMachine } from '../take-ticket/machine.js';
import type { RateOffer } from '../rate/context.js';
import { rateMachine } from '../rate/machine.js';
import { applyMachine } from '../apply/machine.js';
import { applyRateOffer, applyServiceOf } from '../apply/session.js';
import {
  DEFAULT_TIMING,
  ELDER_PACE,
  ELDER_TEXT_SCALE,
  MAX_QUERY_LETTERS,
  emptySession,
  type Mode,
  type Pages,
  type SessionContext,
  type SessionEvent,
  type SessionInput,
  type SessionTiming,
} from './context.js';
import { SCREENS, type SessionMeta } from './screens.js';
import { DEFAULT_LANGUAGE } from '../../i18n/languages.js';
import {
  categoryPage,
  chosenService,
  guidePage,
  guidePageSpeech,
  listPage,
  listedServices,
  searchResults,
} from './views.js';

type TakeTicketSnapshot = SnapshotFrom<typeof takeTicketMachine>;

const flow = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
    meta: {} as SessionMeta,
    // Each child by the id it is invoked with, so the page gets each one's own type.
    children: {} as { takeTicket: 'takeTicket'; rate: 'rate'; apply: 'apply' },
  },
  actors: {
    // The page provides it with its hooks (the agent's calls); tests may provide a stand-in.
    takeTicket: takeTicketMachine,
    rate: rateMachine,
    apply: applyMachine,
  },
  actions: {
    // The header's and idle's hooks (speech, staff call, chime, focus, reminder, session end).
    ...headerActions,
    ...idleActions,
    wipe: assign(({ context }) => ({ ...emptySession, timing: context.baseTiming })),
    markStart: assign({ startedAt: () => Date.now() }),
    // A hook the UI overrides to tell the agent; it carries no personal data.
    sessionStarted: () => {},
  },
  guards: {
    knownCategory: ({ context }, categoryId: string) =>
      context.catalogue.categories.some((c) => c.id === categoryId),
    listed: ({ context }, serviceId: string) =>
      listedServices(context).some((s) => s.id === serviceId),
    letter: ({ context }, letter: string) =>
      /^[A-Z]$/.test(letter) && context.query.length < MAX_QUERY_LETTERS,
    hasQuery: ({ context }) => context.query !== '',
    hasResults: ({ context }) => searchResults(context).length > 0,
    nextCategoryPage: ({ context }) => categoryPage(context).hasNext,
    previousCategoryPage: ({ context }) => categoryPage(context).hasPrevious,
    nextListPage: ({ context }) => listPage(context).hasNext,
    previousListPage: ({ context }) => listPage(context).hasPrevious,
    nextGuidePage: ({ context }) => guidePage(context).hasNext,
    previousGuidePage: ({ context }) => guidePage(context).hasPrevious,
    offersTicket: ({ context }) => chosenService(context)?.ticketServiceId !== undefined,
    fromSearch: ({ context }) => context.listSource === 'search',
    /** The take-ticket flow came back to its home screen: the resident is done there. */
    ticketFlowHome: ({ context }, child: TakeTicketSnapshot) =>
      context.ticketUnderway && child.matches('home'),
    /** ...having started a service there, so a rating is offered. */
    ticketFlowHomeToRate: ({ context }, child: TakeTicketSnapshot) =>
      context.ticketUnderway && child.matches('home') && context.rateOffer !== null,
    rateOffered: ({ context }) => context.rateOffer !== null,
    offersApplication: ({ context }) => applyServiceOf(context) !== null,
  },
  delays: { ...headerDelays, ...idleDelays },
});

const header = headerFor(flow);
const idle = idleFor(flow);

/** Elder mode: larger text (never smaller than the resident already chose) and more time. */
const slowed = (timing: SessionTiming, mode: Mode): SessionTiming =>
  mode === 'elder'
    ? {
        ...timing,
        idleTimeoutMs: timing.idleTimeoutMs * ELDER_PACE,
        warningMs: timing.warningMs * ELDER_PACE,
      }
    : timing;

const chooseMode = flow.assign(({ context, event }) => {
  if (event.type !== 'CHOOSE_MODE') return {};
  const { mode } = event;
  return {
    mode,
    timing: slowed(context.baseTiming, mode),
    textScale: mode === 'elder' ? Math.max(context.textScale, ELDER_TEXT_SCALE) : context.textScale,
  };
});

/** Turns a page of one screen and counts as activity, so the step's idle timer restarts. */
const turnPage = (key: keyof Pages, by: 1 | -1) => [
  flow.assign({ pages: ({ context }) => ({ ...context.pages, [key]: context.pages[key] + by }) }),
  flow.raise({ type: 'ACTIVITY' }),
];

const resetPage = (...keys: (keyof Pages)[]) =>
  flow.assign({
    pages: ({ context }) => ({ ...context.pages, ...Object.fromEntries(keys.map((k) => [k, 0])) }),
  });

/**
 * A guide is a service started: leaving it by 首页 offers a rating, as read to the end once its
 * last page has been shown (docs/architecture.md, "Ratings").
 */
const offerGuideRating = flow.assign({
  rateOffer: ({ context }) =>
    context.serviceId === null
      ? null
      : {
          serviceId: context.serviceId,
          outcome:
            context.rateOffer?.outcome === 'guide-read' || !guidePage(context).hasNext
              ? 'guide-read'
              : 'left-midway',
        },
});

/**
 * The take-ticket flow's journey as a rating would describe it: once a queue is chosen, a
 * ticket issued or the resident leaving part-way; nothing while its idle warning shows, since
 * whoever does not answer it has gone.
 */
const ticketRateOffer = (child: TakeTicketSnapshot): RateOffer | null => {
  const { serviceId, ticket } = child.context;
  if (serviceId === null || child.matches('idleWarning')) return null;
  return { serviceId, outcome: ticket ? 'ticket-issued' : 'left-midway' };
};

const announceGuidePage = flow.enqueueActions(({ context, enqueue }) => {
  const { language } = context;
  if (context.readAloud) {
    enqueue({ type: 'speak', params: { text: guidePageSpeech(context), language } });
  }
});

/** A step that waits for the resident: announced, focused, and idle-timed. */
const step = (meta: SessionMeta) => ({
  meta,
  entry: [header.announceScreen(meta), 'focusHeading' as const, ...idle.restartIdleTimer],
  exit: idle.stopIdleTimer,
});

/**
 * The resident's settings go with them into the take-ticket flow as the taps that made them,
 * so that flow needs nothing new and its screens show at the size the resident chose.
 */
const handOver = flow.enqueueActions(({ context, enqueue }) => {
  const to = 'takeTicket';
  // Told first, so that flow says it is out of service before the resident starts.
  if (!context.serviceAvailable) {
    enqueue.sendTo(to, { type: 'SERVICE_AVAILABILITY', available: false });
  }
  enqueue.sendTo(to, { type: 'START' });
  if (context.ticketServiceId !== null) {
    enqueue.sendTo(to, { type: 'CHOOSE_SERVICE', serviceId: context.ticketServiceId });
  }
  for (let i = 0; i < context.textScale; i++) enqueue.sendTo(to, { type: 'NEXT_TEXT_SIZE' });
  if (context.readAloud) enqueue.sendTo(to, { type: 'TOGGLE_READ_ALOUD' });
  if (context.theme !== 'default') enqueue.sendTo(to, { type: 'TOGGLE_THEME' });
  if (context.language !== DEFAULT_LANGUAGE) {
    enqueue.sendTo(to, { type: 'SET_LANGUAGE', language: context.language });
  }
});

export const sessionMachine = flow.createMachine({
  id: 'session',
  context: ({ input }) => {
    const timing = { ...DEFAULT_TIMING, ...input.timing };
    return {
      catalogue: input.catalogue,
      queues: input.queues,
      screenHeightMm: input.screenHeightMm,
      portrait: input.portrait,
      baseTiming: timing,
      // Until the stream's first resync says otherwise.
      serviceAvailable: true,
      ...emptySession,
      timing,
    };
  },
  initial: 'home',
  on: {
    ...header.transitions,
    SERVICE_AVAILABILITY: {
      actions: assign({ serviceAvailable: ({ event }) => event.available }),
    },
  },
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
      on: {
        START: { target: 'browsing', actions: ['markStart', 'sessionStarted'] },
        TAKE_TICKET: { target: 'takeTicket', actions: ['markStart', 'sessionStarted'] },
        // Only an idle kiosk takes the counter's request: someone using it is not the resident
        // who was just served.
        RATING_REQUESTED: {
          target: 'rating',
          actions: assign({
            rateOffer: ({ event }) => ({
              serviceId: event.serviceId,
              outcome: 'served-at-counter',
            }),
          }),
        },
      },
    },
    browsing: {
      initial: 'chooseMode',
      on: {
        CANCEL: [
          { guard: 'rateOffered', target: 'rating', actions: endSession('cancelled') },
          { target: 'home', actions: endSession('cancelled') },
        ],
        IDLE_TIMEOUT: '#session.idleWarning',
        ...idle.restartOnActivity,
      },
      states: {
        chooseMode: {
          ...step(SCREENS.chooseMode),
          on: {
            CHOOSE_MODE: { target: 'categories', actions: chooseMode },
            BACK: { target: '#session.home', actions: endSession('cancelled') },
          },
        },
        categories: {
          ...step(SCREENS.categories),
          on: {
            CHOOSE_CATEGORY: {
              guard: { type: 'knownCategory', params: ({ event }) => event.categoryId },
              target: 'categoryServices',
              actions: [
                assign({
                  categoryId: ({ event }) => event.categoryId,
                  listSource: 'category',
                }),
                resetPage('list'),
              ],
            },
            OPEN_SEARCH: 'search',
            NEXT_PAGE: { guard: 'nextCategoryPage', actions: turnPage('categories', 1) },
            PREVIOUS_PAGE: { guard: 'previousCategoryPage', actions: turnPage('categories', -1) },
            BACK: 'chooseMode',
          },
        },
        categoryServices: {
          ...step(SCREENS.categoryServices),
          on: {
            CHOOSE_SERVICE: {
              guard: { type: 'listed', params: ({ event }) => event.serviceId },
              target: 'guide',
              actions: [assign({ serviceId: ({ event }) => event.serviceId }), resetPage('guide')],
            },
            NEXT_PAGE: { guard: 'nextListPage', actions: turnPage('list', 1) },
            PREVIOUS_PAGE: { guard: 'previousListPage', actions: turnPage('list', -1) },
            BACK: { target: 'categories', actions: assign({ categoryId: null }) },
          },
        },
        search: {
          ...step(SCREENS.search),
          on: {
            TYPE_LETTER: {
              guard: { type: 'letter', params: ({ event }) => event.letter },
              actions: [
                assign({ query: ({ context, event }) => context.query + event.letter }),
                flow.raise({ type: 'ACTIVITY' }),
              ],
            },
            DELETE_LETTER: {
              guard: 'hasQuery',
              actions: [
                assign({ query: ({ context }) => context.query.slice(0, -1) }),
                flow.raise({ type: 'ACTIVITY' }),
              ],
            },
            SHOW_RESULTS: {
              guard: 'hasResults',
              target: 'searchResults',
              actions: [assign({ listSource: 'search' }), resetPage('list')],
            },
            BACK: { target: 'categories', actions: assign({ query: '' }) },
          },
        },
        searchResults: {
          ...step(SCREENS.searchResults),
          on: {
            CHOOSE_SERVICE: {
              guard: { type: 'listed', params: ({ event }) => event.serviceId },
              target: 'guide',
              actions: [assign({ serviceId: ({ event }) => event.serviceId }), resetPage('guide')],
            },
            NEXT_PAGE: { guard: 'nextListPage', actions: turnPage('list', 1) },
            PREVIOUS_PAGE: { guard: 'previousListPage', actions: turnPage('list', -1) },
            BACK: 'search',
          },
        },
        guide: {
          meta: SCREENS.guide,
          entry: [offerGuideRating, announceGuidePage, 'focusHeading', ...idle.restartIdleTimer],
          exit: idle.stopIdleTimer,
          on: {
            NEXT_PAGE: {
              guard: 'nextGuidePage',
              actions: [...turnPage('guide', 1), offerGuideRating, announceGuidePage],
            },
            PREVIOUS_PAGE: {
              guard: 'previousGuidePage',
              actions: [...turnPage('guide', -1), announceGuidePage],
            },
            APPLY: { guard: 'offersApplication', target: '#session.applying' },
            TAKE_TICKET: {
              guard: 'offersTicket',
              target: '#session.takeTicket',
              actions: assign({
                ticketServiceId: ({ context }) => chosenService(context)?.ticketServiceId ?? null,
              }),
            },
            BACK: [
              {
                guard: 'fromSearch',
                target: 'searchResults',
                actions: assign({ serviceId: null, rateOffer: null }),
              },
              { target: 'categoryServices', actions: assign({ serviceId: null, rateOffer: null }) },
            ],
          },
        },
        hist: { type: 'history', history: 'shallow' },
      },
    },
    idleWarning: idle.warningState({ resume: 'browsing.hist', home: 'home' }),
    takeTicket: {
      meta: SCREENS.takeTicket,
      // The take-ticket flow runs its own steps, idle timers and end of session; the session
      // only starts it on the right queue and goes home when it does.
      entry: [
        assign({ ticketUnderway: false, rateOffer: null }),
        flow.raise({ type: 'HAND_OVER' }),
      ],
      invoke: {
        id: 'takeTicket',
        src: 'takeTicket',
        input: ({ context }) => ({ services: context.queues, timing: context.timing }),
        onSnapshot: [
          {
            guard: {
              type: 'ticketFlowHomeToRate',
              params: ({ event }) => event.snapshot as TakeTicketSnapshot,
            },
            target: 'rating',
          },
          {
            guard: {
              type: 'ticketFlowHome',
              params: ({ event }) => event.snapshot as TakeTicketSnapshot,
            },
            target: 'home',
          },
          {
            guard: ({ event }) => !(event.snapshot as TakeTicketSnapshot).matches('home'),
            actions: assign(({ event }) => {
              const child = event.snapshot as TakeTicketSnapshot;
              // The resident's header taps went to that flow: the rating keeps what they set.
              const { readAloud, textScale, theme, language } = child.context;
              return {
                ticketUnderway: true,
                rateOffer: ticketRateOffer(child),
                readAloud,
                textScale,
                theme,
                language,
              };
            }),
          },
        ],
      },
      on: { HAND_OVER: { actions: handOver } },
    },
    applying: {
      meta: SCREENS.applying,
      // The apply flow runs its own steps, idle timers and end of session (lib/flows/apply/).
      invoke: {
        id: 'apply',
        src: 'apply',
        input: ({ context }) => ({
          service: applyServiceOf(context)!,
          screenHeightMm: context.screenHeightMm,
          portrait: context.portrait,
          timing: context.timing,
          textScale: context.textScale,
          readAloud: context.readAloud,
          theme: context.theme,
          language: context.language,
          readerAvailable: true,
        }),
        onSnapshot: {
          guard: ({ event }) => event.snapshot.status === 'active',
          actions: assign(({ context, event }) => {
            const child = event.snapshot as SnapshotFrom<typeof applyMachine>;
            const { readAloud, textScale, theme, language } = child.context;
            return {
              rateOffer: applyRateOffer(child, context.serviceId),
              readAloud,
              textScale,
              theme,
              language,
            };
          }),
        },
        onDone: [
          { guard: ({ event }) => event.output.wentBack, target: 'browsing.guide' },
          { guard: 'rateOffered', target: 'rating' },
          { target: 'home' },
        ],
      },
    },
    rating: {
      meta: SCREENS.rating,
      // The rate flow has its own steps and idle timer; the session goes home when it ends.
      invoke: {
        id: 'rate',
        src: 'rate',
        input: ({ context }) => ({
          ...context.rateOffer!,
          timing: context.timing,
          textScale: context.textScale,
          readAloud: context.readAloud,
          theme: context.theme,
          language: context.language,
        }),
        onDone: 'home',
      },
    },
  },
});
