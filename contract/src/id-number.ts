/**
 * The resident ID number (公民身份号码, GB 11643): 6 digits of area, 8 of birth date
 * (YYYYMMDD), 3 of sequence and one check character (ISO 7064 MOD 11-2, '0'-'9' or 'X'). Pure
 * code without schemas, so the kiosk imports it as well as the agent
 * (`@bianmin/contract/id-number`): the same rule on both sides.
 */

/** GB 11643 weights: 2^(17-i) mod 11 for the first 17 characters. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export const ID_NUMBER_LENGTH = 18;

/** Age from which a resident gets a 绿色通道 (priority) ticket without being asked. */
export const PRIORITY_AGE = 65;

/**
 * ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number ('0'-'9' or
 * 'X'), or undefined when the input is not exactly 17 ASCII digits.
 */
export function idNumberCheckDigit(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11];
}

/**
 * True for 17 digits followed by the matching MOD 11-2 check character (upper-case X, as
 * cards store it). Checks the format and check character only, not the embedded date or area,
 * so it also fits the 2023 foreign permanent residence card numbers.
 */
export function isValidIdNumber(s: string): boolean {
  return s.length === ID_NUMBER_LENGTH && idNumberCheckDigit(s.slice(0, 17)) === s[17];
}

/**
 * What is wrong with a typed ID number, in the order a resident would fix it: too short or
 * long, an X anywhere but last, a birth date (characters 7-14) that is no calendar date, or a
 * check character that does not match the rest (a digit mistyped somewhere).
 */
export type IdNumberProblem = 'length' | 'x-not-last' | 'birth-date' | 'check-digit';

const isCalendarDate = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/** The birth date written in an ID number, 'YYYY-MM-DD', if it is a calendar date. */
export function birthDateOf(idNumber: string): string | undefined {
  const digits = idNumber.slice(6, 14);
  if (!/^\d{8}$/.test(digits)) return undefined;
  const [y, m, d] = [digits.slice(0, 4), digits.slice(4, 6), digits.slice(6, 8)];
  return isCalendarDate(Number(y), Number(m), Number(d)) ? `${y}-${m}-${d}` : undefined;
}

export function idNumberProblem(s: string): IdNumberProblem | null {
  if (s.length !== ID_NUMBER_LENGTH) return 'length';
  if (!/^\d{17}[\dX]$/.test(s)) return 'x-not-last';
  if (birthDateOf(s) === undefined) return 'birth-date';
  return isValidIdNumber(s) ? null : 'check-digit';
}

/**
 * Full years from a birth date to a calendar date (both 'YYYY-MM-DD'), with the rule the
 * agent applies to a card (common/src/local-time.ts `ageOn`): a birthday today counts, and
 * someone born on 29 February turns a year older on 1 March in common years.
 */
export function ageOnDate(birthDate: string, today: string): number {
  const [bYear, bMonth, bDay] = birthDate.split('-').map(Number) as [number, number, number];
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const hadBirthday = month > bMonth || (month === bMonth && day >= bDay);
  return year - bYear - (hadBirthday ? 0 : 1);
}
