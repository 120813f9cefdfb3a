/**
 * An application's questions and the rule for each answer (docs/flows.md, "Apply"). Pure code
 * without schemas, so the kiosk imports it as well as the agent
 * (`@bianmin/contract/application-answers`): a resident is told the same thing on the screen
 * that the agent would refuse with.
 */

import type { LocalText } from './agent/local-text.js';

export const QUESTION_KINDS = ['choice', 'text', 'number', 'date', 'phone'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/**
 * What a question may take from the identity step instead of asking: the ID number always
 * comes from the card or the keypad; the name comes from a card, and is asked only when the
 * number was typed.
 */
export const CARD_FIELDS = ['name', 'idNumber'] as const;
export type CardField = (typeof CARD_FIELDS)[number];

/** Which days a date question takes: any, none after today, or none before today. */
export const DATE_RANGES = ['any', 'past', 'future'] as const;
export type DateRange = (typeof DATE_RANGES)[number];

interface QuestionBase<Text> {
  id: string;
  label: Text;
  help?: Text;
  required: boolean;
  fromCard?: CardField;
}

/**
 * A question of a form. Its words (`Text`) are each in every language the catalogue has
 * (`LocalText`, as the agent gives it); the kiosk shows them resolved to the resident's
 * language. The rules below read no words, so they take a question with words of any kind.
 */
export type ApplicationQuestion<Text = LocalText> = QuestionBase<Text> &
  (
    | { kind: 'choice'; options: { value: string; label: Text }[] }
    | { kind: 'text'; maxLength: number }
    | { kind: 'number'; min: number; max: number; unit?: Text }
    | { kind: 'date'; range: DateRange }
    | { kind: 'phone' }
  );

/**
 * The question with each of its words turned by `word`: the kiosk's in the resident's language,
 * the agent's in Chinese for the slip and the back office (docs/i18n.md).
 */
export function mapQuestionText<From, To>(
  question: ApplicationQuestion<From>,
  word: (text: From) => To,
): ApplicationQuestion<To> {
  const common = {
    id: question.id,
    label: word(question.label),
    required: question.required,
    ...(question.help !== undefined && { help: word(question.help) }),
    ...(question.fromCard !== undefined && { fromCard: question.fromCard }),
  };
  switch (question.kind) {
    case 'choice': {
      const options = question.options.map((o) => ({ value: o.value, label: word(o.label) }));
      return { ...common, kind: question.kind, options };
    }
    case 'text':
      return { ...common, kind: question.kind, maxLength: question.maxLength };
    case 'number': {
      const { min, max, unit } = question;
      return {
        ...common,
        kind: question.kind,
        min,
        max,
        ...(unit !== undefined && { unit: word(unit) }),
      };
    }
    case 'date':
      return { ...common, kind: question.kind, range: question.range };
    case 'phone':
      return { ...common, kind: question.kind };
  }
}

/** What is wrong with an answer, each with its own plain-word message (answerMessage). */
export type AnswerProblem =
  | 'required'
  | 'too-long'
  | 'not-an-option'
  | 'not-a-number'
  | 'too-small'
  | 'too-large'
  | 'not-a-date'
  | 'date-in-future'
  | 'date-in-past'
  | 'not-a-phone';

/** Mobile numbers (11 digits from 13x to 19x) or a landline with its 0 area code (10-12). */
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{9,11}$/;

const isCalendarDate = (text: string) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/**
 * The problem with `answer` (the answer as text: a choice's value, digits, 'YYYY-MM-DD'; ''
 * for none), or null. `today` is the terminal's local date, 'YYYY-MM-DD'.
 */
export function answerProblem(
  question: ApplicationQuestion<unknown>,
  answer: string,
  today: string,
): AnswerProblem | null {
  if (answer.trim() === '') return question.required ? 'required' : null;
  switch (question.kind) {
    case 'choice':
      return question.options.some((o) => o.value === answer) ? null : 'not-an-option';
    case 'text':
      return [...answer.trim()].length > question.maxLength ? 'too-long' : null;
    case 'number': {
      if (!/^\d{1,9}$/.test(answer)) return 'not-a-number';
      const value = Number(answer);
      if (value < question.min) return 'too-small';
      return value > question.max ? 'too-large' : null;
    }
    case 'date':
      if (!isCalendarDate(answer)) return 'not-a-date';
      if (question.range === 'past' && answer > today) return 'date-in-future';
      return question.range === 'future' && answer < today ? 'date-in-past' : null;
    case 'phone':
      return MOBILE.test(answer) || LANDLINE.test(answer) ? null : 'not-a-phone';
  }
}

/**
 * Which message tells the resident what is wrong, with the figures it names. The words are the
 * kiosk's, one catalogue per language (`answer.<message>`, docs/i18n.md); this decides once
 * which message a problem with a question gets.
 */
export type AnswerMessage =
  | {
      message:
        | 'chooseOne'
        | 'required'
        | 'tooLongPlain'
        | 'notAnOption'
        | 'notANumber'
        | 'tooSmallPlain'
        | 'tooLargePlain'
        | 'notADate'
        | 'dateInFuture'
        | 'dateInPast'
        | 'notAPhone';
    }
  | { message: 'tooLong'; max: number }
  | { message: 'tooSmall'; min: number }
  | { message: 'tooLarge'; max: number };

export function answerMessage(
  question: ApplicationQuestion<unknown>,
  problem: AnswerProblem,
): AnswerMessage {
  switch (problem) {
    case 'required':
      return { message: question.kind === 'choice' ? 'chooseOne' : 'required' };
    case 'too-long':
      return question.kind === 'text'
        ? { message: 'tooLong', max: question.maxLength }
        : { message: 'tooLongPlain' };
    case 'not-an-option':
      return { message: 'notAnOption' };
    case 'not-a-number':
      return { message: 'notANumber' };
    case 'too-small':
      return question.kind === 'number'
        ? { message: 'tooSmall', min: question.min }
        : { message: 'tooSmallPlain' };
    case 'too-large':
      return question.kind === 'number'
        ? { message: 'tooLarge', max: question.max }
        : { message: 'tooLargePlain' };
    case 'not-a-date':
      return { message: 'notADate' };
    case 'date-in-future':
      return { message: 'dateInFuture' };
    case 'date-in-past':
      return { message: 'dateInPast' };
    case 'not-a-phone':
      return { message: 'notAPhone' };
  }
}

/** The questions the resident is asked: those the identity step answered are left out. */
export function askedQuestions<Q extends Pick<ApplicationQuestion, 'fromCard'>>(
  questions: readonly Q[],
  identity: 'card' | 'id-number',
): Q[] {
  return questions.filter(
    (q) => q.fromCard === undefined || (q.fromCard === 'name' && identity === 'id-number'),
  );
}

/** 'YYYY-MM-DD' from the 8 digits typed on a date keypad, as far as typed. */
export function dateFromDigits(digits: string): string {
  return [digits.slice(0, 4), digits.slice(4, 6), digits.slice(6, 8)]
    .filter((part) => part !== '')
    .join('-');
}

/** An application's reference (受理编号): per terminal per day, e.g. SQ-20261126-0007. */
export const REFERENCE_PATTERN = '^SQ-\\d{8}-\\d{4}$';
