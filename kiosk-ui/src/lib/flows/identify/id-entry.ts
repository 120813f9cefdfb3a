import {
  ID_NUMBER_LENGTH,
  PRIORITY_AGE,
  ageOnDate,
  birthDateOf,
  type IdNumberProblem,
} from '@bianmin/contract/id-number';

/**
 * Typing an ID number on the on-screen keypad, for any flow's identify step: the keys, the
 * 6-8-4 grouping the card prints, what to say when it is wrong, and the age rule. The number
 * lives only in the flow's context until it is checked, and nothing here keeps or sends it.
 */
export type { IdNumberProblem };
export { idNumberProblem } from '@bianmin/contract/id-number';

export type IdKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | 'X';
export const ID_KEYS: IdKey[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', '0'];

/** The typed number with one more key, unless it is full. */
export function typeIdKey(entered: string, key: IdKey): string {
  return entered.length < ID_NUMBER_LENGTH ? entered + key : entered;
}

/** Area, birth date, sequence and check: 110105 19491231 002X, as far as typed. */
export function groupIdNumber(entered: string): string[] {
  return [entered.slice(0, 6), entered.slice(6, 14), entered.slice(14)].filter((g) => g !== '');
}

/** What is wrong, naming the part, without reading any digit out. */
export function idProblemText(problem: IdNumberProblem, entered: string): string {
  switch (problem) {
    case 'length':
      return entered.length < ID_NUMBER_LENGTH
        ? `号码应为 18 位，还差 ${ID_NUMBER_LENGTH - entered.length} 位。`
        : '号码应为 18 位。';
    case 'x-not-last':
      return 'X 只能是最后一位，请检查前 17 位。';
    case 'birth-date':
      return '第 7 到 14 位是出生日期（年月日），这几位不是有效日期，请核对。';
    case 'check-digit':
      return '最后一位校验码与前面的号码不符，可能有一位输错了，请逐段核对。';
  }
}

/** The local calendar date of the terminal, 'YYYY-MM-DD'. */
function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The card's age rule, from a checked number's birth date: 65 or over goes first. */
export function priorityByAge(idNumber: string, now: Date): boolean {
  const birth = birthDateOf(idNumber);
  return birth !== undefined && ageOnDate(birth, localDate(now)) >= PRIORITY_AGE;
}
