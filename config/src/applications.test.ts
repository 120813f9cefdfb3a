import { describe, expect, it } from 'vitest';
import { residentCatalogue } from './services.js';
import { byPath, defaultData } from './test-support.js';
import { validateConfig } from './validate.js';

function withForm(serviceId: string, change: (form: Record<string, unknown>) => void) {
  const data = defaultData('services');
  const service = data.services.find((s: { id: string }) => s.id === serviceId);
  change(service.application);
  return data;
}

function problemsOf(data: unknown) {
  const result = validateConfig('services', data, 'services.json');
  if (result.ok) throw new Error('expected problems, got a valid config');
  return result.error;
}

describe('application forms', () => {
  it('gives the kiosk three applications, in both languages, with name and number from the card', () => {
    const result = validateConfig('services', defaultData('services'));
    if (!result.ok) throw new Error('the default catalogue is invalid');
    const forms = residentCatalogue(result.value).services.filter((s) => s.application);
    expect(forms.map((s) => s.id)).toEqual([
      'medical-insurance-enrolment',
      'senior-allowance',
      'residence-certificate',
    ]);
    for (const { application } of forms) {
      const fromCard = application?.questions.filter((q) => q.fromCard).map((q) => q.fromCard);
      expect(fromCard).toEqual(['name', 'idNumber']);
      expect(application?.whatNext['zh-CN']).toMatch(/电话/);
      expect(application?.whatNext.en).toMatch(/phone/);
    }
    const purpose = forms[2]?.application?.questions.find((q) => q.id === 'purpose');
    expect(purpose).toMatchObject({
      kind: 'choice',
      required: true,
      label: { 'zh-CN': expect.any(String), en: expect.any(String) },
    });
    expect(purpose?.kind === 'choice' && purpose.options[0]).toEqual({
      value: 'school',
      label: { 'zh-CN': '孩子上学', en: expect.stringMatching(/school/i) },
    });
    const phone = forms[1]?.application?.questions.find((q) => q.id === 'phone');
    expect(phone?.help).toEqual({
      'zh-CN': expect.stringMatching(/区号/),
      en: expect.stringMatching(/area code/),
    });
  });

  it('leaves out a translation the catalogue does not have, so the kiosk shows the Chinese', () => {
    const data = withForm('senior-allowance', (form) => {
      const [question] = (form.questions as Record<string, unknown>[]).filter(
        (q) => q.id === 'living',
      );
      if (question) question.label = { 'zh-CN': '老人现在和谁一起住？' };
    });
    const result = validateConfig('services', data);
    if (!result.ok) throw new Error('the changed catalogue is invalid');
    const form = residentCatalogue(result.value).services.find(
      (s) => s.id === 'senior-allowance',
    )?.application;
    const living = form?.questions.find((q) => q.id === 'living');
    expect(living?.label).toEqual({ 'zh-CN': '老人现在和谁一起住？' });
    expect(living?.kind === 'choice' && living.options[0]?.label.en).toBe('Alone');
  });

  it('refuses a form on a service that is not an application', () => {
    const data = defaultData('services');
    const guide = data.services.find((s: { kind: string }) => s.kind === 'guide');
    guide.application = data.services.find(
      (s: { id: string }) => s.id === 'senior-allowance',
    ).application;
    const problems = problemsOf(data);
    const index = data.services.indexOf(guide);
    expect(byPath(problems, `services[${index}].application`)?.expected).toContain(
      'only services with "kind": "application" take applications',
    );
  });

  it('names an unknown kind, a choice with one option and a range upside down', () => {
    const data = withForm('medical-insurance-enrolment', (form) => {
      const questions = form.questions as Record<string, unknown>[];
      questions[2] = { ...questions[2], options: [{ value: 'adult', label: { 'zh-CN': '成年' } }] };
      questions[4] = { ...questions[4], min: 9, max: 2 };
      questions[5] = { ...questions[5], kind: 'email' };
    });
    const problems = problemsOf(data);
    const at = (path: string) =>
      byPath(problems, `services[7].application.questions[${path}`)?.expected;
    expect(at('2].options')).toContain('at least 2 options');
    expect(at('4].max')).toContain('not below the smallest ("min", 9)');
    expect(at('5].kind')).toContain('"choice" (with "options")');
  });

  it('refuses repeated question ids, option values and card fields', () => {
    const data = withForm('senior-allowance', (form) => {
      const questions = form.questions as Record<string, unknown>[];
      questions[3] = { ...questions[3], id: 'who-applies' };
      questions[2] = {
        ...questions[2],
        options: [
          { value: 'self', label: { 'zh-CN': '本人' } },
          { value: 'self', label: { 'zh-CN': '自己' } },
        ],
      };
      questions[5] = { ...questions[5], kind: 'text', fromCard: 'name' };
    });
    const problems = problemsOf(data);
    const index = data.services.findIndex((s: { id: string }) => s.id === 'senior-allowance');
    const at = (path: string) =>
      byPath(problems, `services[${index}].application.questions[${path}`)?.expected;
    expect(at('3].id')).toContain('questions[2] already has id "who-applies"');
    expect(at('2].options[1].value')).toContain('"self" is already there');
    expect(at('5].fromCard')).toContain('questions[0] already takes "name" from the card');
  });
});
