import { Type, type Static } from 'typebox';
import { closed, oneOf } from '../schema.js';

/**
 * The indicator 城市社区政务通用自助服务覆盖率 for one region and period (docs/coverage.md):
 * covered community-days over community-days, urban communities (the indicator) and rural
 * ones apart, the region's units one level down, and the months of the period.
 */
export const COVERAGE_PATH = '/api/v1/coverage';
/** The same report for the monitoring app: behind its session, inside the account's region. */
export const MONITOR_COVERAGE_PATH = '/api/v1/monitor/coverage';
/** Longest period one report covers. */
export const MAX_COVERAGE_DAYS = 366;

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

export const CoverageQuerySchema = closed({
  /** A statistical area code of 2, 4, 6, 9 or 12 digits; without it, every community configured. */
  region: Type.Optional(Type.String({ pattern: '^\\d{2}(\\d{2}(\\d{2}(\\d{3}(\\d{3})?)?)?)?$' })),
  /** First local day, included; default 29 days before `to`. */
  from: Type.Optional(Type.String({ pattern: DATE_PATTERN })),
  /** Last local day, included; default yesterday (a day is judged once it is over). */
  to: Type.Optional(Type.String({ pattern: DATE_PATTERN })),
});
export type CoverageQuery = Static<typeof CoverageQuerySchema>;

export const UNIT_LEVELS = ['nation', 'province', 'city', 'county', 'street', 'community'] as const;

export const CoverageFigureSchema = closed({
  /** Communities of this kind in the unit (from configuration, with a terminal or not). */
  communities: Type.Integer({ minimum: 0 }),
  /** Days each community was due to serve (closed days left out), summed. */
  communityDays: Type.Integer({ minimum: 0 }),
  /** Of those, days on which one of its terminals served for the minimum hours. */
  coveredDays: Type.Integer({ minimum: 0 }),
  /** coveredDays / communityDays in percent, one decimal; null without community-days. */
  percent: Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()]),
});
export type CoverageFigure = Static<typeof CoverageFigureSchema>;

const GoalSchema = Type.Union([
  closed({ percent: Type.Number(), year: Type.Integer() }),
  Type.Null(),
]);

export const CoverageUnitSchema = closed({
  /** '' for the whole list (nation). */
  code: Type.String(),
  /** From configuration; the code when no file names the unit. */
  name: Type.String(),
  level: oneOf(UNIT_LEVELS),
  /** From regions.json; null when it states none. */
  baseline: GoalSchema,
  target: GoalSchema,
  urban: CoverageFigureSchema,
  rural: CoverageFigureSchema,
});
export type CoverageUnit = Static<typeof CoverageUnitSchema>;

export const CoverageMonthSchema = closed({
  /** 'YYYY-MM', the part of that month inside the period. */
  month: Type.String(),
  urban: CoverageFigureSchema,
  rural: CoverageFigureSchema,
});
export type CoverageMonth = Static<typeof CoverageMonthSchema>;

export const CoverageReportSchema = closed({
  region: CoverageUnitSchema,
  from: Type.String(),
  to: Type.String(),
  timeZone: Type.String(),
  minimumServiceHours: Type.Number(),
  /** One level down: streets of a county, communities of a street, and so on. */
  children: Type.Array(CoverageUnitSchema),
  months: Type.Array(CoverageMonthSchema),
  /** Community-days whose figures changed when service time arrived after the day closed. */
  revised: closed({
    communityDays: Type.Integer({ minimum: 0 }),
    /** Centre clock of the latest such arrival. */
    latestAt: Type.Union([Type.String(), Type.Null()]),
  }),
});
export type CoverageReport = Static<typeof CoverageReportSchema>;
