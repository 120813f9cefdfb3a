import {
  askedQuestions,
  dateFromDigits,
  type ApplicationQuestion,
} from '@bianmin/contract/application-answers';
import { listPageSize, pageOf, type Page } from '../../catalogue/paging.js';
import { TEXT_SCALES } from '../../screen-profile.js';
import { joinSentences, type Language } from '../../i18n/languages.js';
import { spokenContent } from '../../i18n/local-text.js';
import { translate } from '../../i18n/translate.js';
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

/** The answer as the agent takes it, from what is on the screen. */
export function answerOf(question: ApplicationQuestion, draft: string): string {
  return question.kind === 'date' ? dateFromDigits(draft) : draft.trim();
}

/** What the screen starts with for an answer already given. */
export function draftOf(question: ApplicationQuestion, answer: string): string {
  return question.kind === 'date' ? answer.replaceAll('-', '') : answer;
}

/** How many digits a keypad question takes. */
export function digitLimit(question: ApplicationQuestion): number {
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

export const usesKeypad = (question: ApplicationQuestion): boolean => digitLimit(question) > 0;

/** The keypad question's draft with one more digit, unless it is full. */
export function typeDigit(question: ApplicationQuestion, draft: string, digit: string): string {
  return /^\d$/.test(digit) && draft.length < digitLimit(question) ? draft + digit : draft;
}

const factor = (context: ViewContext) => TEXT_SCALES[context.textScale]?.factor ?? 1;

/**
 * Around a question's options stand, besides a list screen's chrome, the step indicator and
 * the 下一步 button, and a line for the hint and for "可以不填" where the question has them:
 * upper bounds in millimetres at text factor 1.
 */
const QUESTION_CHROME_MM = { step: 10, next: 29, line: 15 };

export function optionPage(context: ViewContext): Page<{ value: string; label: string }> {
  const question = currentQuestion(context);
  const options = question?.kind === 'choice' ? question.options : [];
  const { step, next, line } = QUESTION_CHROME_MM;
  const lines = (question?.help ? 1 : 0) + (question?.required === false ? 1 : 0);
  const chrome = (step + next + lines * line) * factor(context);
  const rows = listPageSize(context.screenHeightMm - chrome, factor(context));
  return pageOf(options, context.optionPage, rows);
}

/** One row of check-your-answers. */
export interface CheckRow {
  id: string;
  label: string;
  shown: string;
  /** Answers from the card cannot be changed here: they are the card's. */
  changeable: boolean;
}

/** An ID number on screen: the first 4 and last 4 characters, the rest hidden. */
const maskedIdNumber = (idNumber: string) =>
  `${idNumber.slice(0, 4)}${'*'.repeat(Math.max(0, idNumber.length - 8))}${idNumber.slice(-4)}`;

function shown(question: ApplicationQuestion, answer: string, language: Language): string {
  if (answer === '') return translate(language, 'apply.unanswered');
  switch (question.kind) {
    case 'choice':
      return question.options.find((o) => o.value === answer)?.label ?? answer;
    case 'number':
      return question.unit ? `${answer} ${question.unit}` : answer;
    default:
      return answer;
  }
}

export function checkRows(context: ViewContext): CheckRow[] {
  const { identity, language } = context;
  const fromIdentity = context.service.application.questions.flatMap((q): CheckRow[] => {
    if (q.fromCard === 'name' && identity?.source === 'card') {
      return [
        {
          id: q.id,
          label: q.label,
          shown: translate(language, 'apply.fromCard', { name: identity.maskedName }),
          changeable: false,
        },
      ];
    }
    if (q.fromCard === 'idNumber' && identity) {
      const shownNumber =
        identity.source === 'card'
          ? translate(language, 'apply.numberFromCard')
          : maskedIdNumber(identity.idNumber);
      return [{ id: q.id, label: q.label, shown: shownNumber, changeable: false }];
    }
    return [];
  });
  const answered = askedOf(context).map((q) => ({
    id: q.id,
    label: q.label,
    shown: shown(q, context.answers[q.id] ?? '', language),
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
  const free = context.screenHeightMm - fixedChrome - scaledChrome * factor(context);
  const rows = Math.max(1, Math.floor(free / (row * factor(context))));
  return pageOf(checkRows(context), context.checkPage, rows);
}

/** The confirmation's pages, one part each, so each fits the glass at the largest size. */
export const RECEIPT_PAGES = ['reference', 'destination', 'what-next'] as const;

/** 第 n 步 / 共 m 步: the identity step, one per question asked, and the check. */
export function applyStep(
  context: ViewContext,
  screen: 'identify' | 'question' | 'check',
): { step: number; of: number } {
  const of = askedOf(context).length + 2;
  if (screen === 'identify') return { step: 1, of };
  return screen === 'check' ? { step: of, of } : { step: context.questionIndex + 2, of };
}

/** What read-aloud says on a question: the question, its hint and the choices. */
export function questionSpeech(context: ViewContext): string {
  const question = currentQuestion(context);
  if (!question) return '';
  const { language } = context;
  const options =
    question.kind === 'choice'
      ? translate(language, 'apply.chooseFrom', {
          options: optionPage(context)
            .items.map((o) => o.label)
            .join(translate(language, 'list.separator')),
        })
      : '';
  const optional = question.required ? '' : translate(language, 'apply.optionalSpoken');
  // The form is written in Chinese only (docs/i18n.md).
  if (language !== 'zh-CN') {
    return joinSentences(language, [spokenContent(question.label, language), optional]);
  }
  return [question.label, question.help ?? '', options, optional].join('');
}
