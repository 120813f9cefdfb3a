import { describe, expect, it } from 'vitest';
import { EMPTY_APPLICATION, type ApplyContext } from './context.js';
import { ID_NUMBER, NAME, PHONE, SERVICE } from './form.fixture.js';
import { draftProblem } from './answer-problems.js';
import { applicationRequest } from './request.js';
import {
  applyStep,
  askedOf,
  checkPage,
  checkRows,
  optionPage,
  questionSpeech,
  shownQuestion,
  typeDigit,
  whatNextOf,
} from './views.js';

const context = (over: Partial<ApplyContext> = {}) =>
  ({
    ...EMPTY_APPLICATION,
    service: SERVICE,
    requestId: 'apply-request-0001',
    screenHeightMm: 268,
    portrait: false,
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
    const zh = (text: string) => ({ text, language: 'zh-CN' });
    const rows = checkRows(context({ identity: card, answers: { living: 'alone', phone: '' } }));
    expect(rows).toEqual([
      {
        id: 'applicant-name',
        label: zh('申请人姓名'),
        shown: [zh('王*英'), zh('（读自身份证）')],
        changeable: false,
      },
      {
        id: 'applicant-id-number',
        label: zh('申请人身份证号码'),
        shown: [zh('已从身份证读取')],
        changeable: false,
      },
      {
        id: 'living',
        label: zh('老人现在和谁一起住？'),
        shown: [zh('独自居住')],
        changeable: true,
      },
      {
        id: 'phone',
        label: zh('您的联系电话是多少？'),
        shown: [zh('（未填写）')],
        changeable: true,
      },
    ]);
    const typedRows = checkRows(context({ identity: typed, answers: { 'applicant-name': NAME } }));
    expect(typedRows[0]?.shown).toEqual([zh('1409**********0131')]);
  });

  it('shows check-your-answers in English, marking what only the card or the form has in Chinese', () => {
    const en = (text: string) => ({ text, language: 'en' });
    const zh = (text: string) => ({ text, language: 'zh-CN' });
    const english = (answers: Record<string, string>) =>
      checkRows(context({ identity: card, answers, language: 'en' }));
    expect(english({ living: 'alone', phone: '' })).toEqual([
      {
        id: 'applicant-name',
        label: en("Applicant's name"),
        // A Chinese name stays Chinese, marked, inside the English sentence.
        shown: [zh('王*英'), en(' (read from ID card)')],
        changeable: false,
      },
      {
        id: 'applicant-id-number',
        label: en("Applicant's ID number"),
        shown: [en('Read from your ID card')],
        changeable: false,
      },
      {
        id: 'living',
        label: en('Who does the older person live with now?'),
        shown: [en('Alone')],
        changeable: true,
      },
      {
        id: 'phone',
        label: en('What is your phone number?'),
        shown: [en('(not answered)')],
        changeable: true,
      },
    ]);
    // The second choice has no English: its Chinese stands in, marked as Chinese.
    expect(
      english({ living: 'family', phone: PHONE })
        .slice(2)
        .map((row) => row.shown),
    ).toEqual([[zh('和家人一起住')], [en(PHONE)]]);
    const typedName = checkRows(
      context({ identity: typed, answers: { 'applicant-name': NAME }, language: 'en' }),
    );
    expect(typedName.find((row) => row.id === 'applicant-name')?.shown).toEqual([zh(NAME)]);
    expect(typedName[0]?.shown).toEqual([en('1409**********0131')]);
  });

  it('shows the question, its hint and its choices in the resident\u2019s language', () => {
    const onLiving = context({ identity: card, questionIndex: 0 });
    expect(shownQuestion(onLiving)?.label).toEqual({
      text: '老人现在和谁一起住？',
      language: 'zh-CN',
    });
    const english = { ...onLiving, language: 'en' } as const;
    expect(shownQuestion(english)?.label).toEqual({
      text: 'Who does the older person live with now?',
      language: 'en',
    });
    expect(optionPage(english).items).toEqual([
      { value: 'alone', label: { text: 'Alone', language: 'en' } },
      { value: 'family', label: { text: '和家人一起住', language: 'zh-CN' } },
    ]);
    const onPhone = { ...english, questionIndex: 1 };
    expect(shownQuestion(onPhone)?.help).toEqual({
      text: 'Staff will call you on this number',
      language: 'en',
    });
    expect(whatNextOf(english)).toEqual({
      text: 'Staff will phone you with the result.',
      language: 'en',
    });
    expect(whatNextOf(onLiving).language).toBe('zh-CN');
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
            label: { 'zh-CN': '选择' },
            required: true,
            kind: 'choice' as const,
            options: Array.from({ length: 12 }, (_, i) => ({
              value: `o${i}`,
              label: { 'zh-CN': `选项${i}` },
            })),
          },
        ],
      },
    };
    const small = optionPage(context({ service: many, identity: card, textScale: 0 }));
    const large = optionPage(context({ service: many, identity: card, textScale: 3 }));
    expect(large.items.length).toBeLessThan(small.items.length);
    expect(large.count).toBeGreaterThan(1);
  });

  it('gives the read-aloud controls their row on portrait, and nothing on landscape', () => {
    const many = {
      ...SERVICE,
      application: {
        ...SERVICE.application,
        questions: [
          {
            id: 'many',
            label: { 'zh-CN': '选择' },
            required: true,
            kind: 'choice' as const,
            options: Array.from({ length: 30 }, (_, i) => ({
              value: `o${i}`,
              label: { 'zh-CN': `选项${i}` },
            })),
          },
        ],
      },
    };
    // A 32" portrait glass at 超大 (lib/screen-profile.ts).
    const at = (portrait: boolean, readAloud: boolean) =>
      context({
        service: many,
        identity: card,
        textScale: 3,
        screenHeightMm: portrait ? 1920 * 0.369 : 1080 * 0.248,
        portrait,
        readAloud,
      });
    const rows = (portrait: boolean, readAloud: boolean) =>
      optionPage(at(portrait, readAloud)).items.length;
    expect(rows(true, true)).toBe(rows(true, false) - 1);
    expect(rows(false, true)).toBe(rows(false, false));
    const checked = (readAloud: boolean) =>
      checkPage(
        context({
          identity: typed,
          textScale: 3,
          screenHeightMm: 1920 * 0.369,
          portrait: true,
          readAloud,
        }),
      );
    expect(checked(true).items.length).toBeLessThanOrEqual(checked(false).items.length);
  });

  it('reads the question aloud in its language, and never Chinese in an English voice', () => {
    const asked = context({ identity: card, questionIndex: 0 });
    expect(questionSpeech(asked)).toBe('老人现在和谁一起住？可以选：独自居住、和家人一起住。');
    const english = questionSpeech({ ...asked, language: 'en' });
    expect(english).toBe(
      'Who does the older person live with now? You can choose: Alone, this part is only available in Chinese.',
    );
    const phone = questionSpeech({ ...asked, questionIndex: 1, language: 'en' });
    expect(phone).toBe(
      'What is your phone number? Staff will call you on this number. You may leave this empty.',
    );
    expect(/\p{Script=Han}/u.test(english + phone)).toBe(false);
    expect(questionSpeech({ ...asked, questionIndex: 1 })).toBe(
      '您的联系电话是多少？工作人员会用这个号码联系您。这一项可以不填。',
    );
  });
});
