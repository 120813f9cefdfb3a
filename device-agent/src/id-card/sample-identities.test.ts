import { describe, expect, it } from 'vitest';
import { ageOn } from './dates.js';
import { idNumberCheckDigit } from './id-number.js';
import { SAMPLE_IDENTITIES } from './sample-identities.js';
import { decodeTextBlock, encodeTextBlock } from './text-block.js';

describe('SAMPLE_IDENTITIES', () => {
  it.each(SAMPLE_IDENTITIES.map((s) => [s.key, s] as const))(
    '%s has a correct check digit and survives the text block',
    (_key, { holder }) => {
      expect(holder.idNumber[17]).toBe(idNumberCheckDigit(holder.idNumber.slice(0, 17)));
      const block = encodeTextBlock(holder);
      expect(block.ok).toBe(true);
      if (block.ok) expect(decodeTextBlock(block.value)).toEqual({ ok: true, value: holder });
    },
  );

  it('has unique keys and covers the people the dev dock needs', () => {
    const keys = SAMPLE_IDENTITIES.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    const byName = new Map(SAMPLE_IDENTITIES.map((s) => [s.holder.name, s.holder]));
    expect(byName.get('王秀英')?.birthDate.slice(0, 4)).toBe('1953');
    expect(byName.get('李建国')?.birthDate.slice(0, 4)).toBe('1990');
    expect(byName.get('陈家明')?.idNumber.startsWith('810000')).toBe(true);
    expect(SAMPLE_IDENTITIES.some((s) => s.holder.birthDate === '1961-06-15')).toBe(true);
  });

  it('labels state ages that hold through 2026 after early January', () => {
    const day = new Date('2026-02-01T04:00:00Z');
    for (const { label, holder } of SAMPLE_IDENTITIES) {
      const stated = /（[男女]，(\d+)岁/.exec(label)?.[1];
      if (stated) expect(ageOn(holder.birthDate, day)).toBe(Number(stated));
    }
  });
});
