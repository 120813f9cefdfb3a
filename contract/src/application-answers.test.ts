import { describe, expect, it } from 'vitest';
import {
  answerProblem,
  answerProblemText,
  askedQuestions,
  dateFromDigits,
  type ApplicationQuestion,
} from './application-answers.js';

const TODAY = '2026-11-26';
const base = { id: 'q', label: '问题', required: true } as const;
const choice: ApplicationQuestion = {
  ...base,
  kind: 'choice',
  options: [
    { value: 'alone', label: '独自居住' },
    { value: 'family', label: '和家人一起住' },
  ],
};
const number: ApplicationQuestion = { ...base, kind: 'number', min: 1, max: 20, unit: '人' };
const past: ApplicationQuestion = { ...base, kind: 'date', range: 'past' };
const phone: ApplicationQuestion = { ...base, kind: 'phone' };
const text: ApplicationQuestion = { ...base, kind: 'text', maxLength: 4 };

describe('answer rules', () => {
  it('takes good answers of every kind', () => {
    expect(answerProblem(choice, 'family', TODAY)).toBeNull();
    expect(answerProblem(number, '20', TODAY)).toBeNull();
    expect(answerProblem(past, TODAY, TODAY)).toBeNull();
    expect(answerProblem(phone, '13912345678', TODAY)).toBeNull();
    expect(answerProblem(phone, '03512345678', TODAY)).toBeNull();
    expect(answerProblem(text, '王秀英', TODAY)).toBeNull();
  });

  it('names what is wrong, each in plain words', () => {
    const cases: [ApplicationQuestion, string, string][] = [
      [choice, '', '请选择一项。'],
      [choice, 'castle', '请在列出的选项中选择一项。'],
      [number, '0', '不能少于 1。'],
      [number, '21', '不能多于 20。'],
      [number, '1.5', '请只输入数字。'],
      [past, '2026-02-30', '请输入完整的日期'],
      [past, '2026-11-27', '这个日期不能晚于今天。'],
      [phone, '12345', '请输入 11 位手机号码'],
      [text, '   ', '这一项必须填写'],
      [text, '王秀英英英', '最多 4 个字'],
    ];
    for (const [question, answer, words] of cases) {
      const problem = answerProblem(question, answer, TODAY);
      expect(problem, `${question.kind} ${answer}`).not.toBeNull();
      expect(answerProblemText(question, problem!)).toContain(words);
    }
  });

  it('lets an optional question stay empty', () => {
    expect(answerProblem({ ...phone, required: false }, '', TODAY)).toBeNull();
    expect(answerProblem({ ...phone, required: false }, '123', TODAY)).toBe('not-a-phone');
  });

  it('never asks what the identity answered: the number always, the name from a card', () => {
    const questions = [{ fromCard: 'name' as const }, { fromCard: 'idNumber' as const }, {}];
    expect(askedQuestions(questions, 'card')).toEqual([{}]);
    expect(askedQuestions(questions, 'id-number')).toEqual([{ fromCard: 'name' }, {}]);
  });

  it('reads a date from the keypad digits as far as typed', () => {
    expect(dateFromDigits('20190901')).toBe('2019-09-01');
    expect(dateFromDigits('20190')).toBe('2019-0');
  });
});
