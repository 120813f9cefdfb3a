import { isIsoDate } from '@bianmin/common';
import { z } from 'zod';
import { evenWithOtherProblems, field, stringMatching } from './cross-field.js';
import { ServiceWindowSchema } from './terminal.js';

/**
 * When a community serves residents, as the centre judges it (docs/coverage.md): weekly
 * windows, public holidays and declared closures. A community inherits what it does not
 * say from its street, county, city and province, then from the file's defaults.
 */

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

const DateSchema = (what: string) =>
  z
    .string({ error: `${what} as "YYYY-MM-DD", e.g. "2026-10-01"` })
    .refine(isIsoDate, { error: `${what} as a real calendar date "YYYY-MM-DD"` });

export const WeeklyHoursSchema = z
  .array(ServiceWindowSchema, {
    error:
      'a list of service windows, e.g. [{"days": [1, 2, 3, 4, 5], "open": "08:30", "close": "17:30"}]; an empty list means never open',
  })
  .max(28);

export const HolidaysSchema = z
  .array(DateSchema('a public holiday (法定节假日)'), {
    error: 'a list of public holidays as dates, e.g. ["2026-10-01", "2026-10-02"]',
  })
  .max(400);

const ClosureSchema = z
  .strictObject(
    {
      from: DateSchema('the first day of the closure'),
      to: DateSchema('the last day of the closure (the same as "from" for one day)'),
      reason: z
        .string({
          error: 'why the service is closed, as text of 1 to 64 characters, e.g. "停电检修"',
        })
        .regex(/\S/)
        .max(64),
    },
    {
      error:
        'a declared closure {"from": "2026-11-02", "to": "2026-11-03", "reason": "停电检修"} (whole days, both included)',
    },
  )
  .superRefine((closure, ctx) => {
    const from = stringMatching(field(closure, 'from'), isoDate);
    const to = stringMatching(field(closure, 'to'), isoDate);
    // "YYYY-MM-DD" strings compare correctly as text.
    if (from !== undefined && to !== undefined && to < from) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        input: to,
        message: `a last day no earlier than the first day "${from}"`,
      });
    }
  }, evenWithOtherProblems);

export const ClosuresSchema = z
  .array(ClosureSchema, {
    error:
      'a list of declared closures, e.g. [{"from": "2026-11-02", "to": "2026-11-03", "reason": "停电检修"}]',
  })
  .max(1000);

export type WeeklyHours = z.infer<typeof WeeklyHoursSchema>;
export type Closure = z.infer<typeof ClosureSchema>;
