import {
  answerMessage,
  type AnswerProblem,
  type ApplicationQuestion,
} from '@bianmin/contract/application-answers';
import type { Language } from '../../i18n/languages.js';
import { translate } from '../../i18n/translate.js';

/**
 * What is wrong with an answer, in the resident's language: the contract picks the message and
 * its figures (the same rule the agent refuses with), the catalogues word it (docs/i18n.md).
 */
export function answerProblemMessage(
  question: ApplicationQuestion<unknown>,
  problem: AnswerProblem,
  language: Language,
): string {
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
