/**
 * An application's questions and the rule for each answer (docs/flows.md, "Apply"). Pure code
 * without schemas, so the kiosk imports it as well as the agent
 * (`@bianmin/contract/application-answers`): a resident is told the same thing on the screen
 * that the agent would refuse with.
 */

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

interface QuestionBase {
  id: string;
  label: string;
  help?: string;
  required: boolean;
  fromCard?: CardField;
}

export type ApplicationQuestion = QuestionBase &
  (
    | { kind: 'choice'; options: { value: string; label: string }[] }
    | { kind: 'text'; maxLength: number }
    | { kind: 'number'; min: number; max: number; unit?: string }
    | { kind: 'date'; range: DateRange }
    | { kind: 'phone' }
  );

/** What is wrong with an answer, each with its own plain-word message (answerProblemText). */
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
  question: ApplicationQuestion,
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

/** What to tell the resident, in plain words, naming what to do. */
export function answerProblemText(question: ApplicationQuestion, problem: AnswerProblem): string {
  switch (problem) {
    case 'required':
      return question.kind === 'choice' ? '请选择一项。' : '这一项必须填写，请填写后再按下一步。';
    case 'too-long':
      return question.kind === 'text'
        ? `最多 ${question.maxLength} 个字，请删去一些。`
        : '太长了。';
    case 'not-an-option':
      return '请在列出的选项中选择一项。';
    case 'not-a-number':
      return '请只输入数字。';
    case 'too-small':
      return question.kind === 'number' ? `不能少于 ${question.min}。` : '数字太小。';
    case 'too-large':
      return question.kind === 'number' ? `不能多于 ${question.max}。` : '数字太大。';
    case 'not-a-date':
      return '请输入完整的日期：4 位年份、2 位月份、2 位日，例如 2026 11 26，并确认这一天存在。';
    case 'date-in-future':
      return '这个日期不能晚于今天。';
    case 'date-in-past':
      return '这个日期不能早于今天。';
    case 'not-a-phone':
      return '请输入 11 位手机号码，或带区号的固定电话，例如 0351 开头。';
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
