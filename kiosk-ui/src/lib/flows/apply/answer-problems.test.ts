import { answerProblem, type ApplicationQuestion } from '@bianmin/contract/application-answers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerProblemMessage, draftProblem } from './answer-problems.js';
import { EMPTY_APPLICATION, type ApplyContext } from './context.js';
import { SERVICE } from './form.fixture.js';

const TODAY = '2026-11-26';
const building: ApplicationQuestion<string> = {
  id: 'building',
  label: '您住在几号楼？',
  required: true,
  kind: 'number',
  min: 1,
  max: 999,
};
const moved: ApplicationQuestion<string> = {
  id: 'moved-in',
  label: '您从哪一天开始住在这里？',
  required: true,
  kind: 'date',
  range: 'past',
};

function message(question: ApplicationQuestion<string>, answer: string, language: 'zh-CN' | 'en') {
  const problem = answerProblem(question, answer, TODAY);
  if (!problem) throw new Error(`"${answer}" has no problem`);
  return answerProblemMessage(question, problem, language);
}

describe('what is wrong with an answer, in the resident\u2019s language', () => {
  it('names the figure the rule found, in each language', () => {
    expect(message(building, '1000', 'zh-CN')).toBe('不能多于 999。');
    expect(message(building, '1000', 'en')).toBe('It cannot be more than 999.');
    expect(message(building, '0', 'en')).toBe('It cannot be less than 1.');
  });

  it('words each problem in English without Chinese', () => {
    for (const [question, answer] of [
      [building, ''],
      [building, '1.5'],
      [moved, '2026-02-30'],
      [moved, '2026-11-27'],
    ] as const) {
      const text = message(question, answer, 'en');
      expect(text, answer).toMatch(/[a-z]/);
      expect(text, answer).not.toMatch(/\p{Script=Han}/u);
      expect(text, answer).not.toBe(message(question, answer, 'zh-CN'));
    }
  });

  it('says so when the agent refused an answer the kiosk\u2019s rule passes', () => {
    expect(answerProblemMessage(building, 'not-accepted', 'zh-CN')).toMatch(/终端没有接受/);
    expect(answerProblemMessage(building, 'not-accepted', 'en')).toMatch(/did not accept/);
  });
});

describe("a date answer's today", () => {
  afterEach(() => void vi.useRealTimers());

  it("is the terminal zone's date, as the agent reckons it, whatever the browser's zone", () => {
    // 16:30 UTC on the 26th is already the 27th in Shanxi.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-26T16:30:00Z') });
    const onMovedIn = (timeZone: string) =>
      ({
        ...EMPTY_APPLICATION,
        service: {
          ...SERVICE,
          application: {
            ...SERVICE.application,
            questions: [{ ...moved, label: { 'zh-CN': moved.label } }],
          },
        },
        identity: { source: 'card', readId: 'card-read-0000000001', maskedName: '王*英' },
        timeZone,
        draft: '20261127',
      }) as ApplyContext;
    expect(draftProblem(onMovedIn('Asia/Shanghai'))).toBeNull();
    expect(draftProblem(onMovedIn('UTC'))).toBe('date-in-future');
  });
});
