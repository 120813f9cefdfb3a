import type { ApplicationReceipt } from '../../agent/types.js';
import { spokenContent, spokenText, type ShownText } from '../../i18n/local-text.js';
import { joinSentences, type Language } from '../../i18n/languages.js';
import { translate } from '../../i18n/translate.js';
import { printerReported } from '../printer.js';
import { headerFor, spoken } from '../header.js';
import { endSession, idleFor } from '../idle.js';
import { stepFor } from '../step.js';
import { cardStepFor } from '../identify/card-step.js';
import { answerProblemMessage, draftProblem } from './answer-problems.js';
import type { ApplyContext, ApplyEvent } from './context.js';
import { IDENTIFY_SPEECH } from './screens.js';
import { flow } from './setup.js';
import {
  answerOf,
  currentQuestion,
  questionOpened,
  questionSpeech,
  receiptPageSpeech,
  slipNote,
  spokenReference,
  whatNextOf,
} from './views.js';

/**
 * The apply machine's (./machine.ts) actions, built on its setup (./setup.ts) so they are typed
 * as its own: the shared header, idle and card-step parts, and the flow's answering, announcing
 * and leaving.
 */

export const header = headerFor(flow);
export const idle = idleFor(flow);
export const cardStep = cardStepFor(flow, IDENTIFY_SPEECH);
export const activity = flow.raise({ type: 'ACTIVITY' });

export const step = stepFor(header, idle);

export const leave = (reason: 'finished' | 'cancelled') => ({
  target: '#apply.done' as const,
  actions: endSession(reason),
});

/** What read-aloud says of the confirmation: the reference and where the application went. */
function receiptSpeech(
  receipt: ApplicationReceipt,
  whatNext: ShownText,
  language: Language,
): string {
  return translate(language, 'apply.receiptSpoken', {
    reference: spokenReference(receipt.reference),
    destination: spokenContent(receipt.destination.name, language),
    description: language === 'zh-CN' ? receipt.destination.description : '',
    whatNext: spokenText(whatNext, language),
  });
}

// A question opened with a problem (the agent refused its answer) says the problem first:
// a second utterance would cut the first short.
export const announceQuestion = flow.enqueueActions(({ context, enqueue }) => {
  const { language } = context;
  const question = currentQuestion(context);
  if (context.readAloud) {
    const problem =
      question && context.problem ? answerProblemMessage(question, context.problem, language) : '';
    const text = joinSentences(language, [problem, questionSpeech(context)]);
    enqueue({ type: 'speak', params: spoken(context, text) });
  }
});

const announceProblem = flow.enqueueActions(({ context, enqueue }) => {
  const question = currentQuestion(context);
  if (context.readAloud && question && context.problem) {
    const text = answerProblemMessage(question, context.problem, context.language);
    enqueue({ type: 'speak', params: spoken(context, text) });
  }
});

/**
 * The confirmation read aloud: whole on its first page (on arriving, and with read-aloud turned
 * on or a new language there), and on a later page that page, as the screen shows it.
 */
export const announceReceipt = flow.enqueueActions(({ context, enqueue }) => {
  if (context.readAloud && context.receipt && context.receiptPage > 0) {
    enqueue({ type: 'speak', params: spoken(context, receiptPageSpeech(context)) });
  } else if (context.readAloud && context.receipt) {
    const { language } = context;
    const note = slipNote(context);
    // The line under the number on the screen: the slip's note, or where the next page leads.
    const text = joinSentences(language, [
      receiptSpeech(context.receipt, whatNextOf(context), language),
      translate(language, note ?? 'apply.seeNext'),
    ]);
    enqueue({ type: 'speak', params: spoken(context, text) });
  }
});

/** Turning a page of the confirmation with read-aloud on says that page, as a guide's does. */
export const announceReceiptPage = flow.enqueueActions(({ context, enqueue }) => {
  if (context.readAloud && context.receipt) {
    enqueue({ type: 'speak', params: spoken(context, receiptPageSpeech(context)) });
  }
});

export const printerAvailability = flow.assign({
  printerAvailable: ({ context, event }) => printerReported(event, context.printerAvailable),
});

/**
 * On the confirmation, the printer stopping or coming back changes what it offers: said with
 * read-aloud on, without moving the resident's focus.
 */
export const announcePrinterChange = flow.enqueueActions(({ context, event, enqueue }) => {
  const available = printerReported(event, context.printerAvailable);
  if (!context.readAloud || available === context.printerAvailable || context.print?.ok) return;
  const key = available ? 'speech.applyPrinterBack' : 'apply.noPrinter';
  enqueue({ type: 'speak', params: spoken(context, translate(context.language, key)) });
});

/** Opens question `index`, with its answer so far on the screen. */
export const openQuestion = (index: (context: ApplyContext, event: ApplyEvent) => number) =>
  flow.assign(({ context, event }) => questionOpened(context, index(context, event)));

/** The card the agent read for the application: its handle and the masked name only. */
export const cardIdentity = flow.assign({
  identity: ({ context, event }) =>
    event.type === 'CARD_READ'
      ? {
          source: 'card' as const,
          readId: event.holder.readId ?? '',
          maskedName: event.holder.maskedName,
        }
      : context.identity,
  cardHint: 'none',
});

export const saveAnswer = flow.assign({
  answers: ({ context }) => {
    const question = currentQuestion(context);
    if (!question) return context.answers;
    return { ...context.answers, [question.id]: answerOf(question, context.draft) };
  },
  problem: null,
});

export const refuseAnswer = [
  flow.assign({ problem: ({ context }) => draftProblem(context) }),
  announceProblem,
  activity,
];

export const editDraft = (draft: (context: ApplyContext, event: ApplyEvent) => string) => [
  flow.assign({
    draft: ({ context, event }) => draft(context, event),
    problem: null,
  }),
  activity,
];
