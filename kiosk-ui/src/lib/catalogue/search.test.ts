import { describe, expect, it } from 'vitest';
import { normaliseQuery, searchServices } from './search.js';

const service = (zh: string, initials: string) => ({ name: { 'zh-CN': zh }, initials });

const CATALOGUE = [
  service('城乡居民医保缴费', 'CXJMYBJF'),
  service('社保卡挂失补换', 'SBKGSBH'),
  service('医保参保登记', 'YBCBDJ'),
  service('异地就医备案', 'YDJYBA'),
  service('医保电子凭证激活', 'YBDZPZJH'),
  service('社保业务', 'SBYW'),
];

const names = (query: string) => searchServices(CATALOGUE, query).map((s) => s.name['zh-CN']);

describe('searching the catalogue', () => {
  it('finds services by the initials of their pinyin, those starting with them first', () => {
    // 异地就医备案 is YDJYBA: the letters match inside, so it comes after the ones starting so.
    expect(names('YB')).toEqual([
      '医保参保登记',
      '医保电子凭证激活',
      '城乡居民医保缴费',
      '异地就医备案',
    ]);
    expect(names('SBK')).toEqual(['社保卡挂失补换']);
  });

  it('keeps the catalogue order among equal matches, so a query always lists the same way', () => {
    expect(names('SB')).toEqual(['社保卡挂失补换', '社保业务']);
    const reversed = [...CATALOGUE].reverse();
    expect(searchServices(reversed, 'SB').map((s) => s.name['zh-CN'])).toEqual([
      '社保业务',
      '社保卡挂失补换',
    ]);
  });

  it('finds services by a few characters: the start, inside, then all of them anywhere', () => {
    expect(names('医保')).toEqual(['医保参保登记', '医保电子凭证激活', '城乡居民医保缴费']);
    expect(names('社保补卡')).toEqual(['社保卡挂失补换']);
    expect(names('备案')).toEqual(['异地就医备案']);
  });

  it('takes lower case, spaces and punctuation as the keypad would give them', () => {
    expect(normaliseQuery(' s b-k ')).toBe('SBK');
    expect(names('ydj')).toEqual(['异地就医备案']);
  });

  it('matches nothing for an empty query or letters no service has', () => {
    expect(names('')).toEqual([]);
    expect(names('  ')).toEqual([]);
    expect(names('QQQ')).toEqual([]);
    expect(names('税')).toEqual([]);
  });
});
