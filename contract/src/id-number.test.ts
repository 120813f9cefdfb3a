import { describe, expect, it } from 'vitest';
import {
  ageOnDate,
  birthDateOf,
  idNumberCheckDigit,
  idNumberProblem,
  isValidIdNumber,
} from './id-number.js';

// GB 11643's own example and a number ending in X.
const EXAMPLE = '11010519491231002X';

describe('the ID number rule (GB 11643, MOD 11-2)', () => {
  it('computes the check character, X for 10', () => {
    expect(idNumberCheckDigit('11010519491231002')).toBe('X');
    expect(idNumberCheckDigit('44052419800101001')).toBe('3');
    expect(idNumberCheckDigit('4405241980010100')).toBeUndefined();
    expect(isValidIdNumber(EXAMPLE)).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
  });

  it('names the part that is wrong', () => {
    expect(idNumberProblem(EXAMPLE)).toBeNull();
    expect(idNumberProblem(EXAMPLE.slice(0, 17))).toBe('length');
    expect(idNumberProblem(`${EXAMPLE}1`)).toBe('length');
    expect(idNumberProblem('1101051949X231002X')).toBe('x-not-last');
    expect(idNumberProblem('110105194913310028')).toBe('birth-date');
    expect(idNumberProblem('110105194902300028')).toBe('birth-date');
    expect(idNumberProblem('110105194912310021')).toBe('check-digit');
  });

  it('reads the birth date and ages as the card rule does, 29 February included', () => {
    expect(birthDateOf(EXAMPLE)).toBe('1949-12-31');
    expect(ageOnDate('1949-12-31', '2026-11-26')).toBe(76);
    expect(ageOnDate('1961-11-26', '2026-11-26')).toBe(65);
    expect(ageOnDate('1961-11-27', '2026-11-26')).toBe(64);
    expect(ageOnDate('1960-02-29', '2025-02-28')).toBe(64);
    expect(ageOnDate('1960-02-29', '2025-03-01')).toBe(65);
  });
});
