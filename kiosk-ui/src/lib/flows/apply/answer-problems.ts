import type { AnswerProblem, ApplicationQuestion } from '@bianmin/contract/application-answers';
import type { Language } from '../../i18n/languages.js';
import { translate } from '../../i18n/translate.js';

/**
 * What is wrong with an answer, in the resident's language: the kiosk's own words for the
 * problems the contract's rule finds (its `answerProblemText` is the agent's, in Chinese).
 */
export function answerProblemMessage(
  question: ApplicationQuestion,
  problem: AnswerProblem,
  language: Language,
): string {
  switch (problem) {
    case 'required':
      return translate(
        language,
        question.kind === 'choice' ? 'answer.chooseOne' : 'answer.required',
      );
    case 'too-long':
      return question.kind === 'text'
        ? translate(language, 'answer.tooLong', { max: question.maxLength })
        : translate(language, 'answer.tooLongPlain');
    case 'not-an-option':
      return translate(language, 'answer.notAnOption');
    case 'not-a-number':
      return translate(language, 'answer.notANumber');
    case 'too-small':
      return question.kind === 'number'
        ? translate(language, 'answer.tooSmall', { min: question.min })
        : translate(language, 'answer.tooSmallPlain');
    case 'too-large':
      return question.kind === 'number'
        ? translate(language, 'answer.tooLarge', { max: question.max })
        : translate(language, 'answer.tooLargePlain');
    case 'not-a-date':
      return translate(language, 'answer.notADate');
    case 'date-in-future':
      return translate(language, 'answer.dateInFuture');
    case 'date-in-past':
      return translate(language, 'answer.dateInPast');
    case 'not-a-phone':
      return translate(language, 'answer.notAPhone');
  }
}
