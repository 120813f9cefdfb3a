import type { ApplicationReceipt } from '../../agent/types.js';
import type { Language } from '../../i18n/languages.js';
import { spokenContent, spokenText, type ShownText } from '../../i18n/local-text.js';
import { translate } from '../../i18n/translate.js';
import { headerFor, spoken } from '../header.js';
import { endSession, idleFor } from '../idle.js';
import { stepFor } from '../step.js';
import { cardStepFor } from '../identify/card-step.js';
import { answerProblemMessage, draftProblem } from './answer-problems.js';
import type { ApplyContext, ApplyEvent } from './context.js';
import { flow } from './setup.js';
import {
  answerOf,
  askedOf,
  currentQuestion,
  draftOf,
  questionSpeech,
  whatNextOf,
} from './views.js';

/**
 * The apply machine's (./machine.ts) actions, built on its setup (./setup.ts) so they are typed
 * as its own: the shared header, idle and card-step parts, and the flow's answering, announcing
 * and leaving.
 */

export const header = headerFor(flow);
export const idle = idleFor(flow);
export const cardStep = cardStepFor(flow);
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
  const reference = [...receipt.reference.replaceAll('-', '')].join(' ');
  return translate(language, 'apply.receiptSpoken', {
    reference,
    destination: spokenContent(receipt.destination.name, language),
    description: language === 'zh-CN' ? receipt.destination.description : '',
    whatNext: spokenText(whatNext, language),
  });
}

export const announceQuestion = flow.enqueueActions(({ context, enqueue }) => {
  if (context.readAloud) {
    enqueue({ type: 'speak', params: spoken(context, questionSpeech(context)) });
  }
});

const announceProblem = flow.enqueueActions(({ context, enqueue }) => {
  const question = currentQuestion(context);
  if (context.readAloud && question && context.problem) {
    const text = answerProblemMessage(question, context.problem, context.language);
    enqueue({ type: 'speak', params: spoken(context, text) });
  }
});

export const announceReceipt = flow.enqueueActions(({ context, enqueue }) => {
  if (context.readAloud && context.receipt) {
    const text = receiptSpeech(context.receipt, whatNextOf(context), context.language);
    enqueue({ type: 'speak', params: spoken(context, text) });
  }
});

/** Opens question `index`, with its answer so far on the screen. */
export const openQuestion = (index: (context: ApplyContext, event: ApplyEvent) => number) =>
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
