/** GB 11643 weights: 2^(17-i) mod 11 for the first 17 characters. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

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
  return s.length === 18 && idNumberCheckDigit(s.slice(0, 17)) === s[17];
}
