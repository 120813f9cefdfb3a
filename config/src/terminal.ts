import { z } from 'zod';
import { type AreaCode, findCodeMismatches } from './area-codes.js';
import { evenWithOtherProblems, field, stringMatching } from './cross-field.js';
import { renderFound } from './problems.js';

const nonBlank = /\S/;

const name = (what: string, example: string) =>
  z
    .string({ error: `${what} as text of 1 to 64 characters, e.g. "${example}"` })
    .regex(nonBlank)
    .max(64);

/** 统计用区划代码: every level's code is its parent's code plus a few more digits. */
const AREA_LEVELS = [
  { key: 'province', label: 'province (省)', digits: 2, example: '14' },
  { key: 'city', label: 'city (市)', digits: 4, example: '1409' },
  { key: 'county', label: 'county or district (县/区)', digits: 6, example: '140902' },
  { key: 'street', label: 'street or township (街道/乡镇)', digits: 9, example: '140902001' },
] as const;

const codeOfLength = (digits: number) => new RegExp(`^\\d{${digits}}$`);

const areaCode = (digits: number, label: string, example: string) =>
  z
    .string({
      error: `a ${digits}-digit ${label} statistical area code (统计用区划代码), as a quoted string, e.g. "${example}"`,
    })
    .regex(codeOfLength(digits));

const area = (level: (typeof AREA_LEVELS)[number], exampleName: string) =>
  z.strictObject(
    {
      name: name(`the ${level.label} name`, exampleName),
      code: areaCode(level.digits, level.label, level.example),
    },
    {
      error: `the ${level.label} as an object {"name": "${exampleName}", "code": "${level.example}"}`,
    },
  );

const CommunitySchema = z.strictObject(
  {
    name: name('the community name (社区居民委员会 / 村民委员会)', '长征街社区居民委员会'),
    code: z
      .string({
        error: 'a 12-digit statistical area code (统计用区划代码), e.g. "140902001001"',
      })
      .regex(codeOfLength(12)),
    kind: z.enum(['urban', 'rural'], {
      error:
        'one of "urban" (城市社区, 居民委员会) or "rural" (农村社区, 村民委员会); only urban communities count towards the coverage indicator',
    }),
  },
  {
    error:
      'the community as an object {"name": "长征街社区居民委员会", "code": "140902001001", "kind": "urban"}',
  },
);

const RegionSchema = z.strictObject(
  {
    street: area(AREA_LEVELS[3], '长征街街道'),
    county: area(AREA_LEVELS[2], '忻府区'),
    city: area(AREA_LEVELS[1], '忻州市'),
    province: area(AREA_LEVELS[0], '山西省'),
  },
  {
    error:
      'the areas containing the community, as an object with "street", "county", "city" and "province", each {"name": ..., "code": ...}',
  },
);

/** Area/Location, e.g. "Asia/Shanghai" or "America/Argentina/Buenos_Aires". */
const AREA_LOCATION = /^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/;

/**
 * What Intl makes of abbreviations a technician in China may mean as China time: Intl reads
 * "CST" as US Central, so the hall's day would start at 14:00 Beijing time.
 */
const ABBREVIATION_MEANS: Readonly<Record<string, string>> = {
  CST: 'US Central time',
  EST: 'US Eastern time',
};

const NOT_A_TIME_ZONE = 'an IANA time zone name, normally "Asia/Shanghai"';

/**
 * Only Area/Location names (and "UTC"): Intl also takes abbreviations and legacy aliases,
 * which read as somewhere else or may be missing from another system's time zone data.
 */
function timeZoneProblem(zone: string): string | undefined {
  let readAs: string;
  try {
    readAs = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return NOT_A_TIME_ZONE;
  }
  // POSIX signs run backwards: Etc/GMT+8 is eight hours behind UTC, not Beijing's +8.
  const etc = /^Etc\/GMT([+-])(\d{1,2})$/.exec(zone);
  if (etc) {
    const offset = `UTC${etc[1] === '+' ? '−' : '+'}${etc[2]}`;
    return `an IANA Area/Location time zone name: ${renderFound(zone)} is read as ${offset} (its sign is the reverse of what it looks like); in China use "Asia/Shanghai"`;
  }
  if (zone === 'UTC' || AREA_LOCATION.test(zone)) return undefined;
  const what = /^[A-Z]+$/.test(zone) ? 'an abbreviation' : 'a bare name';
  if (readAs === 'Asia/Shanghai') {
    return `an IANA Area/Location time zone name: ${renderFound(zone)} is ${what} kept only for old systems; write "Asia/Shanghai"`;
  }
  const meaning = ABBREVIATION_MEANS[zone] ?? `${renderFound(readAs)} time`;
  return `an IANA Area/Location time zone name: ${renderFound(zone)} is ${what} that is read as ${meaning}; in China use "Asia/Shanghai"`;
}

const TimeZoneSchema = z.string({ error: NOT_A_TIME_ZONE }).check((ctx) => {
  const message = timeZoneProblem(ctx.value);
  if (message !== undefined) ctx.issues.push({ code: 'custom', input: ctx.value, message });
});

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
// A closing time of 24:00 lets a 24-hour self-service hall (24小时自助服务区) say so.
const closingClock = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

const WeekdaysSchema = z
  .array(
    z
      .number({ error: 'an ISO weekday number from 1 (Monday, 周一) to 7 (Sunday, 周日)' })
      .int()
      .min(1)
      .max(7),
    {
      error:
        'a list of ISO weekday numbers, 1 = Monday (周一) to 7 = Sunday (周日), e.g. [1, 2, 3, 4, 5]',
    },
  )
  .min(1)
  .superRefine((days, ctx) => {
    const repeated = days.filter((day, i) => days.indexOf(day) !== i);
    if (repeated.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `each weekday at most once; ${[...new Set(repeated)].join(', ')} is listed more than once`,
      });
    }
  });

export const ServiceWindowSchema = z
  .strictObject(
    {
      days: WeekdaysSchema,
      open: z
        .string({ error: 'an opening time as "HH:mm" on a 24-hour clock, e.g. "08:30"' })
        .regex(clock),
      close: z
        .string({
          error: 'a closing time as "HH:mm" on a 24-hour clock (up to "24:00"), e.g. "17:30"',
        })
        .regex(closingClock),
    },
    {
      error: 'a service window object {"days": [1, 2, 3, 4, 5], "open": "08:30", "close": "17:30"}',
    },
  )
  .superRefine((window, ctx) => {
    const open = stringMatching(field(window, 'open'), clock);
    const close = stringMatching(field(window, 'close'), closingClock);
    // "HH:mm" strings compare correctly as text.
    if (open !== undefined && close !== undefined && close <= open) {
      ctx.addIssue({
        code: 'custom',
        path: ['close'],
        input: close,
        message: `a closing time later than the opening time "${open}"; a window cannot run past midnight, so split it into one ending "24:00" and one starting "00:00"`,
      });
    }
  }, evenWithOtherProblems);

const seconds = (min: number, max: number, example: number) =>
  z
    .number({ error: `a whole number of seconds from ${min} to ${max}, e.g. ${example}` })
    .int()
    .min(min)
    .max(max);

export function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === 'http:' || protocol === 'https:';
}

const CentreSchema = z.strictObject(
  {
    url: z
      .string({
        error:
          'the central service base URL starting with http:// or https://, e.g. "http://127.0.0.1:8080"',
      })
      .refine(isHttpUrl),
    heartbeatIntervalSeconds: seconds(5, 3600, 60),
    uploadIntervalSeconds: seconds(1, 3600, 10),
    // Long enough to refill a centre restored from its backups (docs/architecture.md).
    keepAcknowledgedDays: z
      .number({ error: 'a whole number of days from 1 to 3650, e.g. 30, or absent for 30' })
      .int()
      .min(1)
      .max(3650)
      .default(30),
  },
  {
    error:
      'the central service connection as an object {"url": "http://127.0.0.1:8080", "heartbeatIntervalSeconds": 60, "uploadIntervalSeconds": 10}',
  },
);

const SessionSchema = z.strictObject(
  {
    idleTimeoutSeconds: seconds(30, 1800, 120),
    // Accessibility rules give residents at least 30 s to answer the timeout warning.
    warningSeconds: seconds(30, 300, 30),
    ticketShownSeconds: seconds(5, 120, 20),
  },
  {
    error:
      'the session timings as an object {"idleTimeoutSeconds": 120, "warningSeconds": 30, "ticketShownSeconds": 20}',
  },
);

const CODE_CHAIN = [
  ...AREA_LEVELS.map(({ key, label, digits }) => ({ keys: ['region', key], label, digits })),
  { keys: ['community'], label: 'community (社区)', digits: 12 },
];

function areaCodes(config: unknown): AreaCode[] {
  return CODE_CHAIN.map(({ keys, label, digits }) => ({
    path: [...keys, 'code'].join('.'),
    label,
    digits,
    code: stringMatching(
      field(
        keys.reduce<unknown>((value, key) => field(value, key), config),
        'code',
      ),
      codeOfLength(digits),
    ),
  }));
}

export const TerminalConfigSchema = z
  .strictObject(
    {
      terminalId: z
        .string({
          error:
            'a terminal id of 3 to 64 letters, digits or hyphens, e.g. "T-140902001001-01" (community code plus a number)',
        })
        .regex(/^[A-Za-z0-9-]{3,64}$/),
      name: name('the terminal name shown on screen', '长征街社区 1号自助终端'),
      community: CommunitySchema,
      region: RegionSchema,
      timeZone: TimeZoneSchema,
      serviceHours: z
        .array(ServiceWindowSchema, {
          error:
            'a list of at least one service window, e.g. [{"days": [1, 2, 3, 4, 5], "open": "08:30", "close": "17:30"}]',
        })
        .min(1),
      centre: CentreSchema,
      session: SessionSchema,
    },
    { error: 'a terminal configuration object (see docs/configuration.md)' },
  )
  .superRefine((config, ctx) => {
    for (const { at, expected } of findCodeMismatches(areaCodes(config))) {
      ctx.addIssue({ code: 'custom', path: at.path.split('.'), input: at.code, message: expected });
    }
  }, evenWithOtherProblems);

export type TerminalConfig = z.infer<typeof TerminalConfigSchema>;
export type ServiceWindow = z.infer<typeof ServiceWindowSchema>;
