import {
  askedQuestions,
  dateFromDigits,
  mapQuestionText,
  type ApplicationQuestion,
} from '@bianmin/contract/application-answers';
import { pageOf, rowsFitting, screenRoomMm, type Page } from '../../catalogue/paging.js';
import { textFactor } from '../../styles/text-sizes.js';
import { DEFAULT_LANGUAGE, joinSentences, type Language } from '../../i18n/languages.js';
import { localized, spokenContent, spokenText, type ShownText } from '../../i18n/local-text.js';
import { translate, translateParts } from '../../i18n/translate.js';
import type { PlainKey } from '../../i18n/catalogue.js';
import type { ApplyContext } from './context.js';

/**
 * What each screen of the apply flow shows, from the machine's context: the machine's guards
 * and the page read the same questions and pages, so every 下一页 shown is one it takes.
 */
type ViewContext = Pick<
  ApplyContext,
  | 'service'
  | 'identity'
  | 'questionIndex'
  | 'answers'
  | 'draft'
  | 'optionPage'
  | 'checkPage'
  | 'screenHeightMm'
  | 'portrait'
  | 'readAloud'
  | 'textScale'
  | 'language'
>;

/** The questions this resident is asked: those their card or typed number answered are not. */
export function askedOf(context: Pick<ViewContext, 'service' | 'identity'>): ApplicationQuestion[] {
  return askedQuestions(context.service.application.questions, context.identity?.source ?? 'card');
}

export function currentQuestion(context: ViewContext): ApplicationQuestion | undefined {
  return askedOf(context)[context.questionIndex];
}

/** A question as the screen shows it: each word in the resident's language where the form has it. */
export type ShownQuestion = ApplicationQuestion<ShownText>;

export function shownQuestion(context: ViewContext): ShownQuestion | undefined {
  const question = currentQuestion(context);
  return question && mapQuestionText(question, (text) => localized(text, context.language));
}

/** The answer as the agent takes it, from what is on the screen. */
export function answerOf(question: ApplicationQuestion<unknown>, draft: string): string {
  return question.kind === 'date' ? dateFromDigits(draft) : draft.trim();
}

/** What the screen starts with for an answer already given. */
function draftOf(question: ApplicationQuestion<unknown>, answer: string): string {
  return question.kind === 'date' ? answer.replaceAll('-', '') : answer;
}

/** Question `index` opened, with its answer so far on the screen. */
export function questionOpened(
  context: Pick<ViewContext, 'service' | 'identity' | 'answers'>,
  index: number,
) {
  const questionIndex = Math.max(0, index);
  const question = askedOf(context)[questionIndex];
  const answer = question ? (context.answers[question.id] ?? '') : '';
  return {
    questionIndex,
    draft: question ? draftOf(question, answer) : '',
    problem: null,
    optionPage: 0,
  };
}

/** How many digits a keypad question takes. */
export function digitLimit(question: ApplicationQuestion<unknown>): number {
  switch (question.kind) {
    case 'date':
      return 8;
    case 'phone':
      return 12;
    case 'number':
      return String(question.max).length;
    default:
      return 0;
  }
}

export const usesKeypad = (question: ApplicationQuestion<unknown>): boolean =>
  digitLimit(question) > 0;

/** The keypad question's draft with one more digit, unless it is full. */
export function typeDigit(
  question: ApplicationQuestion<unknown>,
  draft: string,
  digit: string,
): string {
  return /^\d$/.test(digit) && draft.length < digitLimit(question) ? draft + digit : draft;
}

const factor = (context: ViewContext) => textFactor(context.textScale);

/**
 * Around a question's options stand the header, the question, the row of page buttons, the step
 * indicator and the 下一步 button, and a line for the hint and for "可以不填" where the question
 * has them: upper bounds in millimetres at text factor 1, and the page's margins, which do not
 * grow with the text.
 */
const QUESTION_CHROME_MM = { scaled: 30 + 36 + 30, fixed: 24, step: 10, next: 29, line: 15 };

export function optionPage(context: ViewContext): Page<{ value: string; label: ShownText }> {
  const question = shownQuestion(context);
  const options = question?.kind === 'choice' ? question.options : [];
  const { scaled, fixed, step, next, line } = QUESTION_CHROME_MM;
  const lines = (question?.help ? 1 : 0) + (question?.required === false ? 1 : 0);
  const chrome = fixed + (scaled + step + next + lines * line) * factor(context);
  const rows = rowsFitting(screenRoomMm(context) - chrome, factor(context));
  return pageOf(options, context.optionPage, rows);
}

/** One row of check-your-answers: the question, and the answer in its parts' languages. */
export interface CheckRow {
  id: string;
  label: ShownText;
  shown: ShownText[];
  /** Answers from the card cannot be changed here: they are the card's. */
  changeable: boolean;
}

/** An ID number on screen: the first 4 and last 4 characters, the rest hidden. */
const maskedIdNumber = (idNumber: string) =>
  `${idNumber.slice(0, 4)}${'*'.repeat(Math.max(0, idNumber.length - 8))}${idNumber.slice(-4)}`;

/**
 * A name or an answer as written, in the language of its script: Chinese characters are read
 * as Chinese on an English screen too (a name from the card, an address typed in Chinese).
 */
const written = (text: string, language: Language): ShownText => ({
  text,
  language: /\p{Script=Han}/u.test(text) ? DEFAULT_LANGUAGE : language,
});

function shownAnswer(
  question: ApplicationQuestion,
  answer: string,
  language: Language,
): ShownText[] {
  if (answer === '') return [{ text: translate(language, 'apply.unanswered'), language }];
  switch (question.kind) {
    case 'choice': {
      const option = question.options.find((o) => o.value === answer);
      return [option ? localized(option.label, language) : written(answer, language)];
    }
    case 'number':
      return question.unit
        ? [{ text: `${answer} `, language }, localized(question.unit, language)]
        : [{ text: answer, language }];
    default:
      return [written(answer, language)];
  }
}

export function checkRows(context: ViewContext): CheckRow[] {
  const { identity, language } = context;
  const label = (q: ApplicationQuestion) => localized(q.label, language);
  const fromIdentity = context.service.application.questions.flatMap((q): CheckRow[] => {
    if (q.fromCard === 'name' && identity?.source === 'card') {
      const parts = translateParts(language, 'apply.fromCard', { name: identity.maskedName });
      const shown = parts.map((part) =>
        part.param === 'name' ? written(part.text, language) : { text: part.text, language },
      );
      return [{ id: q.id, label: label(q), shown, changeable: false }];
    }
    if (q.fromCard === 'idNumber' && identity) {
      const shownNumber =
        identity.source === 'card'
          ? translate(language, 'apply.numberFromCard')
          : maskedIdNumber(identity.idNumber);
      const shown = [{ text: shownNumber, language }];
      return [{ id: q.id, label: label(q), shown, changeable: false }];
    }
    return [];
  });
  const answered = askedOf(context).map((q) => ({
    id: q.id,
    label: label(q),
    shown: shownAnswer(q, context.answers[q.id] ?? '', language),
    changeable: true,
  }));
  return [...fromIdentity, ...answered];
}

/**
 * Check your answers in millimetres at text factor 1: a row is its label and its answer on two
 * lines of body text with the 修改 button beside them; around the rows stand the header, the
 * step indicator, the heading and one row of buttons (提交申请 takes 下一页's place on the last
 * page, so every answer is seen before submitting), and the page's fixed margins.
 */
const CHECK_LAYOUT_MM = { row: 37, scaledChrome: 30 + 10 + 36 + 30, fixedChrome: 24 };

export function checkPage(context: ViewContext): Page<CheckRow> {
  const { row, scaledChrome, fixedChrome } = CHECK_LAYOUT_MM;
  const free = screenRoomMm(context) - fixedChrome - scaledChrome * factor(context);
  const rows = Math.max(1, Math.floor(free / (row * factor(context))));
  return pageOf(checkRows(context), context.checkPage, rows);
}

/**
 * The confirmation's pages, one part each, so each fits the glass at the largest size: the
 * phone's QR code has a page of its own, as the reference page is already full at 超大.
 */
export const RECEIPT_PAGES = ['reference', 'phone', 'destination', 'what-next'] as const;

/** 第 n 步 / 共 m 步: the identity step, one per question asked, and the check. */
export function applyStep(
  context: ViewContext,
  screen: 'identify' | 'question' | 'check',
): { step: number; of: number } {
  const of = askedOf(context).length + 2;
  if (screen === 'identify') return { step: 1, of };
  return screen === 'check' ? { step: of, of } : { step: context.questionIndex + 2, of };
}

/** What happens after submitting, as the confirmation shows it. */
export function whatNextOf(context: Pick<ViewContext, 'service' | 'language'>): ShownText {
  return localized(context.service.application.whatNext, context.language);
}

/** A form's hint may end without a full stop; said aloud, it is a sentence, so it gets one. */
const FULL_STOP: Record<Language, string> = { 'zh-CN': '。', en: '.' };
const sentence = (text: string, language: Language) =>
  /[.?!。？！]$/u.test(text) ? text : `${text}${FULL_STOP[language]}`;

/**
 * What read-aloud says on a question, in the resident's language: the question, its hint and
 * the choices on the page. A word the form has only in Chinese is said to be only in Chinese.
 */
export function questionSpeech(context: ViewContext): string {
  const question = shownQuestion(context);
  if (!question) return '';
  const { language } = context;
  const say = (text: ShownText) => spokenText(text, language);
  // One "only in Chinese" for all the untranslated choices, not one each.
  const choices = [...new Set(optionPage(context).items.map((o) => say(o.label)))];
  const options =
    question.kind === 'choice'
      ? translate(language, 'apply.chooseFrom', {
          options: choices.join(translate(language, 'list.separator')),
        })
      : '';
  const optional = question.required ? '' : translate(language, 'apply.optionalSpoken');
  const help = question.help ? sentence(say(question.help), language) : '';
  return joinSentences(language, [say(question.label), help, options, optional]);
}

/**
 * What the confirmation says of the slip, as its screen shows it: printed, not printed, or
 * none to be had while the printer is faulted; null before any is asked for.
 */
export function slipNote(context: Pick<ApplyContext, 'print' | 'printerAvailable'>) {
  if (context.print?.ok) return 'apply.printed' as const;
  if (!context.printerAvailable) return 'apply.noPrinter' as const;
  return context.print ? ('apply.printFailed' as const) : null;
}

/** A reference number as read-aloud says it: digit by digit, without its dashes. */
export const spokenReference = (reference: string): string =>
  [...reference.replaceAll('-', '')].join(' ');

/**
 * What read-aloud says on turning to a page of the confirmation: the page's title and what it
 * shows, as the screen (screens/apply/ApplySubmitted.svelte) has it. The reference page's
 * line under the number is the slip's note, or else where the next page leads.
 */
export function receiptPageSpeech(
  context: Pick<ApplyContext, 'receipt' | 'receiptPage' | 'print' | 'printerAvailable'> &
    Pick<ViewContext, 'service' | 'language'>,
): string {
  const { language, receipt } = context;
  if (!receipt) return '';
  const say = (key: PlainKey) => translate(language, key);
  const reference = sentence(
    translate(language, 'apply.reference', { reference: spokenReference(receipt.reference) }),
    language,
  );
  switch (RECEIPT_PAGES[context.receiptPage]) {
    case 'phone':
      return joinSentences(language, [
        sentence(say('apply.phoneTitle'), language),
        say('apply.qrHint'),
        reference,
      ]);
    case 'destination':
      return joinSentences(language, [
        sentence(say('apply.destinationTitle'), language),
        sentence(spokenContent(receipt.destination.name, language), language),
        language === 'zh-CN' ? receipt.destination.description : '',
        reference,
      ]);
    case 'what-next':
      return joinSentences(language, [
        sentence(say('apply.whatNextTitle'), language),
        spokenText(whatNextOf(context), language),
        say('reminder.belongings'),
      ]);
    default:
      return joinSentences(language, [
        sentence(say('apply.submittedTitle'), language),
        reference,
        say(slipNote(context) ?? 'apply.seeNext'),
      ]);
  }
}
