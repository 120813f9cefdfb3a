import { assign, fromPromise, setup } from 'xstate';
import type { CardHolderSummary, TicketRequest, TicketResponse } from '../../agent/types.js';
import { nextTextScale, READ_ALOUD_ON, STAFF_CALL_WINDOW_MS } from '../header.js';
import { screenMeta } from '../screen.js';
import {
  DEFAULT_TIMING,
  emptySession,
  type CardHint,
  type EndReason,
  type TakeTicketContext,
  type TakeTicketEvent,
  type TakeTicketInput,
} from './context.js';
import {
  SCREENS,
  ticketAnnouncement,
  type TakeTicketMeta,
  type TakeTicketScreen,
} from './screens.js';

const flow = setup({
  types: {
    context: {} as TakeTicketContext,
    events: {} as TakeTicketEvent,
    input: {} as TakeTicketInput,
    meta: {} as TakeTicketMeta,
  },
  actors: {
    // The UI provides the real implementation (HTTP to the agent); tests provide fakes.
    issueTicket: fromPromise<TicketResponse, TicketRequest>(async () => {
      throw new Error('issueTicket is not provided');
    }),
  },
  actions: {
    wipe: assign(() => ({ ...emptySession })),
    markStart: assign({ startedAt: () => Date.now(), requestId: () => crypto.randomUUID() }),
    // Hooks the UI overrides to tell the agent; they carry no personal data.
    sessionStarted: () => {},
    sessionEnded: (_, _params: { reason: EndReason }) => {},
    /** On while the card step is shown, so the agent reads the reader only then. */
    watchCard: (_, _params: { on: boolean }) => {},
    /** Fire and forget; the implementation answers with STAFF_CALL_ANSWERED. */
    callStaff: (_, _params: { screen: TakeTicketScreen }) => {},
    // What the page does for the resident; the machine decides when.
    speak: (_, _params: { text: string }) => {},
    silence: () => {},
    chime: () => {},
    focusHeading: () => {},
    showReminder: () => {},
  },
  guards: {
    isPriorityAge: (_, holder: CardHolderSummary) => holder.priorityByAge,
    knownService: ({ context }, serviceId: string) =>
      context.services.some((s) => s.id === serviceId),
  },
  delays: {
    idleTimeout: ({ context }) => context.timing.idleTimeoutMs,
    idleWarning: ({ context }) => context.timing.warningMs,
    ticketShown: ({ context }) => context.timing.ticketShownMs,
    staffCallWindow: STAFF_CALL_WINDOW_MS,
  },
});

/** On arriving at a screen: its text is spoken if the resident turned read-aloud on. */
const announceScreen = (meta: TakeTicketMeta) =>
  flow.enqueueActions(({ context, enqueue }) => {
    if (context.readAloud && meta.speech) enqueue({ type: 'speak', params: { text: meta.speech } });
  });

const announceTicket = flow.enqueueActions(({ context, enqueue }) => {
  if (context.readAloud && context.ticket) {
    enqueue({ type: 'speak', params: { text: ticketAnnouncement(context.ticket, context.print) } });
  }
});

/**
 * One idle timer per step, restarted by any activity on the step (a header tap too), which an
 * `after` transition cannot be without re-entering the step.
 */
const IDLE_TIMER = 'idleTimer';
const restartIdleTimer = [
  flow.cancel(IDLE_TIMER),
  flow.raise({ type: 'IDLE_TIMEOUT' }, { id: IDLE_TIMER, delay: 'idleTimeout' }),
];
const stopIdleTimer = flow.cancel(IDLE_TIMER);

const STAFF_WINDOW = 'staffCallWindow';
const openStaffWindow = [
  flow.cancel(STAFF_WINDOW),
  flow.raise({ type: 'STAFF_CALL_WINDOW_OVER' }, { id: STAFF_WINDOW, delay: 'staffCallWindow' }),
];

const readerAvailability = flow.assign({
  readerAvailable: ({ context, event }) => {
    if (event.type === 'READER_AVAILABILITY') return event.available;
    return event.type === 'AGENT_RESYNC' ? event.readerAvailable : context.readerAvailable;
  },
});

const serviceAvailability = flow.assign({
  serviceAvailable: ({ context, event }) => {
    if (event.type === 'SERVICE_AVAILABILITY') return event.available;
    return event.type === 'AGENT_RESYNC' ? event.serviceAvailable : context.serviceAvailable;
  },
});

/** The hint after the reader's availability changed on the card step. */
const hintForReader = (available: boolean, hint: CardHint): CardHint => {
  if (!available) return 'reader-unavailable';
  return hint === 'reader-unavailable' ? 'none' : hint;
};

const ended = (reason: EndReason) => ({ type: 'sessionEnded', params: { reason } }) as const;

export const takeTicketMachine = flow.createMachine({
  id: 'takeTicket',
  context: ({ input }) => ({
    services: input.services,
    timing: { ...DEFAULT_TIMING, ...input.timing },
    // Until the stream's first resync says otherwise.
    readerAvailable: true,
    serviceAvailable: true,
    ...emptySession,
  }),
  initial: 'home',
  // The header is the same on every screen; its taps count as activity for the idle timer.
  on: {
    TOGGLE_READ_ALOUD: {
      actions: [
        assign({ readAloud: ({ context }) => !context.readAloud }),
        // A targetless transition: `self` still shows the screen the resident is on.
        flow.enqueueActions(({ context, enqueue, self }) => {
          if (!context.readAloud) return enqueue('silence');
          const text = screenMeta<TakeTicketScreen>(self.getSnapshot()).speech ?? READ_ALOUD_ON;
          enqueue({ type: 'speak', params: { text } });
        }),
        flow.raise({ type: 'ACTIVITY' }),
      ],
    },
    NEXT_TEXT_SIZE: {
      actions: [
        assign({ textScale: ({ context }) => nextTextScale(context.textScale) }),
        flow.raise({ type: 'ACTIVITY' }),
      ],
    },
    CALL_STAFF: [
      {
        guard: ({ context }) => !context.staffCallOpen,
        actions: [
          assign({ staffCallOpen: true }),
          // A targetless transition: `self` still shows the screen the resident is on.
          flow.enqueueActions(({ enqueue, self }) => {
            const { screen } = screenMeta<TakeTicketScreen>(self.getSnapshot());
            enqueue({ type: 'callStaff', params: { screen } });
          }),
          ...openStaffWindow,
          flow.raise({ type: 'ACTIVITY' }),
        ],
      },
      { actions: flow.raise({ type: 'ACTIVITY' }) },
    ],
    STAFF_CALL_ANSWERED: [
      {
        guard: ({ context, event }) => context.staffCallOpen && event.sent,
        actions: assign({ staffNotice: 'sent' }),
      },
      {
        // A call that did not get through may be tried again at once.
        guard: ({ context }) => context.staffCallOpen,
        actions: assign({ staffNotice: 'failed', staffCallOpen: false }),
      },
    ],
    STAFF_CALL_WINDOW_OVER: { actions: assign({ staffCallOpen: false }) },
    READER_AVAILABILITY: { actions: readerAvailability },
    AGENT_RESYNC: { actions: [readerAvailability, serviceAvailability] },
    SERVICE_AVAILABILITY: { actions: serviceAvailability },
  },
  states: {
    home: {
      meta: SCREENS.home,
      entry: [
        // Whoever just left is reminded to take their card and slip, whether they finished or not.
        flow.enqueueActions(({ context, enqueue }) => {
          if (context.startedAt !== null) enqueue('showReminder');
        }),
        flow.cancel(STAFF_WINDOW),
        'wipe',
        announceScreen(SCREENS.home),
        'focusHeading',
      ],
      // Said before a resident starts, not after they have chosen and waited.
      always: { guard: ({ context }) => !context.serviceAvailable, target: 'outOfService' },
      on: { START: { target: 'session', actions: ['markStart', 'sessionStarted'] } },
    },
    outOfService: {
      meta: SCREENS.outOfService,
      entry: [announceScreen(SCREENS.outOfService), 'focusHeading'],
      // Back by itself once the agent says the terminal can record tickets again.
      always: { guard: ({ context }) => context.serviceAvailable, target: 'home' },
    },
    session: {
      initial: 'chooseService',
      on: {
        CANCEL: { target: 'home', actions: ended('cancelled') },
        IDLE_TIMEOUT: '#takeTicket.idleWarning',
        ACTIVITY: { actions: restartIdleTimer },
      },
      states: {
        chooseService: {
          meta: SCREENS.chooseService,
          entry: [announceScreen(SCREENS.chooseService), 'focusHeading', ...restartIdleTimer],
          exit: stopIdleTimer,
          on: {
            CHOOSE_SERVICE: {
              guard: { type: 'knownService', params: ({ event }) => event.serviceId },
              target: 'identify',
              actions: assign({ serviceId: ({ event }) => event.serviceId }),
            },
            BACK: { target: '#takeTicket.home', actions: ended('cancelled') },
          },
        },
        identify: {
          meta: SCREENS.identify,
          entry: [
            // A card already read this session stays "read" on the reader until it is lifted,
            // so a resident who comes back here is told to lift it and place it again.
            assign({
              cardHint: ({ context }) =>
                !context.readerAvailable
                  ? 'reader-unavailable'
                  : context.holder
                    ? 'replace-card'
                    : 'none',
              holder: null,
              priority: null,
            }),
            { type: 'watchCard', params: { on: true } },
            announceScreen(SCREENS.identify),
            'focusHeading',
            ...restartIdleTimer,
          ],
          exit: [stopIdleTimer, { type: 'watchCard', params: { on: false } }],
          on: {
            SKIP_CARD: 'askPriority',
            BACK: 'chooseService',
            CARD_READ: {
              target: 'cardRead',
              actions: assign({ holder: ({ event }) => event.holder, cardHint: 'none' }),
            },
            // Handling the card is activity: the resident is still there.
            CARD_UNREADABLE: {
              actions: [
                assign({ cardHint: ({ event }) => event.reason }),
                flow.raise({ type: 'ACTIVITY' }),
              ],
            },
            CARD_REMOVED: {
              actions: [
                assign({
                  cardHint: ({ context }) =>
                    context.cardHint === 'replace-card' ? 'none' : context.cardHint,
                }),
                flow.raise({ type: 'ACTIVITY' }),
              ],
            },
            READER_AVAILABILITY: {
              actions: [
                readerAvailability,
                assign({
                  cardHint: ({ context, event }) =>
                    hintForReader(event.available, context.cardHint),
                }),
              ],
            },
            AGENT_RESYNC: {
              actions: [
                readerAvailability,
                assign({
                  // A card already on the reader was read or refused while the kiosk was away.
                  cardHint: ({ context, event }) => {
                    const hint = hintForReader(event.readerAvailable, context.cardHint);
                    return event.card === 'present' && hint === 'none' ? 'replace-card' : hint;
                  },
                }),
                // The agent drops the watch when its last stream closes: ask again.
                flow.enqueueActions(({ event, enqueue }) => {
                  if (event.type === 'AGENT_RESYNC' && event.card === 'not-watching') {
                    enqueue({ type: 'watchCard', params: { on: true } });
                  }
                }),
              ],
            },
          },
        },
        // Transient: decided at once, never shown.
        cardRead: {
          always: [
            {
              guard: { type: 'isPriorityAge', params: ({ context }) => context.holder! },
              target: '#takeTicket.issuing',
              actions: assign({ priority: 'age' }),
            },
            { target: 'askPriority' },
          ],
        },
        askPriority: {
          meta: SCREENS.askPriority,
          entry: [announceScreen(SCREENS.askPriority), 'focusHeading', ...restartIdleTimer],
          exit: stopIdleTimer,
          on: {
            ANSWER_PRIORITY: {
              target: '#takeTicket.issuing',
              actions: assign({
                priority: ({ event }) => (event.needsPriority ? 'disability' : null),
              }),
            },
            BACK: 'identify',
          },
        },
        hist: { type: 'history', history: 'shallow' },
      },
    },
    idleWarning: {
      meta: SCREENS.idleWarning,
      entry: [
        assign({ warningsShown: ({ context }) => context.warningsShown + 1 }),
        // Visual, audible and spoken even with read-aloud off (WCAG 2.2.1: the resident must notice).
        'chime',
        { type: 'speak', params: { text: SCREENS.idleWarning.speech } },
        'focusHeading',
      ],
      after: { idleWarning: { target: 'home', actions: ended('timeout') } },
      on: {
        CONTINUE: 'session.hist',
        CANCEL: { target: 'home', actions: ended('cancelled') },
      },
    },
    issuing: {
      meta: SCREENS.issuing,
      entry: [announceScreen(SCREENS.issuing), 'focusHeading'],
      invoke: {
        id: 'issueTicket',
        src: 'issueTicket',
        input: ({ context }) => ({
          requestId: context.requestId!,
          serviceId: context.serviceId!,
          priority: context.priority !== null,
          durationMs: Math.max(0, Date.now() - (context.startedAt ?? Date.now())),
        }),
        onDone: {
          target: 'ticketShown',
          actions: assign({
            ticket: ({ event }) => event.output.ticket,
            print: ({ event }) => event.output.print,
          }),
        },
        onError: 'issueFailed',
      },
    },
    issueFailed: {
      meta: SCREENS.issueFailed,
      entry: [announceScreen(SCREENS.issueFailed), 'focusHeading', ...restartIdleTimer],
      exit: stopIdleTimer,
      on: {
        RETRY: 'issuing',
        CANCEL: { target: 'home', actions: ended('cancelled') },
        IDLE_TIMEOUT: { target: 'home', actions: ended('timeout') },
        ACTIVITY: { actions: restartIdleTimer },
      },
    },
    ticketShown: {
      meta: SCREENS.ticketShown,
      entry: [announceTicket, 'focusHeading'],
      after: { ticketShown: { target: 'home', actions: ended('finished') } },
      on: { DONE: { target: 'home', actions: ended('finished') } },
    },
  },
});
