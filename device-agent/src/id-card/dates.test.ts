import { describe, expect, it } from 'vitest';
import { cardDateToIso } from './dates.js';

describe('cardDateToIso', () => {
  it('turns a card date into YYYY-MM-DD', () => {
    expect(cardDateToIso('19530105')).toBe('1953-01-05');
    expect(cardDateToIso('20000229')).toBe('2000-02-29');
  });

  it('refuses impossible dates and other shapes', () => {
    expect(cardDateToIso('19530230')).toBeUndefined();
    expect(cardDateToIso('19001301')).toBeUndefined();
    expect(cardDateToIso('1953015')).toBeUndefined();
    expect(cardDateToIso('长期')).toBeUndefined();
  });
});
