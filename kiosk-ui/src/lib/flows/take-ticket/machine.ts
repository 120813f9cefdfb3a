import { assign, fromPromise, setup } from 'xstate';
import type {
  CardHolderSummary,
  CardReadResult,
  KioskService,
  PrintOutcome,
  IssuedTicket,
  PrioritySource,
  TicketRequest,
  TicketResponse,
} from '../../agent/types.js';

export interface FlowTiming {
  idleTimeoutMs: number;
  warningMs: number;
  ticketShownMs: number;
  cardPollMs: number;
}

export const DEFAULT_TIMING: FlowTiming = {
  idleTimeoutMs: 120_000,
  warningMs: 30_000,
  ticketShownMs: 20_000,
  // devices.md: poll the reader no faster than every ~300 ms.
  cardPollMs: 400,
};

export type EndReason = 'finished' | 'cancelled' | 'timeout';

/**
 * Everything personal lives here and only here, and `wipe` empties it on every way out of a
 * session (finish, cancel, timeout), so the kiosk never carries one resident's data into the next.
 */
export interface TakeTicketContext {
  services: KioskService[];
  timing: FlowTiming;
  startedAt: number | null;
  requestId: string | null;
  serviceId: string | null;
  holder: CardHolderSummary | null;
  priority: PrioritySource | null;
  cardHint: 'none' | 'place-flat' | 'reader-unavailable' | 'replace-card';
  ticket: IssuedTicket | null;
  print: PrintOutcome | null;
  warningsShown: number;
}

export type TakeTicketEvent =
  | { type: 'START' }
  | { type: 'CHOOSE_SERVICE'; serviceId: string }
  | { type: 'SKIP_CARD' }
  | { type: 'ANSWER_PRIORITY'; needsPriority: boolean }
  | { type: 'BACK' }
  | { type: 'CANCEL' }
  | { type: 'CONTINUE' }
  | { type: 'DONE' }
  | { type: 'RETRY' };

export interface TakeTicketInput {
  services: KioskService[];
  timing?: Partial<FlowTiming>;
}

const emptySession = {
  startedAt: null,
  requestId: null,
  serviceId: null,
  holder: null,
  priority: null,
  cardHint: 'none',
  ticket: null,
  print: null,
  warningsShown: 0,
} as const satisfies Partial<TakeTicketContext>;

export const takeTicketMachine = setup({
  types: {
    context: {} as TakeTicketContext,
    events: {} as TakeTicketEvent,
    input: {} as TakeTicketInput,
  },
  actors: {
    // The UI provides the real implementations (HTTP to the agent); tests provide fakes.
    readCard: fromPromise<CardReadResult>(async () => ({ result: 'unavailable' })),
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
    announceTicket: () => {},
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
    cardPoll: ({ context }) => context.timing.cardPollMs,
  },
}).createMachine({
  id: 'takeTicket',
  context: ({ input }) => ({
    services: input.services,
    timing: { ...DEFAULT_TIMING, ...input.timing },
    ...emptySession,
  }),
  initial: 'home',
  states: {
    home: {
      entry: 'wipe',
      on: { START: { target: 'session', actions: ['markStart', 'sessionStarted'] } },
    },
    session: {
      initial: 'chooseService',
      on: {
        CANCEL: {
          target: 'home',
          actions: { type: 'sessionEnded', params: { reason: 'cancelled' } },
        },
      },
      states: {
        chooseService: {
          after: { idleTimeout: '#takeTicket.idleWarning' },
          on: {
            CHOOSE_SERVICE: {
              guard: { type: 'knownService', params: ({ event }) => event.serviceId },
              target: 'identify',
              actions: assign({ serviceId: ({ event }) => event.serviceId }),
            },
            BACK: {
              target: '#takeTicket.home',
              actions: { type: 'sessionEnded', params: { reason: 'cancelled' } },
            },
          },
        },
        identify: {
          initial: 'reading',
          // A card already read this session stays "read" on the reader until it is lifted,
          // so a resident who comes back here is told to lift it and place it again.
          entry: assign({
            cardHint: ({ context }) => (context.holder ? 'replace-card' : 'none'),
            holder: null,
            priority: null,
          }),
          after: { idleTimeout: '#takeTicket.idleWarning' },
          on: {
            SKIP_CARD: 'askPriority',
            BACK: 'chooseService',
          },
          states: {
            reading: {
              invoke: {
                id: 'readCard',
                src: 'readCard',
                onDone: [
                  {
                    guard: ({ event }) => event.output.result === 'read',
                    target: '#takeTicket.session.cardRead',
                    actions: assign({
                      holder: ({ event }) =>
                        event.output.result === 'read' ? event.output.holder : null,
                      cardHint: 'none',
                    }),
                  },
                  {
                    guard: ({ event }) => event.output.result === 'unreadable',
                    target: 'waiting',
                    actions: assign({ cardHint: 'place-flat' as const }),
                  },
                  {
                    guard: ({ event }) => event.output.result === 'unavailable',
                    target: 'waiting',
                    actions: assign({ cardHint: 'reader-unavailable' }),
                  },
                  { target: 'waiting' },
                ],
                onError: { target: 'waiting', actions: assign({ cardHint: 'reader-unavailable' }) },
              },
            },
            waiting: {
              after: { cardPoll: 'reading' },
            },
          },
        },
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
          after: { idleTimeout: '#takeTicket.idleWarning' },
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
      entry: assign({ warningsShown: ({ context }) => context.warningsShown + 1 }),
      after: {
        idleWarning: {
          target: 'home',
          actions: { type: 'sessionEnded', params: { reason: 'timeout' } },
        },
      },
      on: {
        CONTINUE: 'session.hist',
        CANCEL: {
          target: 'home',
          actions: { type: 'sessionEnded', params: { reason: 'cancelled' } },
        },
      },
    },
    issuing: {
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
      after: {
        idleTimeout: {
          target: 'home',
          actions: { type: 'sessionEnded', params: { reason: 'timeout' } },
        },
      },
      on: {
        RETRY: 'issuing',
        CANCEL: {
          target: 'home',
          actions: { type: 'sessionEnded', params: { reason: 'cancelled' } },
        },
      },
    },
    ticketShown: {
      entry: 'announceTicket',
      after: {
        ticketShown: {
          target: 'home',
          actions: { type: 'sessionEnded', params: { reason: 'finished' } },
        },
      },
      on: {
        DONE: { target: 'home', actions: { type: 'sessionEnded', params: { reason: 'finished' } } },
      },
    },
  },
});

/** The step indicator ("第 2 步 / 共 4 步") for the resident's current screen. */
export const STEPS = ['chooseService', 'identify', 'askPriority', 'ticketShown'] as const;
