import { describe, expect, it } from 'vitest';
import { groupIdNumber, idProblemText, priorityByAge, typeIdKey } from './id-entry.js';

describe('ID number entry', () => {
  it('takes at most 18 keys', () => {
    expect(typeIdKey('', '1')).toBe('1');
    expect(typeIdKey('11010519491231002X', '1')).toBe('11010519491231002X');
  });

  it('groups the number 6-8-4 as typed', () => {
    expect(groupIdNumber('')).toEqual([]);
    expect(groupIdNumber('1101051949')).toEqual(['110105', '1949']);
    expect(groupIdNumber('11010519491231002X')).toEqual(['110105', '19491231', '002X']);
  });

  it('says which part is wrong and never repeats a digit', () => {
    const entered = '110105194912310021';
    for (const problem of ['length', 'x-not-last', 'birth-date', 'check-digit'] as const) {
      expect(idProblemText(problem, entered, 'zh-CN')).not.toMatch(/1101|1949|0021/);
    }
    expect(idProblemText('length', '1101051949', 'zh-CN')).toContain('还差 8 位');
    expect(idProblemText('length', '1101051949', 'en')).toContain('8 are still missing');
    expect(idProblemText('check-digit', entered, 'zh-CN')).toContain('最后一位');
  });

  it('gives priority by age from the birth date, as the card does', () => {
    const today = new Date('2026-11-26T12:00:00+08:00');
    expect(priorityByAge('11010519491231002X', today, 'Asia/Shanghai')).toBe(true);
    // 65 today, and 65 tomorrow.
    expect(priorityByAge('110105196111260011', today, 'Asia/Shanghai')).toBe(true);
    expect(priorityByAge('110105196111270011', today, 'Asia/Shanghai')).toBe(false);
  });

  it("reckons the age on the terminal's date, whatever the browser's zone", () => {
    // 16:30 UTC on the 26th is already the 27th in Shanxi: the resident born on the 27th is 65.
    const lateEvening = new Date('2026-11-26T16:30:00Z');
    expect(priorityByAge('110105196111270011', lateEvening, 'Asia/Shanghai')).toBe(true);
    expect(priorityByAge('110105196111270011', lateEvening, 'UTC')).toBe(false);
  });
});
