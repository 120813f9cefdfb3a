import { and, assign, raise } from 'xstate';
import { settingsOf } from '../header.js';
import {
  activity,
  announcePrinterChange,
  announceQuestion,
  announceReceipt,
  announceReceiptPage,
  cardIdentity,
  cardStep,
  editDraft,
  header,
  idle,
  leave,
  openQuestion,
  printerAvailability,
  refuseAnswer,
  saveAnswer,
  step,
} from './actions.js';
import { APPLY_SESSION_DEFAULTS, DEFAULT_TIMING } from './context.js';
import { refusedQuestionOpened } from './answer-problems.js';
import { applicationRequest, printRequest } from './request.js';
import { SCREENS } from './screens.js';
import { flow } from './setup.js';
import { askedOf, currentQuestion, RECEIPT_PAGES, typeDigit } from './views.js';

const { readerAvailability } = cardStep;

/**
 * 申请: identify, one question per screen, check your answers, submit, and the confirmation
 * with its reference, where the application went and what happens next (docs/flows.md,
 * "Apply"). The session starts it from a guide and offers a rating when it ends.
 */
export const applyMachine = flow.createMachine({
  id: 'apply',
  context: ({ input }) => ({
    ...APPLY_SESSION_DEFAULTS,
    service: input.service,
    screenHeightMm: input.screenHeightMm,
    portrait: input.portrait,
    timeZone: input.timeZone,
    timing: { ...DEFAULT_TIMING, ...input.timing },
    requestId: crypto.randomUUID(),
    readerAvailable: input.readerAvailable,
    // Until the page passes on the agent's report, as it does for the reader.
    printerAvailable: true,
    ...settingsOf(input),
    startedAt: Date.now(),
  }),
  initial: 'steps',
  output: ({ context }) => ({ wentBack: context.wentBack }),
  on: {
    ...header.transitions,
    READER_AVAILABILITY: { actions: readerAvailability },
    PRINTER_AVAILABILITY: { actions: printerAvailability },
    AGENT_RESYNC: { actions: [readerAvailability, printerAvailability] },
  },
  states: {
    steps: {
      initial: 'identify',
      on: {
        CANCEL: leave('cancelled'),
        IDLE_TIMEOUT: '#apply.idleWarning',
        ...idle.restartOnActivity,
      },
      states: {
        identify: {
          ...step(SCREENS.identify),
          entry: [
            assign({
              cardHint: ({ context }) =>
                !context.readerAvailable
                  ? 'reader-unavailable'
                  : context.returnToCheck
                    ? 'read-again'
                    : context.identity?.source === 'card'
                      ? 'replace-card'
                      : 'none',
              identity: null,
            }),
            { type: 'watchCard', params: { on: true } },
            // Its meta names no speech: the card step says what its hint shows.
            cardStep.announce,
            ...step(SCREENS.identify).entry,
          ],
          exit: [idle.stopIdleTimer, { type: 'watchCard', params: { on: false } }],
          on: {
            ENTER_ID_NUMBER: 'enterIdNumber',
            BACK: {
              target: '#apply.done',
              actions: assign({ wentBack: true }),
            },
            CARD_READ: [
              // Read again after the agent lost the first read: the answers stand as they were.
              {
                guard: ({ context, event }) =>
                  event.holder.readId !== undefined && context.returnToCheck,
                target: 'check',
                actions: [cardIdentity, assign({ returnToCheck: false })],
              },
              {
                guard: { type: 'cardHeld', params: ({ event }) => event.holder.readId },
                target: 'question',
                actions: [cardIdentity, openQuestion(() => 0)],
              },
              // Read for something else (the wish came too late): lift the card and place it again.
              { actions: [cardStep.showHint('replace-card'), activity] },
            ],
            ...cardStep.cardTransitions,
            // The card step's own resync handling stands in for the root's: the printer too.
            AGENT_RESYNC: {
              actions: [...cardStep.cardTransitions.AGENT_RESYNC.actions, printerAvailability],
            },
          },
        },
        enterIdNumber: {
          // Not emptied on entry: a resident back from the idle warning keeps what they typed.
          ...step(SCREENS.enterIdNumber),
          on: {
            ...cardStep.keypadTransitions,
            ID_CONFIRM: [
              {
                guard: 'idNumberChecks',
                target: 'question',
                actions: [
                  assign({
                    identity: ({ context }) => ({
                      source: 'id-number' as const,
                      idNumber: context.idNumber,
                    }),
                    idNumber: '',
                    // A typed number asks the name too: every question again, not check.
                    returnToCheck: false,
                  }),
                  openQuestion(() => 0),
                ],
              },
              cardStep.refuseIdNumber,
            ],
            BACK: { target: 'identify', actions: cardStep.forgetIdNumber },
          },
        },
        question: {
          meta: SCREENS.question,
          entry: [announceQuestion, 'focusHeading', ...idle.restartIdleTimer],
          exit: idle.stopIdleTimer,
          on: {
            READ_SCREEN: { actions: announceQuestion },
            CHOOSE_OPTION: {
              guard: { type: 'offered', params: ({ event }) => event.value },
              actions: editDraft((_, event) => (event.type === 'CHOOSE_OPTION' ? event.value : '')),
            },
            TYPE_TEXT: {
              guard: 'textQuestion',
              actions: editDraft((context, event) =>
                event.type === 'TYPE_TEXT' ? event.text.slice(0, 200) : context.draft,
              ),
            },
            DIGIT: {
              guard: 'keypadQuestion',
              actions: editDraft((context, event) => {
                const question = currentQuestion(context);
                return question && event.type === 'DIGIT'
                  ? typeDigit(question, context.draft, event.digit)
                  : context.draft;
              }),
            },
            DELETE_DIGIT: {
              guard: 'keypadQuestion',
              actions: editDraft((context) => context.draft.slice(0, -1)),
            },
            CLEAR_ANSWER: { guard: 'keypadQuestion', actions: editDraft(() => '') },
            NEXT_PAGE: {
              guard: 'nextOptionPage',
              actions: [assign({ optionPage: ({ context }) => context.optionPage + 1 }), activity],
            },
            PREVIOUS_PAGE: {
              guard: 'previousOptionPage',
              actions: [assign({ optionPage: ({ context }) => context.optionPage - 1 }), activity],
            },
            NEXT: [
              {
                guard: and(['draftAnswers', 'returnToCheck']),
                target: 'check',
                actions: [saveAnswer, assign({ returnToCheck: false })],
              },
              {
                guard: and(['draftAnswers', 'lastQuestion']),
                target: 'check',
                actions: saveAnswer,
              },
              {
                guard: 'draftAnswers',
                target: 'question',
                reenter: true,
                actions: [saveAnswer, openQuestion((context) => context.questionIndex + 1)],
              },
              { actions: refuseAnswer },
            ],
            BACK: [
              // Back from a change: the answer stays as it was.
              {
                guard: 'returnToCheck',
                target: 'check',
                actions: assign({ returnToCheck: false }),
              },
              { guard: 'firstQuestion', target: 'identify' },
              {
                target: 'question',
                reenter: true,
                actions: openQuestion((context) => context.questionIndex - 1),
              },
            ],
          },
        },
        check: {
          ...step(SCREENS.check),
          on: {
            CHANGE: {
              guard: { type: 'changeable', params: ({ event }) => event.questionId },
              target: 'question',
              actions: [
                openQuestion((context, event) =>
                  askedOf(context).findIndex(
                    (q) => event.type === 'CHANGE' && q.id === event.questionId,
                  ),
                ),
                assign({ returnToCheck: true }),
              ],
            },
            NEXT_PAGE: {
              guard: 'nextCheckPage',
              actions: [assign({ checkPage: ({ context }) => context.checkPage + 1 }), activity],
            },
            PREVIOUS_PAGE: {
              guard: 'previousCheckPage',
              actions: [assign({ checkPage: ({ context }) => context.checkPage - 1 }), activity],
            },
            SUBMIT: '#apply.submitting',
            BACK: {
              target: 'question',
              actions: openQuestion((context) => askedOf(context).length - 1),
            },
          },
        },
        submitFailed: {
          ...step(SCREENS.submitFailed),
          on: {
            RETRY: '#apply.submitting',
            BACK: { target: 'check' },
          },
        },
        submitRefused: {
          ...step(SCREENS.submitRefused),
          on: { BACK: { target: 'check' } },
        },
        // No 返回: going back to the answers could only send them again to the same refusal.
        alreadySubmitted: {
          ...step(SCREENS.alreadySubmitted),
          on: { NEXT: 'submitted' },
        },
        submitted: {
          initial: 'shown',
          states: {
            shown: {
              meta: SCREENS.submitted,
              entry: [announceReceipt, 'focusHeading', ...idle.restartIdleTimer],
              exit: idle.stopIdleTimer,
              on: {
                READ_SCREEN: { actions: announceReceipt },
                NEXT_PAGE: {
                  guard: ({ context }) => context.receiptPage < RECEIPT_PAGES.length - 1,
                  actions: [
                    assign({ receiptPage: ({ context }) => context.receiptPage + 1 }),
                    activity,
                    announceReceiptPage,
                  ],
                },
                PREVIOUS_PAGE: {
                  guard: ({ context }) => context.receiptPage > 0,
                  actions: [
                    assign({ receiptPage: ({ context }) => context.receiptPage - 1 }),
                    activity,
                    announceReceiptPage,
                  ],
                },
                // No slip to offer while the printer is faulted: the reference stays on screen.
                PRINT: { guard: ({ context }) => context.printerAvailable, target: 'printing' },
                PRINTER_AVAILABILITY: { actions: [announcePrinterChange, printerAvailability] },
                AGENT_RESYNC: {
                  actions: [announcePrinterChange, readerAvailability, printerAvailability],
                },
                DONE: leave('finished'),
                // The application is in: 首页 here is the resident finishing, not giving up.
                CANCEL: leave('finished'),
              },
            },
            printing: {
              ...step(SCREENS.printing),
              invoke: {
                id: 'printSlip',
                src: 'printSlip',
                input: ({ context }) => printRequest(context),
                onDone: {
                  target: 'shown',
                  actions: assign({ print: ({ event }) => event.output }),
                },
                onError: {
                  target: 'shown',
                  actions: assign({ print: { ok: false, reason: 'agent-unreachable' } }),
                },
              },
            },
          },
        },
        hist: { type: 'history', history: 'shallow' },
      },
    },
    idleWarning: idle.warningState({ resume: 'steps.hist', home: 'done' }),
    submitting: {
      meta: SCREENS.submitting,
      entry: [header.announceScreen(SCREENS.submitting), 'focusHeading'],
      invoke: {
        id: 'submitApplication',
        src: 'submitApplication',
        input: ({ context }) => applicationRequest(context),
        onDone: [
          {
            guard: ({ event }) => event.output.kind === 'submitted',
            target: 'steps.submitted',
            actions: assign({
              receipt: ({ event }) =>
                event.output.kind === 'submitted' ? event.output.receipt : null,
            }),
          },
          {
            guard: ({ event }) => event.output.kind === 'already-submitted',
            target: 'steps.alreadySubmitted',
            actions: assign({
              receipt: ({ event }) =>
                event.output.kind === 'already-submitted' ? event.output.receipt : null,
            }),
          },
          {
            guard: ({ event }) => event.output.kind === 'card-read-gone',
            target: 'steps.identify',
            actions: assign({ returnToCheck: true }),
          },
          {
            guard: {
              type: 'changeable',
              params: ({ event }) =>
                event.output.kind === 'answer-refused' ? event.output.questionId : '',
            },
            target: 'steps.question',
            actions: assign(({ context, event }) =>
              event.output.kind === 'answer-refused'
                ? refusedQuestionOpened(context, event.output.questionId)
                : {},
            ),
          },
          {
            guard: ({ event }) => event.output.kind === 'not-committed',
            target: 'steps.submitFailed',
          },
          // Nothing the resident can mend here: staff are called, as for a slip not printed.
          {
            target: 'steps.submitRefused',
            actions: raise({ type: 'CALL_STAFF', screen: SCREENS.submitRefused.screen }),
          },
        ],
        // The agent's own answers are all values: a throw is a call that never got one.
        onError: 'steps.submitFailed',
      },
    },
    // Everything the resident answered is forgotten here, however the flow ended.
    done: { type: 'final', entry: 'wipe' },
  },
});
