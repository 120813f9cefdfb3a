import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { ApplicationFormSchema, type ApplicationForm } from './application.js';

const form: ApplicationForm = {
  questions: [
    {
      id: 'living',
      label: { 'zh-CN': '老人现在和谁一起住？', en: 'Who does the older person live with now?' },
      required: true,
      kind: 'choice',
      options: [
        { value: 'alone', label: { 'zh-CN': '独自居住', en: 'Alone' } },
        // Not translated yet: the kiosk shows the Chinese, marked.
        { value: 'children', label: { 'zh-CN': '和子女一起住' } },
      ],
    },
    {
      id: 'household',
      label: { 'zh-CN': '家里有几口人？' },
      help: { 'zh-CN': '包括您自己', en: 'Count yourself too' },
      required: false,
      kind: 'number',
      min: 1,
      max: 20,
      unit: { 'zh-CN': '人', en: 'people' },
    },
  ],
  whatNext: { 'zh-CN': '结果会电话告诉您。', en: 'Staff will phone you with the result.' },
};

describe('an application form on the wire', () => {
  const check = Compile(ApplicationFormSchema);

  it('carries every word in each language it is written in', () => {
    expect(check.Check(form)).toBe(true);
  });

  it('refuses words without their Chinese, or as bare strings', () => {
    const [living] = form.questions;
    expect(check.Check({ ...form, whatNext: { en: 'Staff will phone you.' } })).toBe(false);
    expect(check.Check({ ...form, whatNext: '结果会电话告诉您。' })).toBe(false);
    expect(check.Check({ ...form, questions: [{ ...living, label: '和谁一起住？' }] })).toBe(false);
  });

  it('bounds each English text at four times the Chinese it translates', () => {
    const unit = (en: string) => ({
      ...form,
      questions: [{ ...form.questions[1], unit: { 'zh-CN': '人', en } }],
    });
    expect(check.Check(unit('x'.repeat(32)))).toBe(true);
    expect(check.Check(unit('x'.repeat(33)))).toBe(false);
  });
});
