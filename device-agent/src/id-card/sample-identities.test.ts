import { describe, expect, it } from 'vitest';
import { ageOn } from './dates.js';
import { idNumberCheckDigit } from './id-number.js';
import { SAMPLE_IDENTITIES } from './sample-identities.js';
import { decodeTextBlock, encodeTextBlock } from './text-block.js';

describe('SAMPLE_IDENTITIES', () => {
  it.each(SAMPLE_IDENTITIES.map((s) => [s.key, s] as const))(
    '%s has a well-formed number and survives the text block',
    (_key, { holder }) => {
      // The 2017 foreign card's number is 3 letters and 12 digits with no public check scheme;
      // every other card carries an 18-character number with a MOD 11-2 check digit.
      if (holder.cardType === 'foreign-2017') expect(holder.idNumber).toMatch(/^[A-Z]{3}\d{12}$/);
      else expect(holder.idNumber[17]).toBe(idNumberCheckDigit(holder.idNumber.slice(0, 17)));
      const block = encodeTextBlock(holder);
      expect(block.ok && decodeTextBlock(block.value)).toEqual({ ok: true, value: holder });
    },
  );

  it('has unique keys and covers the people the development panel needs', () => {
    const keys = SAMPLE_IDENTITIES.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    const byName = new Map(SAMPLE_IDENTITIES.map((s) => [s.holder.name, s.holder]));
    expect(byName.get('王秀英')?.birthDate.slice(0, 4)).toBe('1953');
    expect(byName.get('李建国')?.birthDate.slice(0, 4)).toBe('1990');
    expect(byName.get('陈家明')?.idNumber.startsWith('810000')).toBe(true);
    expect(SAMPLE_IDENTITIES.some((s) => s.holder.birthDate === '1961-06-15')).toBe(true);
    // One of each of the four card layouts.
    expect(new Set(SAMPLE_IDENTITIES.map((s) => s.holder.cardType))).toEqual(
      new Set(['resident', 'hmt-permit', 'foreign-2017', 'foreign-2023']),
    );
  });

  it.each(SAMPLE_IDENTITIES.map((s) => [s.key, s] as const))(
    '%s: the age its label states holds',
    (_key, { label, holder }) => {
      const claim = statedAge(label);
      expect(claim, `label states no age: ${label}`).toBeDefined();
      const { age, on } = claim ?? { age: NaN, on: new Date(NaN) };
      expect(ageOn(holder.birthDate, on)).toBe(age);
    },
  );
});

/**
 * The age a label states and a day it holds on: "（男，36岁" holds through 2026 after early
 * January; "2026年6月15日满65岁" holds from that day in Shanghai.
 */
function statedAge(label: string): { age: number; on: Date } | undefined {
  const turns = /(?<year>\d{4})年(?<month>\d{1,2})月(?<day>\d{1,2})日满(?<age>\d+)岁/.exec(label);
  if (turns?.groups) {
    const { year, month, day, age } = turns.groups as Record<string, string>;
    const midnight = `${year}-${month?.padStart(2, '0')}-${day?.padStart(2, '0')}T00:00:00+08:00`;
    return { age: Number(age), on: new Date(midnight) };
  }
  const plain = /（[男女]，(\d+)岁/.exec(label);
  return plain ? { age: Number(plain[1]), on: new Date('2026-02-01T04:00:00Z') } : undefined;
}
