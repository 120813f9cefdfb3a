import type { PresenceChange } from '@bianmin/contract';

/**
 * The usage rollup's tables and reads (docs/monitoring.md, "Usage and 好差评"). Counts per
 * area unit at every level (province 2 digits ... community 12), local day, kind and key, so a
 * region's table one level down reads a few thousand rows whatever the fleet's size.
 */

/** Sorts after every code character: [prefix, prefix + END) is every code starting with prefix. */
export const END = '\uffff';

/** Code lengths of the levels a community rolls up into, province first. */
export const UNIT_DIGITS = [2, 4, 6, 9, 12] as const;

export interface DeliveryKey {
  terminalId: string;
  epoch: string;
}

/** A (terminal, epoch) whose delivered events the rollup has not read yet. */
export interface PendingDelivery {
  terminalId: string;
  epoch: string;
  /** Rolled up to this seq; the next read starts after it. */
  rolledUpTo: number;
  /** The centre's position (delivery_positions): every event up to it is stored. */
  ackedUpTo: number;
  /** The terminal's community and the units above it, from its (registered) terminal row. */
  units: { code: string; name: string }[];
}

/** A stored event the rollup counts, as both databases give it. */
export interface RolledEvent {
  terminalId: string;
  epoch: string;
  seq: number;
  type: string;
  /** ISO time, the centre's corrected time of the event. */
  at: string;
  payload: string;
}

export interface UsageIncrement {
  /** The unit code's length (UNIT_DIGITS). */
  level: number;
  unit: string;
  day: string;
  kind: string;
  /** A service id, a rating level, or '' where the kind has no key. */
  key: string;
  count: number;
}

interface DeviceChangeRow {
  terminalId: string;
  epoch: string;
  seq: number;
  at: string;
  device: string;
  state: string;
}

/** What one chunk of the rollup writes, besides moving its positions on. */
export interface RollupWrites {
  counts: UsageIncrement[];
  deviceChanges: DeviceChangeRow[];
  /** The latest name a ticket gave each service, with that ticket's time. */
  serviceNames: { serviceId: string; name: string; at: string }[];
  units: { code: string; name: string }[];
}

export interface RollupLimits {
  /** (terminal, epoch) pairs per transaction. */
  deliveries: number;
  /** Events read per pair and transaction; the rest waits for the next chunk. */
  eventsPerDelivery: number;
}

/** Stored event types the rollup reads. */
export const ROLLED_EVENT_TYPES = [
  'ticket.issued',
  'application.submitted',
  'queue.done',
  'queue.no-show',
  'staff.called',
  'rating.submitted',
  'device.status-changed',
] as const;

export interface UsageCountRow {
  code: string;
  kind: string;
  key: string;
  n: number;
}

export interface ServiceInterval {
  state: string;
  from: string;
  to: string;
}

/** The reads and the one write behind the usage, rating and terminal-history views. */
export interface UsageStore {
  /**
   * One chunk of the rollup in one transaction (one instance at a time on PostgreSQL): reads
   * up to `limits` of pending deliveries after `after` in key order and their events, writes
   * what `plan` makes of them and moves their positions on. Resolves to how many it read and
   * the last one's key, where the next chunk starts.
   */
  rollUpUsage(
    limits: RollupLimits,
    after: DeliveryKey | null,
    plan: (deliveries: PendingDelivery[], events: RolledEvent[]) => RollupWrites,
  ): Promise<{ deliveries: number; last: DeliveryKey | null }>;
  /** Summed counts of the units of `digits` digits under `prefix` over local days [from, to]. */
  usageCounts(digits: number, prefix: string, from: string, to: string): Promise<UsageCountRow[]>;
  unitNames(codes: readonly string[]): Promise<Map<string, string>>;
  serviceNames(ids: readonly string[]): Promise<Map<string, string>>;
  /** Presence changes in [from, to), oldest first, led by the last one before `from`. */
  presenceBetween(terminalId: string, from: Date, to: Date): Promise<PresenceChange[]>;
  /** The terminal's service-time records overlapping [from, to), by corrected time. */
  serviceIntervals(terminalId: string, from: Date, to: Date): Promise<ServiceInterval[]>;
  /** Device state changes in [from, to), newest first. */
  deviceChanges(
    terminalId: string,
    from: Date,
    to: Date,
    limit: number,
  ): Promise<{ at: string; device: string; state: string }[]>;
}

/** Bounds on what one terminal's history reads, so a flapping terminal cannot grow a page. */
export const MAX_PRESENCE_ROWS = 20_000;
export const MAX_INTERVAL_ROWS = 20_000;
/**
 * Service-time records are keyed by the terminal's own start time: the read starts this long
 * before the window (a day more than a month, as the terminal's start is text in its own offset):
 * only a record longer than that (the agent off for weeks) begins before it and is missed.
 */
export const INTERVAL_LOOKBACK_MS = 32 * 86_400_000;

export const USAGE_TABLES_SQL = `
  CREATE TABLE usage_positions (
    terminal_id TEXT NOT NULL,
    epoch TEXT NOT NULL,
    rolled_up_to INTEGER NOT NULL,
    PRIMARY KEY (terminal_id, epoch)
  );
  CREATE TABLE usage_rollup (
    level INTEGER NOT NULL,
    unit_code TEXT NOT NULL,
    day TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (level, unit_code, day, kind, key)
  );
  CREATE TABLE usage_units (code TEXT PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE usage_services (
    service_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    named_at TEXT NOT NULL
  );
  CREATE TABLE device_changes (
    terminal_id TEXT NOT NULL,
    epoch TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    device TEXT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (terminal_id, epoch, seq)
  );
  CREATE INDEX device_changes_by_time ON device_changes (terminal_id, at);
`;

/** The terminal row's units, community first as the rollup expects them named. */
export const UNIT_COLUMNS = `t.province_code, t.province_name, t.city_code, t.city_name,
  t.county_code, t.county_name, t.street_code, t.street_name, t.community_code, t.community_name`;

export interface UnitColumns {
  province_code: string | null;
  province_name: string | null;
  city_code: string | null;
  city_name: string | null;
  county_code: string | null;
  county_name: string | null;
  street_code: string | null;
  street_name: string | null;
  community_code: string | null;
  community_name: string | null;
}

export function unitsOf(row: UnitColumns): PendingDelivery['units'] {
  const pairs: [string | null, string | null][] = [
    [row.province_code, row.province_name],
    [row.city_code, row.city_name],
    [row.county_code, row.county_name],
    [row.street_code, row.street_name],
    [row.community_code, row.community_name],
  ];
  const community = row.community_code ?? '';
  // Only codes the community's own code begins with, at a level's length: those are the
  // units its counts roll up into.
  return pairs.flatMap(([code, name]) =>
    code !== null &&
    community.startsWith(code) &&
    (UNIT_DIGITS as readonly number[]).includes(code.length)
      ? [{ code, name: name ?? code }]
      : [],
  );
}
