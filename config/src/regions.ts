import { z } from 'zod';
import { evenWithOtherProblems, field, listOf } from './cross-field.js';
import { ClosuresSchema, HolidaysSchema, WeeklyHoursSchema } from './service-hours.js';

/** Region levels by the length of their statistical area code (统计用区划代码). */
export const LEVEL_BY_CODE_LENGTH = { 2: 'province', 4: 'city', 6: 'county', 9: 'street' } as const;

const LEVELS = ['province', 'city', 'county', 'street'] as const;
export type RegionLevel = (typeof LEVELS)[number];

const percentAt = (what: string, example: string) =>
  z.strictObject(
    {
      percent: z
        .number({ error: `a percentage from 0 to 100 as a number, e.g. ${example}` })
        .min(0)
        .max(100),
      year: z
        .number({ error: 'a four-digit year from 2000 to 2100, e.g. 2025' })
        .int()
        .min(2000)
        .max(2100),
    },
    { error: `${what} as an object {"percent": ${example}, "year": 2025}` },
  );

const CoverageSchema = z.strictObject(
  {
    baseline: percentAt(
      'the coverage measured before the plan, from the planning document',
      '19.6',
    ).nullable(),
    target: percentAt('the coverage the plan sets as the goal', '100'),
  },
  {
    error:
      'the coverage indicator (城市社区政务通用自助服务覆盖率) as {"baseline": {"percent": 19.6, "year": 2022} or null, "target": {"percent": 100, "year": 2025}}',
  },
);

const levelFor = (code: unknown): RegionLevel | undefined =>
  typeof code === 'string' && /^\d+$/.test(code)
    ? (LEVEL_BY_CODE_LENGTH as Record<number, RegionLevel>)[code.length]
    : undefined;

const RegionSchema = z
  .strictObject(
    {
      code: z
        .string({
          error:
            'a statistical area code (统计用区划代码) of 2 (province), 4 (city), 6 (county) or 9 (street) digits, as a quoted string, e.g. "1409"',
        })
        .refine((code) => levelFor(code) !== undefined),
      name: z.string({ error: 'the region name as text, e.g. "忻州市"' }).regex(/\S/).max(64),
      level: z.enum(LEVELS, {
        error: `one of ${LEVELS.map((l) => `"${l}"`).join(', ')}, matching the code length (2, 4, 6 or 9 digits)`,
      }),
      coverage: CoverageSchema,
      // Inherited by the communities inside the region that do not say their own.
      serviceHours: WeeklyHoursSchema.optional(),
      holidays: HolidaysSchema.optional(),
      closures: ClosuresSchema.optional(),
    },
    {
      error:
        'a region object {"code": "1409", "name": "忻州市", "level": "city", "coverage": {...}}',
    },
  )
  .superRefine((region, ctx) => {
    const expected = levelFor(field(region, 'code'));
    const level = field(region, 'level');
    if (expected !== undefined && LEVELS.includes(level as RegionLevel) && level !== expected) {
      const digits = String(field(region, 'code')).length;
      ctx.addIssue({
        code: 'custom',
        path: ['level'],
        input: level,
        message: `"${expected}", because a ${digits}-digit code is a ${expected} code; fix the level or the code, whichever is wrong`,
      });
    }
    const coverage = field(region, 'coverage');
    const baselineYear = field(field(coverage, 'baseline'), 'year');
    const targetYear = field(field(coverage, 'target'), 'year');
    if (typeof baselineYear === 'number' && typeof targetYear === 'number') {
      if (baselineYear > targetYear) {
        ctx.addIssue({
          code: 'custom',
          path: ['coverage', 'baseline', 'year'],
          input: baselineYear,
          message: `a baseline year no later than the target year ${targetYear}`,
        });
      }
    }
  }, evenWithOtherProblems);

/** Monday to Friday 08:30-17:30 (9 hours), when neither a community nor its regions say otherwise. */
export const DEFAULT_SERVICE_HOURS = [{ days: [1, 2, 3, 4, 5], open: '08:30', close: '17:30' }];

const IndicatorSchema = z.strictObject(
  {
    minimumServiceHours: z
      .number({
        error:
          'the hours in service a day needs to count as covered, from 1 to 24; the plans say 8 (服务时间一般不少于每天8小时)',
      })
      .min(1)
      .max(24),
  },
  { error: 'the indicator rule as an object {"minimumServiceHours": 8}' },
);

const PresenceSchema = z.strictObject(
  {
    offlineAfterMissedHeartbeats: z
      .number({
        error:
          'how many heartbeats in a row a terminal may miss before it shows offline, a whole number from 2 to 20, e.g. 3',
      })
      .int()
      .min(2)
      .max(20),
  },
  { error: 'the presence rule as an object {"offlineAfterMissedHeartbeats": 3}' },
);

export const RegionsConfigSchema = z
  .strictObject(
    {
      indicator: IndicatorSchema.default({ minimumServiceHours: 8 }),
      presence: PresenceSchema.default({ offlineAfterMissedHeartbeats: 3 }),
      serviceHours: WeeklyHoursSchema.default(DEFAULT_SERVICE_HOURS),
      holidays: HolidaysSchema.default([]),
      closures: ClosuresSchema.default([]),
      regions: z
        .array(RegionSchema, {
          error:
            'a list of regions, e.g. [{"code": "1409", "name": "忻州市", "level": "city", "coverage": {...}}]',
        })
        .min(1),
    },
    { error: 'a regions configuration object {"regions": [...]} (see docs/configuration.md)' },
  )
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    listOf(field(config, 'regions')).forEach((region, index) => {
      const code = field(region, 'code');
      if (typeof code !== 'string') return;
      const first = seen.get(code);
      if (first === undefined) {
        seen.set(code, index);
        return;
      }
      ctx.addIssue({
        code: 'custom',
        path: ['regions', index, 'code'],
        input: code,
        message: `a code not used by another region; regions[${first}] already has code "${code}"`,
      });
    });
  }, evenWithOtherProblems);

export type Region = z.infer<typeof RegionSchema>;
export type RegionsConfig = z.infer<typeof RegionsConfigSchema>;
