import { describe, expect, it } from 'vitest';
import { EMPTY_APPLICATION, type ApplyContext } from './context.js';
import { ID_NUMBER, NAME, PHONE, SERVICE } from './form.fixture.js';
import { applicationRequest, draftProblem } from './machine.js';
import { applyStep, askedOf, checkRows, optionPage, questionSpeech, typeDigit } from './views.js';

const context = (over: Partial<ApplyContext> = {}) =>
  ({
    ...EMPTY_APPLICATION,
    service: SERVICE,
    requestId: 'apply-request-0001',
    screenHeightMm: 268,
    textScale: 0,
    language: 'zh-CN',
    ...over,
  }) as ApplyContext;

const card = { source: 'card', readId: 'card-read-0000000001', maskedName: '王*英' } as const;
const typed = { source: 'id-number', idNumber: ID_NUMBER } as const;

describe('apply views and guards', () => {
  it('asks the name only when the number was typed, and counts the steps from it', () => {
    expect(askedOf(context({ identity: card })).map((q) => q.id)).toEqual(['living', 'phone']);
    expect(askedOf(context({ identity: typed })).map((q) => q.id)).toEqual([
      'applicant-name',
      'living',
      'phone',
    ]);
    expect(applyStep(context({ identity: card }), 'check')).toEqual({ step: 4, of: 4 });
    expect(applyStep(context({ identity: typed, questionIndex: 1 }), 'question')).toEqual({
      step: 3,
      of: 5,
    });
  });

  it('checks the answer on the screen as the agent will', () => {
    const onPhone = (draft: string) => context({ identity: card, questionIndex: 1, draft });
    expect(draftProblem(onPhone(PHONE))).toBeNull();
    expect(draftProblem(onPhone(''))).toBeNull();
    expect(draftProblem(onPhone('139'))).toBe('not-a-phone');
    expect(draftProblem(context({ identity: card, draft: '' }))).toBe('required');
    expect(typeDigit(SERVICE.application.questions[3]!, '13912345678', '9')).toBe('139123456789');
    expect(typeDigit(SERVICE.application.questions[3]!, '139123456789', '9')).toBe('139123456789');
  });

  it('shows the card answers on check-your-answers masked and without a change link', () => {
    const rows = checkRows(context({ identity: card, answers: { living: 'alone', phone: '' } }));
    expect(rows).toEqual([
      {
        id: 'applicant-name',
        label: '申请人姓名',
        shown: '王*英（读自身份证）',
        changeable: false,
      },
      {
        id: 'applicant-id-number',
        label: '申请人身份证号码',
        shown: '已从身份证读取',
        changeable: false,
      },
      { id: 'living', label: '老人现在和谁一起住？', shown: '独自居住', changeable: true },
      { id: 'phone', label: '您的联系电话是多少？', shown: '（未填写）', changeable: true },
    ]);
    const typedRows = checkRows(context({ identity: typed, answers: { 'applicant-name': NAME } }));
    expect(typedRows[0]?.shown).toBe('1409**********0131');
  });

  it('sends the card handle and only the questions asked', () => {
    const request = applicationRequest(
      context({ identity: card, answers: { living: 'alone', phone: PHONE } }),
    );
    expect(request).toEqual({
      requestId: 'apply-request-0001',
      serviceId: 'senior-allowance',
      identity: { source: 'card', readId: 'card-read-0000000001' },
      answers: { living: 'alone', phone: PHONE },
    });
  });

  it('pages a long option list at the largest text size', () => {
    const many = {
      ...SERVICE,
      application: {
        ...SERVICE.application,
        questions: [
          {
            id: 'many',
            label: '选择',
            required: true,
            kind: 'choice' as const,
            options: Array.from({ length: 12 }, (_, i) => ({ value: `o${i}`, label: `选项${i}` })),
          },
        ],
      },
    };
    const small = optionPage(context({ service: many, identity: card, textScale: 0 }));
    const large = optionPage(context({ service: many, identity: card, textScale: 3 }));
    expect(large.items.length).toBeLessThan(small.items.length);
    expect(large.count).toBeGreaterThan(1);
  });

  it('reads the Chinese-only form in Chinese, and in English says the question is in Chinese', () => {
    const asked = context({ identity: card, questionIndex: 0 });
    expect(questionSpeech(asked)).toContain(askedOf(asked)[0]!.label);
    const english = questionSpeech({ ...asked, language: 'en' });
    expect(english).toContain('only available in Chinese');
    expect(/\p{Script=Han}/u.test(english)).toBe(false);
    expect(checkRows({ ...asked, language: 'en' }).map((row) => row.shown)).toContain(
      'Read from your ID card',
    );
  });
});
