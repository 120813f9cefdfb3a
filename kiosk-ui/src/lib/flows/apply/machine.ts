import { and, assign, fromPromise, setup } from 'xstate';
import { answerProblem } from '@bianmin/contract/application-answers';
import type { Language } from '../../i18n/languages.js';
import { translate } from '../../i18n/translate.js';
import { spokenContent, spokenText, type ShownText } from '../../i18n/local-text.js';
import { answerProblemMessage } from './answer-problems.js';
import type {
  ApplicationPrintRequest,
  ApplicationReceipt,
  ApplicationRequest,
  PrintOutcome,
} from '../../agent/types.js';
import { headerActions, headerDelays, headerFor } from '../header.js';
import { endSession, idleActions, idleDelays, idleFor } from '../idle.js';
import { cardStepActions, cardStepFor, cardStepGuards } from '../identify/card-step.js';
import {
  APPLY_SESSION_DEFAULTS,
  DEFAULT_TIMING,
  EMPTY_APPLICATION,
  type ApplyContext,
  type ApplyEvent,
  type ApplyInput,
} from './context.js';
import { SCREENS, type ApplyMeta } from './screens.js';
import {
  answerOf,
  askedOf,
  checkPage,
  currentQuestion,
  draftOf,
  optionPage,
  questionSpeech,
  RECEIPT_PAGES,
  typeDigit,
  usesKeypad,
  whatNextOf,
} from './views.js';

/** The terminal's local calendar date, 'YYYY-MM-DD', for date questions. */
function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** What is wrong with the answer on the screen, if anything. */
export function draftProblem(context: ApplyContext) {
  const question = currentQuestion(context);
  return question ? answerProblem(question, answerOf(question, context.draft), today()) : null;
}

/** The request the agent takes: the identity by handle or typed number, the answers asked. */
export function applicationRequest(context: ApplyContext): ApplicationRequest {
  const { identity } = context;
  const asked = askedOf(context);
  return {
    requestId: context.requestId,
    serviceId: context.service.id,
    identity:
      identity?.source === 'id-number'
        ? { source: 'id-number', idNumber: identity.idNumber }
        : { source: 'card', readId: identity?.readId ?? '' },
    answers: Object.fromEntries(asked.map((q) => [q.id, context.answers[q.id] ?? ''])),
  };
}

/** What read-aloud says of the confirmation: the reference and where the application went. */
function receiptSpeech(
  receipt: ApplicationReceipt,
  whatNext: ShownText,
  language: Language,
): string {
  const reference = [...receipt.reference.replaceAll('-', '')].join(' ');
  return translate(language, 'apply.receiptSpoken', {
    reference,
    destination: spokenContent(receipt.destination.name, language),
    description: language === 'zh-CN' ? receipt.destination.description : '',
    whatNext: spokenText(whatNext, language),
  });
}

const flow = setup({
  types: {
    context: {} as ApplyContext,
    events: {} as ApplyEvent,
    input: {} as ApplyInput,
    meta: {} as ApplyMeta,
    output: {} as { wentBack: boolean },
  },
  actors: {
    // The page provides the agent's calls; tests provide fakes.
    submitApplication: fromPromise<ApplicationReceipt, ApplicationRequest>(async () => {
      throw new Error('submitApplication is not provided');
    }),
    printSlip: fromPromise<PrintOutcome, ApplicationPrintRequest>(async () => {
      throw new Error('printSlip is not provided');
    }),
  },
  actions: {
    ...headerActions,
    ...idleActions,
    wipe: assign(() => ({ ...EMPTY_APPLICATION })),
    // For an application, the agent holds the card read.
    ...cardStepActions,
  },
  guards: {
    draftAnswers: ({ context }) => draftProblem(context) === null,
    lastQuestion: ({ context }) => context.questionIndex >= askedOf(context).length - 1,
    firstQuestion: ({ context }) => context.questionIndex === 0,
    returnToCheck: ({ context }) => context.returnToCheck,
    ...cardStepGuards,
    cardHeld: (_, readId: string | undefined) => readId !== undefined,
    offered: ({ context }, value: string) => {
      const question = currentQuestion(context);
      return question?.kind === 'choice' && question.options.some((o) => o.value === value);
    },
    changeable: ({ context }, questionId: string) =>
      askedOf(context).some((q) => q.id === questionId),
    nextOptionPage: ({ context }) => optionPage(context).hasNext,
    previousOptionPage: ({ context }) => optionPage(context).hasPrevious,
    nextCheckPage: ({ context }) => checkPage(context).hasNext,
    previousCheckPage: ({ context }) => checkPage(context).hasPrevious,
    keypadQuestion: ({ context }) => {
      const question = currentQuestion(context);
      return question !== undefined && usesKeypad(question);
    },
    textQuestion: ({ context }) => currentQuestion(context)?.kind === 'text',
  },
  delays: { ...headerDelays, ...idleDelays },
});

const header = headerFor(flow);
const idle = idleFor(flow);
const activity = flow.raise({ type: 'ACTIVITY' });

/** A step that waits for the resident: announced, focused, and idle-timed. */
const step = (meta: ApplyMeta) => ({
  meta,
  entry: [header.announceScreen(meta), 'focusHeading' as const, ...idle.restartIdleTimer],
  exit: idle.stopIdleTimer,
});

const announceQuestion = flow.enqueueActions(({ context, enqueue }) => {
  const { language } = context;
  if (context.readAloud) {
    enqueue({ type: 'speak', params: { text: questionSpeech(context), language } });
  }
});

const announceProblem = flow.enqueueActions(({ context, enqueue }) => {
  const question = currentQuestion(context);
  if (context.readAloud && question && context.problem) {
    const { language } = context;
    const text = answerProblemMessage(question, context.problem, language);
    enqueue({ type: 'speak', params: { text, language } });
  }
});

const announceReceipt = flow.enqueueActions(({ context, enqueue }) => {
  if (context.readAloud && context.receipt) {
    const { language } = context;
    const text = receiptSpeech(context.receipt, whatNextOf(context), language);
    enqueue({ type: 'speak', params: { text, language } });
  }
});

/** Opens question `index`, with its answer so far on the screen. */
const openQuestion = (index: (context: ApplyContext, event: ApplyEvent) => number) =>
  flow.assign(({ context, event }) => {
    const questionIndex = Math.max(0, index(context, event));
    const question = askedOf(context)[questionIndex];
    const answer = question ? (context.answers[question.id] ?? '') : '';
    return {
      questionIndex,
      draft: question ? draftOf(question, answer) : '',
      problem: null,
      optionPage: 0,
    };
  });

const saveAnswer = flow.assign({
  answers: ({ context }) => {
    const question = currentQuestion(context);
    if (!question) return context.answers;
    return { ...context.answers, [question.id]: answerOf(question, context.draft) };
  },
  problem: null,
});

const refuseAnswer = [
  flow.assign({ problem: ({ context }) => draftProblem(context) }),
  announceProblem,
  activity,
];

const editDraft = (draft: (context: ApplyContext, event: ApplyEvent) => string) => [
  flow.assign({
    draft: ({ context, event }) => draft(context, event),
    problem: null,
  }),
  activity,
];

const cardStep = cardStepFor(flow);
const { readerAvailability } = cardStep;

const leave = (reason: 'finished' | 'cancelled') => ({
  target: '#apply.done' as const,
  actions: endSession(reason),
});

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
    timing: { ...DEFAULT_TIMING, ...input.timing },
    requestId: crypto.randomUUID(),
    readerAvailable: input.readerAvailable,
    textScale: input.textScale,
    readAloud: input.readAloud,
    theme: input.theme,
    language: input.language,
    startedAt: Date.now(),
  }),
  initial: 'steps',
  output: ({ context }) => ({ wentBack: context.wentBack }),
  on: {
    ...header.transitions,
    READER_AVAILABILITY: { actions: readerAvailability },
    AGENT_RESYNC: { actions: readerAvailability },
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
                  : context.identity?.source === 'card'
                    ? 'replace-card'
                    : 'none',
              identity: null,
            }),
            { type: 'watchCard', params: { on: true } },
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
              {
                guard: { type: 'cardHeld', params: ({ event }) => event.holder.readId },
                target: 'question',
                actions: [
                  assign({
                    identity: ({ event }) => ({
                      source: 'card' as const,
                      readId: event.holder.readId ?? '',
                      maskedName: event.holder.maskedName,
                    }),
                    cardHint: 'none',
                  }),
                  openQuestion(() => 0),
                ],
              },
              // Read for something else (the wish came too late): lift the card and place it again.
              { actions: [assign({ cardHint: 'replace-card' }), activity] },
            ],
            ...cardStep.cardTransitions,
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
        submitted: {
          initial: 'shown',
          states: {
            shown: {
              meta: SCREENS.submitted,
              entry: [announceReceipt, 'focusHeading', ...idle.restartIdleTimer],
              exit: idle.stopIdleTimer,
              on: {
                NEXT_PAGE: {
                  guard: ({ context }) => context.receiptPage < RECEIPT_PAGES.length - 1,
                  actions: [
                    assign({ receiptPage: ({ context }) => context.receiptPage + 1 }),
                    activity,
                  ],
                },
                PREVIOUS_PAGE: {
                  guard: ({ context }) => context.receiptPage > 0,
                  actions: [
                    assign({ receiptPage: ({ context }) => context.receiptPage - 1 }),
                    activity,
                  ],
                },
                PRINT: 'printing',
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
                input: ({ context }) => ({ reference: context.receipt?.reference ?? '' }),
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
        onDone: {
          target: 'steps.submitted',
          actions: assign({ receipt: ({ event }) => event.output }),
        },
        onError: 'steps.submitFailed',
      },
    },
    // Everything the resident answered is forgotten here, however the flow ended.
    done: { type: 'final', entry: 'wipe' },
  },
});
