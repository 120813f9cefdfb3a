import { and, assign, enqueueActions, type SnapshotFrom } from 'xstate';
import { settingsOf, staffCallCarried, staffCallOf } from '../header.js';
import { endSession } from '../idle.js';
import type { applyMachine } from '../apply/machine.js';
import { applyRateOffer, applyServiceOf } from '../apply/session.js';
import {
  activity,
  announceGuidePage,
  announcePrinterChange,
  announceTakeAway,
  carryStaffCall,
  chooseMode,
  chooseService,
  countGuidePrint,
  followTicketFlow,
  guideTakenAway,
  handOver,
  header,
  idle,
  offerGuideRating,
  printerAvailability,
  resetPage,
  resync,
  step,
  turnPage,
} from './actions.js';
import { DEFAULT_TIMING, emptySession } from './context.js';
import { SCREENS } from './screens.js';
import { flow, type TakeTicketSnapshot } from './setup.js';
import { chosenService } from './views.js';

/**
 * The flow the page runs on top (docs/architecture.md, "Flows and screens"). It invokes the
 * take-ticket, apply and rate flows as children rather than holding their states, so each keeps
 * its own steps, timers and model-based test.
 */
export const sessionMachine = flow.createMachine({
  id: 'session',
  context: ({ input }) => {
    const timing = { ...DEFAULT_TIMING, ...input.timing };
    return {
      catalogue: input.catalogue,
      queues: input.queues,
      screenHeightMm: input.screenHeightMm,
      portrait: input.portrait,
      timeZone: input.timeZone,
      communityName: input.communityName,
      baseTiming: timing,
      // Until the stream's first resync says otherwise.
      serviceAvailable: true,
      readerAvailable: true,
      printerAvailable: true,
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
    READER_AVAILABILITY: {
      actions: assign({ readerAvailable: ({ event }) => event.available }),
    },
    PRINTER_AVAILABILITY: { actions: printerAvailability },
    AGENT_RESYNC: { actions: resync },
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
        START: {
          target: 'browsing',
          actions: ['markStart', 'sessionStarted', header.forgetClosedStaffCall],
        },
        TAKE_TICKET: {
          target: 'takeTicket',
          actions: ['markStart', 'sessionStarted', header.forgetClosedStaffCall],
        },
        // Only an idle kiosk takes the counter's request: someone using it is not the resident
        // who was just served.
        RATING_REQUESTED: {
          target: 'rating',
          actions: [
            assign({
              rateOffer: ({ event }) => ({
                serviceId: event.serviceId,
                outcome: 'served-at-counter',
              }),
            }),
            header.forgetStaffCall,
          ],
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
              actions: chooseService,
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
                activity,
              ],
            },
            DELETE_LETTER: {
              guard: 'hasQuery',
              actions: [assign({ query: ({ context }) => context.query.slice(0, -1) }), activity],
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
              actions: chooseService,
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
            READ_SCREEN: { actions: announceGuidePage },
            NEXT_PAGE: {
              guard: 'nextGuidePage',
              actions: [...turnPage('guide', 1), offerGuideRating, announceGuidePage],
            },
            PREVIOUS_PAGE: {
              guard: 'previousGuidePage',
              actions: [...turnPage('guide', -1), announceGuidePage],
            },
            TAKE_AWAY: { guard: 'hasGuide', target: 'takeAway', actions: guideTakenAway },
            APPLY: [
              {
                guard: and(['offersApplication', 'serviceAvailable']),
                target: '#session.applying',
              },
              { guard: 'offersApplication', target: 'applyOutOfService' },
            ],
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
        // Nothing can be applied for until the agent can record again; then the resident goes
        // on to the application they asked for, as take-ticket's out-of-service screen does.
        applyOutOfService: {
          ...step(SCREENS.applyOutOfService),
          always: { guard: 'serviceAvailable', target: '#session.applying' },
          on: { BACK: 'guide' },
        },
        // 带走指南: the guide as a QR code for a phone, and printed while the printer works.
        takeAway: {
          initial: 'shown',
          states: {
            shown: {
              meta: SCREENS.guideTakeAway,
              entry: [announceTakeAway, 'focusHeading', ...idle.restartIdleTimer],
              exit: idle.stopIdleTimer,
              on: {
                READ_SCREEN: { actions: announceTakeAway },
                PRINT_GUIDE: { guard: 'canPrintGuide', target: 'printing' },
                PRINTER_AVAILABILITY: { actions: [announcePrinterChange, printerAvailability] },
                AGENT_RESYNC: { actions: [announcePrinterChange, resync] },
                BACK: '#session.browsing.guide',
              },
            },
            printing: {
              ...step(SCREENS.guidePrinting),
              entry: [...step(SCREENS.guidePrinting).entry, countGuidePrint],
              invoke: {
                id: 'printGuide',
                src: 'printGuide',
                // The service's id only: the agent prints the guide from its own catalogue.
                input: ({ context }) => ({ serviceId: context.serviceId ?? '' }),
                onDone: {
                  target: 'shown',
                  actions: assign({ guidePrint: ({ event }) => event.output }),
                },
                onError: {
                  target: 'shown',
                  actions: assign({ guidePrint: { ok: false, reason: 'agent-unreachable' } }),
                },
              },
              // The slip comes out all the same; the guide is where the resident wants to be.
              on: { BACK: '#session.browsing.guide' },
            },
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
        input: ({ context }) => ({
          services: context.queues,
          timeZone: context.timeZone,
          timing: context.timing,
        }),
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
            actions: assign(({ event }) => followTicketFlow(event.snapshot as TakeTicketSnapshot)),
          },
        ],
      },
      on: { HAND_OVER: { actions: handOver } },
    },
    applying: {
      meta: SCREENS.applying,
      // The resident's staff call goes with them once the apply flow runs.
      entry: flow.raise({ type: 'HAND_OVER' }),
      // The apply flow runs its own steps, idle timers and end of session (lib/flows/apply/).
      invoke: {
        id: 'apply',
        src: 'apply',
        input: ({ context }) => ({
          service: applyServiceOf(context)!,
          screenHeightMm: context.screenHeightMm,
          portrait: context.portrait,
          timeZone: context.timeZone,
          timing: context.timing,
          ...settingsOf(context),
          readerAvailable: context.readerAvailable,
        }),
        onSnapshot: {
          guard: ({ event }) => event.snapshot.status === 'active',
          actions: assign(({ context, event }) => {
            const child = event.snapshot as SnapshotFrom<typeof applyMachine>;
            return {
              rateOffer: applyRateOffer(child, context.serviceId),
              ...settingsOf(child.context),
              ...staffCallOf(child.context),
            };
          }),
        },
        onDone: [
          {
            guard: ({ event }) => event.output.wentBack,
            target: 'browsing.guide',
            // The resident's call as the apply flow left it (followed from its snapshots) is
            // carried to the session itself, so its window runs here again while it is open.
            // Inline: an action built on `flow` here would lose the machine's state types.
            actions: enqueueActions(({ context, enqueue }) => {
              const call = staffCallCarried(context);
              if (call) enqueue.raise(call);
            }),
          },
          { guard: 'rateOffered', target: 'rating' },
          { target: 'home' },
        ],
      },
      on: { HAND_OVER: { actions: carryStaffCall('apply') } },
    },
    rating: {
      meta: SCREENS.rating,
      entry: flow.raise({ type: 'HAND_OVER' }),
      // The rate flow has its own steps and idle timer; the session goes home when it ends.
      invoke: {
        id: 'rate',
        src: 'rate',
        input: ({ context }) => ({
          ...context.rateOffer!,
          timing: context.timing,
          ...settingsOf(context),
        }),
        onDone: 'home',
      },
      on: { HAND_OVER: { actions: carryStaffCall('rate') } },
    },
  },
});
