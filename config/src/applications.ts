import { z } from 'zod';
import { field, listOf } from './cross-field.js';
import { kebabId, localText, type LocalText } from './local-text.js';

/**
 * An application service's form (申请, docs/configuration.md, "Applications"): the questions the
 * kiosk asks one per screen, and what happens after submitting. Which answers come from the ID
 * card is said per question (`fromCard`), so the kiosk never asks for them again.
 */

const base = {
  id: kebabId('a question id', 'phone'),
  label: localText('the question, as the screen asks it', '您的联系电话是多少？', 30),
  help: localText(
    'an optional hint under the question',
    '工作人员会用这个号码联系您',
    100,
  ).optional(),
  required: z
    .boolean({ error: 'true or false (without quotes); leave it out for true' })
    .default(true),
  fromCard: z
    .enum(['name', 'idNumber'], {
      error:
        '"name" or "idNumber": the ID card (or the typed ID number) answers this question, so it is not asked; leave the key out for a question residents answer',
    })
    .optional(),
};

const OptionSchema = z.strictObject(
  {
    value: kebabId('an option value', 'living-alone'),
    label: localText('the option as its button says it', '独自居住', 20),
  },
  { error: 'an option {"value": "living-alone", "label": {"zh-CN": "独自居住"}}' },
);

const QuestionSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      ...base,
      kind: z.literal('choice'),
      options: z
        .array(OptionSchema, { error: 'a list of 2 to 12 options' })
        .min(2, 'at least 2 options: a choice with one option is no choice')
        .max(
          12,
          'at most 12 options; the kiosk pages long lists, but more are hard to choose from',
        ),
    }),
    z.strictObject({
      ...base,
      kind: z.literal('text'),
      maxLength: z
        .int({ error: 'the most characters an answer may have, a whole number 1 to 100' })
        .min(1)
        .max(100)
        .default(40),
    }),
    z.strictObject({
      ...base,
      kind: z.literal('number'),
      min: z.int({ error: 'the smallest answer taken, a whole number 0 or more' }).min(0),
      max: z
        .int({ error: 'the largest answer taken, a whole number up to 999999999' })
        .min(0)
        .max(999_999_999),
      unit: localText('an optional unit shown after the number', '人', 4).optional(),
    }),
    z.strictObject({
      ...base,
      kind: z.literal('date'),
      range: z
        .enum(['any', 'past', 'future'], {
          error: '"any", "past" (today or earlier, e.g. a date of moving in) or "future"',
        })
        .default('any'),
    }),
    z.strictObject({ ...base, kind: z.literal('phone') }),
  ],
  {
    error:
      'a question {"id", "label", "kind", ...} whose "kind" is "choice" (with "options"), "text" (with an optional "maxLength"), "number" (with "min" and "max"), "date" (with an optional "range") or "phone"',
  },
);

export const ApplicationSchema = z.strictObject(
  {
    questions: z
      .array(QuestionSchema, { error: 'a list of 1 to 12 questions' })
      .min(1)
      .max(12, 'at most 12 questions: a longer form belongs at the window'),
    whatNext: localText(
      'what happens after the resident submits, in plain words',
      '社区工作人员将在 3 个工作日内电话联系您',
      120,
    ),
  },
  {
    error:
      'an application {"questions": [...], "whatNext": {"zh-CN": "…"}} (see docs/configuration.md, "Applications")',
  },
);

type Issue = { path: (string | number)[]; input: unknown; message: string };

/** Problems across one form's questions: repeated ids, options or card fields, a range. */
function formProblems(form: unknown, at: (string | number)[]): Issue[] {
  const questions = listOf(field(form, 'questions'));
  const issues: Issue[] = [];
  const ids = new Map<string, number>();
  const cardFields = new Map<string, number>();
  questions.forEach((question, index) => {
    const here = [...at, 'questions', index];
    const id = field(question, 'id');
    if (typeof id === 'string') {
      const first = ids.get(id);
      if (first === undefined) ids.set(id, index);
      else
        issues.push({
          path: [...here, 'id'],
          input: id,
          message: `a question id not used by another question of this form; questions[${first}] already has id "${id}"`,
        });
    }
    const fromCard = field(question, 'fromCard');
    if (typeof fromCard === 'string') {
      const first = cardFields.get(fromCard);
      if (first === undefined) cardFields.set(fromCard, index);
      else
        issues.push({
          path: [...here, 'fromCard'],
          input: fromCard,
          message: `one question per card field; questions[${first}] already takes "${fromCard}" from the card`,
        });
      if (field(question, 'kind') !== 'text') {
        issues.push({
          path: [...here, 'kind'],
          input: field(question, 'kind'),
          message: `"text" for a question answered from the card ("fromCard": "${fromCard}")`,
        });
      }
    }
    const min = field(question, 'min');
    const max = field(question, 'max');
    if (typeof min === 'number' && typeof max === 'number' && min > max) {
      issues.push({
        path: [...here, 'max'],
        input: max,
        message: `a largest answer ("max") not below the smallest ("min", ${min})`,
      });
    }
    const values = listOf(field(question, 'options')).map((o) => field(o, 'value'));
    values.forEach((value, i) => {
      if (typeof value === 'string' && values.indexOf(value) < i) {
        issues.push({
          path: [...here, 'options', i, 'value'],
          input: value,
          message: `an option value not used by another option of this question; "${value}" is already there`,
        });
      }
    });
  });
  return issues;
}

/** Problems of the catalogue's application forms: only "application" services have one. */
export function applicationProblems(services: readonly unknown[]): Issue[] {
  return services.flatMap((service, index): Issue[] => {
    const form = field(service, 'application');
    if (form === undefined) return [];
    const at = ['services', index, 'application'];
    const kind = field(service, 'kind');
    if (kind !== 'application') {
      return [
        {
          path: at,
          input: form,
          message: `no application form on a "${String(kind)}" service: only services with "kind": "application" take applications at the kiosk`,
        },
      ];
    }
    return formProblems(form, at);
  });
}

type ApplicationConfig = z.infer<typeof ApplicationSchema>;

/**
 * A form as the kiosk's catalogue carries it (contract/src/agent/application.ts): every word in
 * each language it is written in; the kiosk shows the resident's, the slip the Chinese.
 */
export interface ApplicationForm {
  questions: ResidentQuestion[];
  whatNext: LocalText;
}

/** A question as the kiosk asks it (the same shape as the contract's ApplicationQuestion). */
type ResidentQuestion = {
  id: string;
  label: LocalText;
  help?: LocalText;
  required: boolean;
  fromCard?: 'name' | 'idNumber';
} & (
  | { kind: 'choice'; options: { value: string; label: LocalText }[] }
  | { kind: 'text'; maxLength: number }
  | { kind: 'number'; min: number; max: number; unit?: LocalText }
  | { kind: 'date'; range: 'any' | 'past' | 'future' }
  | { kind: 'phone' }
);

/** The kiosk's form: what residents are asked, without the rest of the configuration. */
export function residentForm(form: ApplicationConfig): ApplicationForm {
  return {
    whatNext: form.whatNext,
    questions: form.questions.map((q): ResidentQuestion => {
      const common = {
        id: q.id,
        label: q.label,
        required: q.required,
        ...(q.help && { help: q.help }),
        ...(q.fromCard && { fromCard: q.fromCard }),
      };
      switch (q.kind) {
        case 'choice':
          return { ...common, kind: q.kind, options: q.options };
        case 'text':
          return { ...common, kind: q.kind, maxLength: q.maxLength };
        case 'number':
          return {
            ...common,
            kind: q.kind,
            min: q.min,
            max: q.max,
            ...(q.unit && { unit: q.unit }),
          };
        case 'date':
          return { ...common, kind: q.kind, range: q.range };
        case 'phone':
          return { ...common, kind: q.kind };
      }
    }),
  };
}
