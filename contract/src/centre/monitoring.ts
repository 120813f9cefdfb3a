import { Type, type Static } from 'typebox';
import { DEVICE_IDS, SEVERITIES } from '../devices.js';
import { TerminalId, closed, oneOf } from '../schema.js';
import { RegionUnitSchema } from './heartbeat.js';
import { PRESENCES } from './terminals.js';
import { PresenceChangeSchema } from './presence.js';
import { RATING_LEVELS, type RatingLevel } from '../agent/rating.js';

/*
 * The monitoring app's calls (docs/deploy.md, "Monitoring accounts"). Every route under
 * /api/v1/monitor/ needs a session cookie from LOGIN_PATH and answers only inside the
 * account's region; state-changing ones also need an Origin header naming the centre.
 */

export const MONITOR_LOGIN_PATH = '/api/v1/monitor/login';
export const MONITOR_LOGOUT_PATH = '/api/v1/monitor/logout';
export const MONITOR_SESSION_PATH = '/api/v1/monitor/session';
export const MONITOR_TERMINALS_PATH = '/api/v1/monitor/terminals';
export const MONITOR_TERMINALS_CSV_PATH = '/api/v1/monitor/terminals.csv';
export const MONITOR_TERMINAL_PATH = '/api/v1/monitor/terminals/:terminalId';
export const MONITOR_REGIONS_PATH = '/api/v1/monitor/regions';
export const MONITOR_REGIONS_CSV_PATH = '/api/v1/monitor/regions.csv';
/** Administrator route (Authorization: Bearer <CENTRAL_ADMIN_TOKEN>). */
export const ADMIN_ACCOUNTS_PATH = '/api/v1/admin/accounts';

export const ACCOUNT_ROLES = ['viewer', 'admin'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** The whole country: the scope of a national account. */
export const NATION_SCOPE = 'nation';
/**
 * A region by its statistical area code (统计用区划代码): 2 digits a province, 4 a city, 6 a
 * county, 9 a street; codes nest, so a region's code begins with its parent's.
 */
export const RegionScopeSchema = Type.String({
  pattern: `^(${NATION_SCOPE}|\\d{2}|\\d{4}|\\d{6}|\\d{9})$`,
});
/** A region a filter or an aggregate may name: a scope, or one community (12 digits). */
const RegionFilter = Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$' });

export const AccountUser = Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{1,31}$' });
const Password = Type.String({ minLength: 10, maxLength: 256 });

export const CreateAccountSchema = closed({
  user: AccountUser,
  role: oneOf(ACCOUNT_ROLES),
  region: RegionScopeSchema,
  password: Password,
});
export type CreateAccount = Static<typeof CreateAccountSchema>;

export const AccountSchema = closed({
  user: AccountUser,
  role: oneOf(ACCOUNT_ROLES),
  region: RegionScopeSchema,
  /** The region's name as its terminals report it; null for the nation or none yet. */
  regionName: Type.Union([Type.String(), Type.Null()]),
});
export type Account = Static<typeof AccountSchema>;

export const LoginSchema = closed({
  user: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});
export type Login = Static<typeof LoginSchema>;

export const LogoutReplySchema = closed({ ok: Type.Literal(true) });

/** Device filter: terminals where this device (or any, `any`) is faulted. */
export const DEVICE_FAULT_FILTERS = ['any', ...DEVICE_IDS] as const;
export const MAX_TERMINAL_PAGE = 200;
/** Where a page ended: the last terminal's community code and id (terminals sort by both). */
const PageCursor = Type.String({
  pattern: '^[0-9A-Za-z-]{1,32}~[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
});

const TerminalFilters = {
  /** Inside the account's region; defaults to all of it. */
  region: Type.Optional(RegionFilter),
  presence: Type.Optional(oneOf(PRESENCES)),
  fault: Type.Optional(oneOf(DEVICE_FAULT_FILTERS)),
};

export const TerminalPageQuerySchema = closed({
  ...TerminalFilters,
  /** 1 to MAX_TERMINAL_PAGE (default 50); digits, as query strings are not converted. */
  limit: Type.Optional(Type.String({ pattern: '^([1-9]|[1-9][0-9]|1[0-9]{2}|200)$' })),
  /** The nextCursor of the previous page. */
  cursor: Type.Optional(PageCursor),
});
export type TerminalPageQuery = Static<typeof TerminalPageQuerySchema>;

export const TerminalCsvQuerySchema = closed(TerminalFilters);
export type TerminalCsvQuery = Static<typeof TerminalCsvQuerySchema>;

export const TerminalStatusSchema = closed({
  terminalId: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  community: Type.Union([RegionUnitSchema, Type.Null()]),
  street: Type.Union([RegionUnitSchema, Type.Null()]),
  county: Type.Union([RegionUnitSchema, Type.Null()]),
  city: Type.Union([RegionUnitSchema, Type.Null()]),
  presence: oneOf(PRESENCES),
  /** Centre clock of the change into this presence; null before the first decision. */
  presenceSince: Type.Union([Type.String(), Type.Null()]),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
  /** Devices in a fault state, with the device registry's Chinese label, e.g. 打印机：缺纸. */
  faults: Type.Array(closed({ device: Type.String(), state: Type.String(), label: Type.String() })),
});
export type TerminalStatus = Static<typeof TerminalStatusSchema>;

export const TerminalPageSchema = closed({
  items: Type.Array(TerminalStatusSchema),
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: Type.Union([PageCursor, Type.Null()]),
  /** Terminals matching the filters in all pages. */
  total: Type.Integer({ minimum: 0 }),
});
export type TerminalPage = Static<typeof TerminalPageSchema>;

export const MonitorTerminalParamsSchema = closed({ terminalId: TerminalId });

export const TerminalDetailSchema = closed({
  terminal: TerminalStatusSchema,
  /** Newest first. */
  presenceHistory: Type.Array(PresenceChangeSchema),
});
export type TerminalDetail = Static<typeof TerminalDetailSchema>;

export const RegionQuerySchema = closed({ region: Type.Optional(RegionScopeSchema) });
export type RegionQuery = Static<typeof RegionQuerySchema>;

const PresenceCountsSchema = closed(
  Object.fromEntries(PRESENCES.map((p) => [p, Type.Integer({ minimum: 0 })])) as Record<
    (typeof PRESENCES)[number],
    ReturnType<typeof Type.Integer>
  >,
);
export type PresenceCounts = Record<(typeof PRESENCES)[number], number>;

export const RegionRowSchema = closed({
  code: Type.String(),
  name: Type.String(),
  total: Type.Integer({ minimum: 0 }),
  presence: PresenceCountsSchema,
});
export type RegionRow = Static<typeof RegionRowSchema>;

export const RegionSummarySchema = closed({
  /** The region asked for (or the account's), and its children one level down. */
  region: RegionScopeSchema,
  childLevel: oneOf(['province', 'city', 'county', 'street', 'community'] as const),
  children: Type.Array(RegionRowSchema),
  total: RegionRowSchema,
});
export type RegionSummary = Static<typeof RegionSummarySchema>;

/*
 * Usage, 好差评 and one terminal's 90 days (docs/monitoring.md). Counts come from the usage
 * rollup, which follows the centre's delivery positions a few seconds behind ingest.
 */
export const MONITOR_USAGE_PATH = '/api/v1/monitor/usage';
export const MONITOR_USAGE_CSV_PATH = '/api/v1/monitor/usage.csv';
export const MONITOR_RATINGS_PATH = '/api/v1/monitor/ratings';
export const MONITOR_RATINGS_CSV_PATH = '/api/v1/monitor/ratings.csv';
export const MONITOR_TERMINAL_DAYS_PATH = '/api/v1/monitor/terminals/:terminalId/days';
export const MONITOR_TERMINAL_DAYS_CSV_PATH = '/api/v1/monitor/terminals/:terminalId/days.csv';
export const MONITOR_TERMINAL_FAULTS_CSV_PATH = '/api/v1/monitor/terminals/:terminalId/faults.csv';

/** Longest period a usage or rating table covers. */
export const MAX_USAGE_DAYS = 366;
/** Days of a terminal's uptime bars, today included. */
export const TERMINAL_DAYS = 90;

const LocalDay = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const PeriodQuerySchema = closed({
  region: Type.Optional(RegionScopeSchema),
  /** First local day, included; default 29 days before `to`. */
  from: Type.Optional(LocalDay),
  /** Last local day, included; default today. */
  to: Type.Optional(LocalDay),
});
export type PeriodQuery = Static<typeof PeriodQuerySchema>;

const Count = Type.Integer({ minimum: 0 });
const CHILD_LEVELS = ['province', 'city', 'county', 'street', 'community'] as const;

/** What residents did, by the usage events terminals send (contract/src/centre/events.ts). */
export const USAGE_KINDS = [
  /** ticket.issued */
  'tickets',
  /** application.submitted */
  'applications',
  /** queue.done: served at a counter */
  'served',
  /** queue.no-show: 过号 */
  'noShows',
  /** staff.called: 呼叫工作人员 */
  'staffCalls',
  /** rating.submitted: 好差评 */
  'ratings',
] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];
/** The kinds counted per service. */
export const SERVICE_USAGE_KINDS = ['tickets', 'applications', 'served', 'noShows'] as const;

const UsageCountsSchema = closed(
  Object.fromEntries(USAGE_KINDS.map((k) => [k, Count])) as Record<UsageKind, typeof Count>,
);
export type UsageCounts = Record<UsageKind, number>;

export const ServiceUsageSchema = closed({
  serviceId: Type.String(),
  /** The latest name a ticket gave it; null when no ticket named it (applications only). */
  serviceName: Type.Union([Type.String(), Type.Null()]),
  tickets: Count,
  applications: Count,
  served: Count,
  noShows: Count,
});
export type ServiceUsage = Static<typeof ServiceUsageSchema>;

export const UsageRowSchema = closed({
  code: Type.String(),
  name: Type.String(),
  counts: UsageCountsSchema,
  /** Services with any count in this unit, by service id. */
  services: Type.Array(ServiceUsageSchema),
});
export type UsageRow = Static<typeof UsageRowSchema>;

const PeriodTable = {
  region: RegionScopeSchema,
  childLevel: oneOf(CHILD_LEVELS),
  from: LocalDay,
  to: LocalDay,
  timeZone: Type.String(),
};

export const UsageSummarySchema = closed({
  ...PeriodTable,
  /** Units one level down with any usage in the period. */
  children: Type.Array(UsageRowSchema),
  total: UsageRowSchema,
});
export type UsageSummary = Static<typeof UsageSummarySchema>;

export const RatingRowSchema = closed({
  code: Type.String(),
  name: Type.String(),
  /** Ratings per level (RATING_LEVELS, 非常满意 ... 非常不满意). */
  levels: closed(
    Object.fromEntries(RATING_LEVELS.map((l) => [l, Count])) as Record<RatingLevel, typeof Count>,
  ),
  total: Count,
});
export type RatingRow = Static<typeof RatingRowSchema>;

export const RatingSummarySchema = closed({
  ...PeriodTable,
  children: Type.Array(RatingRowSchema),
  total: RatingRowSchema,
});
export type RatingSummary = Static<typeof RatingSummarySchema>;

const Seconds = Type.Number({ minimum: 0 });

/** One local day of a terminal, as the centre saw it and as the terminal says it served. */
export const TerminalDaySchema = closed({
  day: LocalDay,
  /** Seconds in each presence the sweeper decided (heartbeats, the centre's clock). */
  observed: closed(
    Object.fromEntries(PRESENCES.map((p) => [p, Seconds])) as Record<
      (typeof PRESENCES)[number],
      typeof Seconds
    >,
  ),
  /** Seconds in each state of the terminal's own service-time records; `none` if unrecorded. */
  reported: closed({
    inService: Seconds,
    deviceFault: Seconds,
    closed: Seconds,
    off: Seconds,
    none: Seconds,
  }),
});
export type TerminalDay = Static<typeof TerminalDaySchema>;

export const DeviceChangeSchema = closed({
  /** The event's time as the centre corrected it. */
  at: Type.String(),
  device: Type.String(),
  state: Type.String(),
  /** The registry's Chinese label, e.g. 打印机：缺纸. */
  label: Type.String(),
  /** A warning (e.g. paper nearly out) is not a recovery: staff should act soon. */
  severity: oneOf(SEVERITIES),
});
export type DeviceChange = Static<typeof DeviceChangeSchema>;

export const TerminalDaysSchema = closed({
  terminalId: Type.String(),
  timeZone: Type.String(),
  /** Oldest first, TERMINAL_DAYS of them; today's ends at the centre's now. */
  days: Type.Array(TerminalDaySchema),
  /** Device state changes in those days, newest first (at most MAX_DEVICE_CHANGES). */
  deviceChanges: Type.Array(DeviceChangeSchema),
});
export type TerminalDays = Static<typeof TerminalDaysSchema>;
export const MAX_DEVICE_CHANGES = 500;

/** Column names of the monitoring app's tables and CSV exports. */
export const USAGE_KIND_LABELS: Record<UsageKind, string> = {
  tickets: '取号',
  applications: '申请',
  served: '窗口办结',
  noShows: '过号',
  staffCalls: '呼叫工作人员',
  ratings: '评价',
};
export const REPORTED_STATE_LABELS: Record<keyof TerminalDay['reported'], string> = {
  inService: '服务中',
  deviceFault: '设备故障',
  closed: '非服务时间',
  off: '未运行',
  none: '无记录',
};
