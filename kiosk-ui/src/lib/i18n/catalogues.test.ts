import { describe, expect, it } from 'vitest';
import { formatParts, paramNames } from './catalogue.js';
import { LANGUAGES, LANGUAGE_IDS, nextLanguage } from './languages.js';
import { CATALOGUES, translate } from './translate.js';
import { zhCN } from './zh-CN.js';

const HAN = /\p{Script=Han}/u;

describe('the message catalogues', () => {
  const reference = Object.entries(zhCN);

  it.each(LANGUAGE_IDS)('%s has every key of the Chinese catalogue and no other', (language) => {
    expect(Object.keys(CATALOGUES[language]).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it.each(LANGUAGE_IDS)('%s uses the same parameters in every message', (language) => {
    const catalogue = CATALOGUES[language];
    for (const [key, template] of reference) {
      const own = catalogue[key as keyof typeof zhCN];
      expect(paramNames(own).sort(), key).toEqual(paramNames(template).sort());
      expect(own.trim(), key).not.toBe('');
    }
  });

  it('English has no Chinese characters outside the pinyin search examples', () => {
    // The search is by the pinyin of Chinese names: its example has to show one.
    const examples = new Set(['search.example', 'speech.search']);
    for (const [key, text] of Object.entries(CATALOGUES.en)) {
      if (!examples.has(key)) expect(HAN.test(text), `${key}: ${text}`).toBe(false);
    }
  });

  it('fills in parameters, picks English words by number, and leaves Chinese alone', () => {
    expect(translate('zh-CN', 'ticket.waiting', { count: 1 })).toBe('前面还有 1 人等候');
    expect(translate('en', 'ticket.waiting', { count: 1 })).toBe('1 person ahead of you');
    expect(translate('en', 'ticket.waiting', { count: 0 })).toBe('0 people ahead of you');
    expect(translate('en', 'ticket.waiting', { count: 3 })).toBe('3 people ahead of you');
    expect(translate('en', 'step.of', { step: 2, of: 3 })).toBe('Step 2 of 3');
    expect(translate('zh-CN', 'step.of', { step: 2, of: 3 })).toBe('第 2 步 / 共 3 步');
  });

  it('marks which pieces are parameters, for emphasis on the screen', () => {
    expect(formatParts('{seconds} {seconds|second|seconds} left', { seconds: 30 })).toEqual([
      { text: '30', param: 'seconds' },
      { text: ' ' },
      { text: 'seconds' },
      { text: ' left' },
    ]);
    // A parameter not given stays visible rather than vanishing.
    expect(formatParts('号码 {number}', {})).toEqual([{ text: '号码 ' }, { text: '{number}' }]);
  });

  it('steps the header button through every language and back to the first', () => {
    const seen = LANGUAGE_IDS.map((_, i) =>
      LANGUAGE_IDS.slice(0, i).reduce((l) => nextLanguage(l), LANGUAGE_IDS[0]!),
    );
    expect(seen).toEqual(LANGUAGE_IDS);
    expect(nextLanguage(LANGUAGE_IDS.at(-1)!)).toBe(LANGUAGE_IDS[0]);
    for (const id of LANGUAGE_IDS) expect(['ltr', 'rtl']).toContain(LANGUAGES[id].dir);
  });
});
