import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { ApplicationFormSchema } from './application.js';
import { SAMPLE_APPLICATION_FORM } from './application-form.fixture.js';

const form = SAMPLE_APPLICATION_FORM;

describe('an application form on the wire', () => {
  const check = Compile(ApplicationFormSchema);

  it('carries every word in each language it is written in', () => {
    expect(check.Check(form)).toBe(true);
  });

  it('refuses words without their Chinese, or as bare strings', () => {
    const living = form.questions.find((q) => q.id === 'living')!;
    expect(check.Check({ ...form, whatNext: { en: 'Staff will phone you.' } })).toBe(false);
    expect(check.Check({ ...form, whatNext: '结果会电话告诉您。' })).toBe(false);
    expect(check.Check({ ...form, questions: [{ ...living, label: '和谁一起住？' }] })).toBe(false);
  });

  it('bounds each English text at four times the Chinese it translates', () => {
    const unit = (en: string) => ({
      ...form,
      questions: [
        {
          id: 'household',
          label: { 'zh-CN': '家里有几口人？' },
          required: false,
          kind: 'number',
          min: 1,
          max: 20,
          unit: { 'zh-CN': '人', en },
        },
      ],
    });
    expect(check.Check(unit('x'.repeat(32)))).toBe(true);
    expect(check.Check(unit('x'.repeat(33)))).toBe(false);
  });
});
