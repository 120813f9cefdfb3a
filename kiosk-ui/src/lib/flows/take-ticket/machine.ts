import { assign, raise } from 'xstate';
import { spoken } from '../header.js';
import { endSession as ended } from '../idle.js';
import { DEFAULT_TIMING, emptySession } from './context.js';
import { translate } from '../../i18n/translate.js';
import { PRINTER_BACK, SCREENS } from './screens.js';
import { flow, reprintable } from './setup.js';
import {
  announceCardStep,
  announceScreen,
  announceTicket,
  cardTransitions,
  closeStaffWindow,
  forgetIdNumber,
  headerTransitions,
  keypadTransitions,
  printerAvailability,
  readerAvailability,
  refuseIdNumber,
  remindWhoeverLeft,
  restartIdleTimer,
  restartOnActivity,
  serviceAvailability,
  step,
  stopIdleTimer,
  warningState,
} from './actions.js';

export const takeTicketMachine = flow.createMachine({
  id: 'takeTicket',
  context: ({ input }) => ({
    services: input.services,
    timeZone: input.timeZone,
    timing: { ...DEFAULT_TIMING, ...input.timing },
    // Until the stream's first resync says otherwise.
    readerAvailable: true,
    serviceAvailable: true,
    printerAvailable: true,
    ...emptySession,
  }),
  initial: 'home',
  // The header is the same on every screen; its taps count as activity for the idle timer.
  on: {
    ...headerTransitions,
    READER_AVAILABILITY: { actions: readerAvailability },
    AGENT_RESYNC: { actions: [readerAvailability, serviceAvailability, printerAvailability] },
    SERVICE_AVAILABILITY: { actions: serviceAvailability },
    PRINTER_AVAILABILITY: { actions: printerAvailability },
  },
  states: {
    home: {
      meta: SCREENS.home,
      entry: [
        // Whoever just left is reminded to take their card and slip, whether they finished or not.
        remindWhoeverLeft,
        closeStaffWindow,
        'wipe',
        announceScreen(SCREENS.home),
        'focusHeading',
      ],
      on: {
        START: [
          // Said before a resident starts, not after they have chosen and waited.
          {
            guard: ({ context }) => !context.serviceAvailable,
            target: 'session.outOfService',
            actions: ['markStart', 'sessionStarted'],
          },
          { target: 'session', actions: ['markStart', 'sessionStarted'] },
        ],
      },
    },
    session: {
      initial: 'chooseService',
      on: {
        CANCEL: { target: 'home', actions: ended('cancelled') },
        IDLE_TIMEOUT: '#takeTicket.idleWarning',
        ...restartOnActivity,
      },
      states: {
        // The printer is faulted: the resident hears so before choosing, and may take a ticket
        // whose number they note down from the screen, or go home to the guides.
        printerOut: {
          ...step(SCREENS.printerOut),
          // Nothing to tell once the printer is back: on to where they were going.
          always: [
            {
              guard: ({ context }) => context.printerAvailable && context.serviceId !== null,
              target: 'identify',
            },
            { guard: 'printerAvailable', target: 'chooseService' },
          ],
          on: {
            ACCEPT_NO_SLIP: [
              {
                guard: ({ context }) => context.serviceId !== null,
                target: 'identify',
                actions: assign({ printerNoticeSeen: true }),
              },
              { target: 'chooseService', actions: assign({ printerNoticeSeen: true }) },
            ],
            // The queue a guide offered, handed over by the session after START: kept, as on
            // the out-of-service screen.
            CHOOSE_SERVICE: {
              guard: { type: 'knownService', params: ({ event }) => event.serviceId },
              actions: assign({ serviceId: ({ event }) => event.serviceId }),
            },
          },
        },
        // A step like the others, though nothing can be done here but go home or call staff:
        // a resident who walks away must not leave the kiosk on their settings, and the session
        // ends (for the agent too) the same way as any 首页 or timeout.
        outOfService: {
          ...step(SCREENS.outOfService),
          // On once the agent says the terminal can record tickets again: the resident came for
          // one, to the queue they chose in a guide if they did, else to the queues.
          always: [
            {
              guard: ({ context }) => context.serviceAvailable && context.serviceId !== null,
              target: 'identify',
            },
            { guard: ({ context }) => context.serviceAvailable, target: 'chooseService' },
          ],
          on: {
            // Only the session's hand-over sends it here (this screen lists no queues): the queue
            // a guide offered. Kept, so it is not lost and a resident who gives up may rate it.
            CHOOSE_SERVICE: {
              guard: { type: 'knownService', params: ({ event }) => event.serviceId },
              actions: assign({ serviceId: ({ event }) => event.serviceId }),
            },
          },
        },
        chooseService: {
          ...step(SCREENS.chooseService),
          // Also when the agent's report comes just after the resident arrived here: the page
          // tells a new flow the printer's state only once it has started.
          always: { guard: 'printerNotTold', target: 'printerOut' },
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
            announceCardStep,
            'focusHeading',
            ...restartIdleTimer,
          ],
          exit: [stopIdleTimer, { type: 'watchCard', params: { on: false } }],
          // The first screen of a ticket asked for from a guide.
          always: { guard: 'printerNotTold', target: 'printerOut' },
          on: {
            SKIP_CARD: 'askPriority',
            ENTER_ID_NUMBER: 'enterIdNumber',
            BACK: 'chooseService',
            CARD_READ: {
              target: 'cardRead',
              actions: assign({ holder: ({ event }) => event.holder, cardHint: 'none' }),
            },
            ...cardTransitions,
            // The card step's own resync handling stands in for the root's: the other devices too.
            AGENT_RESYNC: {
              actions: [
                ...cardTransitions.AGENT_RESYNC.actions,
                serviceAvailability,
                printerAvailability,
              ],
            },
          },
        },
        enterIdNumber: {
          // Not emptied on entry: a resident back from the idle warning keeps what they typed.
          ...step(SCREENS.enterIdNumber),
          on: {
            ...keypadTransitions,
            ID_CONFIRM: [{ guard: 'idNumberChecks', target: 'idNumberRead' }, refuseIdNumber],
            BACK: { target: 'identify', actions: forgetIdNumber },
          },
        },
        // Transient: the age rule applied, then the number is gone from the context.
        idNumberRead: {
          always: [
            {
              guard: 'idNumberPriorityAge',
              target: '#takeTicket.issuing',
              actions: assign({ priority: 'age', idNumber: '' }),
            },
            { target: 'askPriority', actions: assign({ idNumber: '' }) },
          ],
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
          ...step(SCREENS.askPriority),
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
        // The ticket is issued and shown; the resident may wait for the printer to be seen to
        // and print the slip again, never automatically (docs/architecture.md, "Printing once").
        slipNotPrinted: {
          initial: 'waiting',
          on: { DONE: { target: '#takeTicket.home', actions: ended('finished') } },
          states: {
            waiting: {
              meta: SCREENS.slipNotPrinted,
              entry: [announceTicket, 'focusHeading', ...restartIdleTimer],
              exit: stopIdleTimer,
              on: {
                READ_SCREEN: { actions: announceTicket },
                REPRINT: { guard: 'printerAvailable', target: 'reprinting' },
                PRINTER_AVAILABILITY: {
                  actions: [
                    // The button appears without moving focus; read-aloud says so.
                    flow.enqueueActions(({ context, event, enqueue }) => {
                      const back = event.type === 'PRINTER_AVAILABILITY' && event.available;
                      if (back && !context.printerAvailable && context.readAloud) {
                        const text = translate(context.language, PRINTER_BACK);
                        enqueue({ type: 'speak', params: spoken(context, text) });
                      }
                    }),
                    printerAvailability,
                  ],
                },
              },
            },
            reprinting: {
              meta: SCREENS.reprinting,
              entry: [announceScreen(SCREENS.reprinting), 'focusHeading'],
              invoke: {
                id: 'reprintTicket',
                src: 'reprintTicket',
                input: ({ context }) => ({ requestId: context.requestId! }),
                onDone: [
                  {
                    guard: ({ event }) => event.output.print.ok,
                    target: '#takeTicket.ticketShown',
                    actions: assign({
                      ticket: ({ event }) => event.output.ticket,
                      print: ({ event }) => event.output.print,
                      reprintFailed: false,
                    }),
                  },
                  {
                    target: 'waiting',
                    actions: assign({
                      print: ({ event }) => event.output.print,
                      reprintFailed: true,
                    }),
                  },
                ],
                onError: { target: 'waiting', actions: assign({ reprintFailed: true }) },
              },
            },
          },
        },
        // A step like the others: its idle warning, and 继续办理 comes back here.
        issueFailed: {
          ...step(SCREENS.issueFailed),
          on: { RETRY: '#takeTicket.issuing' },
        },
        hist: { type: 'history', history: 'shallow' },
      },
    },
    idleWarning: warningState({ resume: 'session.hist', home: 'home' }),
    issuing: {
      meta: SCREENS.issuing,
      entry: [
        assign({ printerWasReady: ({ context }) => context.printerAvailable }),
        announceScreen(SCREENS.issuing),
        'focusHeading',
      ],
      invoke: {
        id: 'issueTicket',
        src: 'issueTicket',
        input: ({ context }) => ({
          requestId: context.requestId!,
          serviceId: context.serviceId!,
          priority: context.priority !== null,
          durationMs: Math.max(0, Date.now() - (context.startedAt ?? Date.now())),
        }),
        onDone: [
          {
            // A slip that fails on a printer reported working is news: someone has to see to it.
            // One that fails on a printer known faulted is not, and a call for each such ticket
            // would fill the agent's short list of open calls and push out a resident's own.
            guard: ({ context, event }) =>
              context.printerWasReady && reprintable(event.output.print),
            target: 'session.slipNotPrinted',
            actions: [
              assign({
                ticket: ({ event }) => event.output.ticket,
                print: ({ event }) => event.output.print,
              }),
              // Someone has to see to the printer; the header shows whether the call got through.
              raise({ type: 'CALL_STAFF', screen: SCREENS.slipNotPrinted.screen }),
            ],
          },
          // The printer was reported faulted when the ticket was asked for, as the flow's first
          // screen told the resident: the number is on screen, and the slip can be printed once
          // the printer is back. The resident's own 呼叫工作人员 still works.
          {
            guard: { type: 'slipToReprint', params: ({ event }) => event.output.print },
            target: 'session.slipNotPrinted',
            actions: assign({
              ticket: ({ event }) => event.output.ticket,
              print: ({ event }) => event.output.print,
            }),
          },
          {
            target: 'ticketShown',
            actions: assign({
              ticket: ({ event }) => event.output.ticket,
              print: ({ event }) => event.output.print,
            }),
          },
        ],
        onError: 'session.issueFailed',
      },
    },
    ticketShown: {
      meta: SCREENS.ticketShown,
      entry: [announceTicket, 'focusHeading'],
      after: { ticketShown: { target: 'home', actions: ended('finished') } },
      on: {
        DONE: { target: 'home', actions: ended('finished') },
        READ_SCREEN: { actions: announceTicket },
      },
    },
  },
});
