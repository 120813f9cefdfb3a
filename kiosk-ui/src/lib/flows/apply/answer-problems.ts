import {
  answerMessage,
  answerProblem,
  type AnswerProblem,
  type ApplicationQuestion,
} from '@bianmin/contract/application-answers';
import type { Language } from '../../i18n/languages.js';
import { terminalDate } from '../../terminal-date.js';
import { translate } from '../../i18n/translate.js';
import type { ApplyContext } from './context.js';
import { answerOf, askedOf, currentQuestion, questionOpened } from './views.js';

/**
 * What the question's screen says is wrong: the answer rule's problem, or `not-accepted` when
 * the agent refused an answer this rule passes (their forms or dates differ).
 */
export type ShownProblem = AnswerProblem | 'not-accepted';

/** What is wrong with the answer on the screen, if anything. */
export function draftProblem(context: ApplyContext) {
  const question = currentQuestion(context);
  return question
    ? answerProblem(
        question,
        answerOf(question, context.draft),
        terminalDate(new Date(), context.timeZone),
      )
    : null;
}

/**
 * The question whose answer the agent refused, opened with what is wrong with it; once
 * answered, check-your-answers follows, as after a change.
 */
export function refusedQuestionOpened(context: ApplyContext, questionId: string) {
  const opened = questionOpened(
    context,
    askedOf(context).findIndex((q) => q.id === questionId),
  );
  const problem: ShownProblem = draftProblem({ ...context, ...opened }) ?? 'not-accepted';
  return { ...opened, problem, returnToCheck: true };
}

/**
 * What is wrong with an answer, in the resident's language: the contract picks the message and
 * its figures (the same rule the agent refuses with), the catalogues word it (docs/i18n.md).
 */
export function answerProblemMessage(
  question: ApplicationQuestion<unknown>,
  problem: ShownProblem,
  language: Language,
): string {
  if (problem === 'not-accepted') return translate(language, 'answer.notAccepted');
  const found = answerMessage(question, problem);
  switch (found.message) {
    case 'tooLong':
      return translate(language, 'answer.tooLong', { max: found.max });
    case 'tooSmall':
      return translate(language, 'answer.tooSmall', { min: found.min });
    case 'tooLarge':
      return translate(language, 'answer.tooLarge', { max: found.max });
    default:
      return translate(language, `answer.${found.message}`);
  }
}
