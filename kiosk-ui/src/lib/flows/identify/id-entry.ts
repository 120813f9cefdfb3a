import {
  ID_NUMBER_LENGTH,
  PRIORITY_AGE,
  ageOnDate,
  birthDateOf,
  type IdNumberProblem,
} from '@bianmin/contract/id-number';
import type { Language } from '../../i18n/languages.js';
import { terminalDate } from '../../terminal-date.js';
import { translate } from '../../i18n/translate.js';

/**
 * Typing an ID number on the on-screen keypad, for any flow's identify step: the keys, the
 * 6-8-4 grouping the card prints, what to say when it is wrong, and the age rule. The number
 * lives only in the flow's context until it is checked, and nothing here keeps or sends it.
 */
export type { IdNumberProblem };
export { idNumberProblem } from '@bianmin/contract/id-number';

export type IdKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | 'X';
export const ID_KEYS: IdKey[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', '0'];

/** The keypad's own taps: the card step (./card-step.ts) handles them alike in every flow. */
export type IdKeypadEvent =
  { type: 'ID_KEY'; key: IdKey } | { type: 'ID_DELETE' } | { type: 'ID_CLEAR' };

/**
 * Every tap on the typed-number screen (screens/IdNumberEntry.svelte), declared once so each
 * flow that shows it takes the same events; what ID_CONFIRM and BACK lead to is the flow's own,
 * and CANCEL (首页) is every flow's way home (../idle.ts).
 */
export type IdEntryEvent =
  IdKeypadEvent | { type: 'ID_CONFIRM' } | { type: 'BACK' } | { type: 'CANCEL' };

/** The typed number with one more key, unless it is full. */
export function typeIdKey(entered: string, key: IdKey): string {
  return entered.length < ID_NUMBER_LENGTH ? entered + key : entered;
}

/** Area, birth date, sequence and check: 110105 19491231 002X, as far as typed. */
export function groupIdNumber(entered: string): string[] {
  return [entered.slice(0, 6), entered.slice(6, 14), entered.slice(14)].filter((g) => g !== '');
}

/** What is wrong, naming the part, without reading any digit out. */
export function idProblemText(
  problem: IdNumberProblem,
  entered: string,
  language: Language,
): string {
  switch (problem) {
    case 'length':
      return entered.length < ID_NUMBER_LENGTH
        ? translate(language, 'idNumber.problem.short', {
            missing: ID_NUMBER_LENGTH - entered.length,
          })
        : translate(language, 'idNumber.problem.length');
    case 'x-not-last':
      return translate(language, 'idNumber.problem.xNotLast');
    case 'birth-date':
      return translate(language, 'idNumber.problem.birthDate');
    case 'check-digit':
      return translate(language, 'idNumber.problem.checkDigit');
  }
}

/** The card's age rule, from a checked number's birth date: 65 or over goes first. */
export function priorityByAge(idNumber: string, now: Date, timeZone: string): boolean {
  const birth = birthDateOf(idNumber);
  return birth !== undefined && ageOnDate(birth, terminalDate(now, timeZone)) >= PRIORITY_AGE;
}
