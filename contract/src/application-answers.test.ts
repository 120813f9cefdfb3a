import { describe, expect, it } from 'vitest';
import {
  answerProblem,
  answerMessage,
  type AnswerMessage,
  askedQuestions,
  dateFromDigits,
  mapQuestionText,
  type ApplicationQuestion,
} from './application-answers.js';

const TODAY = '2026-11-26';
const base = { id: 'q', label: '问题', required: true } as const;
const choice: ApplicationQuestion<string> = {
  ...base,
  kind: 'choice',
  options: [
    { value: 'alone', label: '独自居住' },
    { value: 'family', label: '和家人一起住' },
  ],
};
const number: ApplicationQuestion<string> = {
  ...base,
  kind: 'number',
  min: 1,
  max: 20,
  unit: '人',
};
const past: ApplicationQuestion<string> = { ...base, kind: 'date', range: 'past' };
const phone: ApplicationQuestion<string> = { ...base, kind: 'phone' };
const text: ApplicationQuestion<string> = { ...base, kind: 'text', maxLength: 4 };

describe('answer rules', () => {
  it('takes good answers of every kind', () => {
    expect(answerProblem(choice, 'family', TODAY)).toBeNull();
    expect(answerProblem(number, '20', TODAY)).toBeNull();
    expect(answerProblem(past, TODAY, TODAY)).toBeNull();
    expect(answerProblem(phone, '13912345678', TODAY)).toBeNull();
    expect(answerProblem(phone, '03512345678', TODAY)).toBeNull();
    expect(answerProblem(text, '王秀英', TODAY)).toBeNull();
  });

  it('names what is wrong, each with its message and the figures it names', () => {
    const cases: [ApplicationQuestion<string>, string, AnswerMessage][] = [
      [choice, '', { message: 'chooseOne' }],
      [choice, 'castle', { message: 'notAnOption' }],
      [number, '0', { message: 'tooSmall', min: 1 }],
      [number, '21', { message: 'tooLarge', max: 20 }],
      [number, '1.5', { message: 'notANumber' }],
      [past, '2026-02-30', { message: 'notADate' }],
      [past, '2026-11-27', { message: 'dateInFuture' }],
      [phone, '12345', { message: 'notAPhone' }],
      [text, '   ', { message: 'required' }],
      [text, '王秀英英英', { message: 'tooLong', max: 4 }],
    ];
    for (const [question, answer, message] of cases) {
      const problem = answerProblem(question, answer, TODAY);
      expect(problem, `${question.kind} ${answer}`).not.toBeNull();
      expect(answerMessage(question, problem!)).toEqual(message);
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

  it('turns every word of a question, and nothing else', () => {
    const chosen = mapQuestionText({ ...choice, help: '选一项' }, (word) => `«${word}»`);
    expect(chosen).toEqual({
      id: 'q',
      label: '«问题»',
      help: '«选一项»',
      required: true,
      kind: 'choice',
      options: [
        { value: 'alone', label: '«独自居住»' },
        { value: 'family', label: '«和家人一起住»' },
      ],
    });
    const length = (word: string) => word.length;
    expect(mapQuestionText(number, length)).toEqual({ ...number, label: 2, unit: 1 });
    expect(mapQuestionText({ ...text, fromCard: 'name' }, length)).toEqual({
      ...text,
      fromCard: 'name',
      label: 2,
    });
    expect(mapQuestionText(past, length)).toEqual({ ...past, label: 2 });
    expect(mapQuestionText(phone, length)).toEqual({ ...phone, label: 2 });
  });

  it('reads a date from the keypad digits as far as typed', () => {
    expect(dateFromDigits('20190901')).toBe('2019-09-01');
    expect(dateFromDigits('20190')).toBe('2019-0');
  });
});
