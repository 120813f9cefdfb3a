import { createPeriodic, localDate, type Clock } from '@bianmin/common';
import {
  RATING_LEVELS,
  type EventPayloads,
  type RatingLevel,
  type UsageKind,
} from '@bianmin/contract';
import {
  UNIT_DIGITS,
  type DeliveryKey,
  type PendingDelivery,
  type RolledEvent,
  type RollupLimits,
  type RollupWrites,
  type UsageIncrement,
  type UsageStore,
} from './usage-store.js';

type Counted = { kind: UsageKind; key: string };

/** The kind and key an event counts under, or null for one that is not counted. */
function countedAs(type: string, payload: unknown): Counted | null {
  switch (type) {
    case 'ticket.issued':
      return { kind: 'tickets', key: (payload as EventPayloads['ticket.issued']).serviceId };
    case 'application.submitted':
      return {
        kind: 'applications',
        key: (payload as EventPayloads['application.submitted']).serviceId,
      };
    case 'queue.done':
      return { kind: 'served', key: (payload as EventPayloads['queue.done']).serviceId };
    case 'queue.no-show':
      return { kind: 'noShows', key: (payload as EventPayloads['queue.no-show']).serviceId };
    case 'staff.called':
      return { kind: 'staffCalls', key: '' };
    case 'rating.submitted': {
      const level = (payload as EventPayloads['rating.submitted']).level;
      return RATING_LEVELS.includes(level as RatingLevel) ? { kind: 'ratings', key: level } : null;
    }
    default:
      return null;
  }
}

/**
 * What one chunk of delivered events adds: each counted event once per level of its
 * terminal's community (province ... community) on its local day, device changes for the
 * fault history, and service names. Pure, so both databases' stores share it.
 */
export function planRollup(
  deliveries: readonly PendingDelivery[],
  events: readonly RolledEvent[],
  timeZone: string,
): RollupWrites {
  const communityOf = new Map<string, string>();
  const units = new Map<string, string>();
  for (const delivery of deliveries) {
    const community = delivery.units.at(-1)?.code;
    if (community !== undefined) communityOf.set(delivery.terminalId, community);
    for (const unit of delivery.units) units.set(unit.code, unit.name);
  }
  const counts = new Map<string, UsageIncrement>();
  const deviceChanges: RollupWrites['deviceChanges'] = [];
  const names = new Map<string, { serviceId: string; name: string; at: string }>();
  // Local days by the hour: Luxon per event would cost more than the rest of the rollup.
  const dayByHour = new Map<number, string>();
  const dayOf = (iso: string) => {
    const ms = Date.parse(iso);
    const hour = Math.floor(ms / 3_600_000);
    let day = dayByHour.get(hour);
    if (day === undefined) {
      day = localDate(new Date(hour * 3_600_000), timeZone);
      dayByHour.set(hour, day);
    }
    return day;
  };
  for (const event of events) {
    const payload = JSON.parse(event.payload) as unknown;
    if (event.type === 'device.status-changed') {
      const { device, state } = payload as EventPayloads['device.status-changed'];
      deviceChanges.push({ ...event, device, state });
      continue;
    }
    const community = communityOf.get(event.terminalId);
    const counted = countedAs(event.type, payload);
    if (community === undefined || counted === null) continue;
    if (event.type === 'ticket.issued') {
      const { serviceId, serviceName } = payload as EventPayloads['ticket.issued'];
      const known = names.get(serviceId);
      if (known === undefined || known.at < event.at) {
        names.set(serviceId, { serviceId, name: serviceName, at: event.at });
      }
    }
    const day = dayOf(event.at);
    for (const level of UNIT_DIGITS) {
      if (community.length < level) break;
      const unit = community.slice(0, level);
      const id = `${level}|${unit}|${day}|${counted.kind}|${counted.key}`;
      const row = counts.get(id);
      if (row) row.count += 1;
      else counts.set(id, { level, unit, day, ...counted, count: 1 });
    }
  }
  return {
    counts: [...counts.values()],
    deviceChanges,
    serviceNames: [...names.values()],
    units: [...units].map(([code, name]) => ({ code, name })),
  };
}

const DEFAULT_ROLLUP_LIMITS: RollupLimits = { deliveries: 500, eventsPerDelivery: 2000 };

export interface UsageRollupOptions {
  store: UsageStore;
  timeZone: string;
  now: () => Date;
  /** How often it follows the delivery positions (default 15 s). */
  intervalMs?: number;
  limits?: RollupLimits;
  onError: (error: unknown) => void;
  clock?: Clock;
}

/**
 * Follows the centre's delivery positions and rolls newly delivered events up, off the
 * ingest path: on a timer, and before a read when the last run is older than the interval.
 */
export function createUsageRollup(options: UsageRollupOptions) {
  const intervalMs = options.intervalMs ?? 15_000;
  const limits = options.limits ?? DEFAULT_ROLLUP_LIMITS;
  let queue: Promise<unknown> = Promise.resolve();
  let lastRunMs = -Infinity;

  const runAll = async () => {
    lastRunMs = options.now().getTime();
    let deliveries = 0;
    let after: DeliveryKey | null = null;
    for (;;) {
      const chunk = await options.store.rollUpUsage(limits, after, (pending, events) =>
        planRollup(pending, events, options.timeZone),
      );
      deliveries += chunk.deliveries;
      if (chunk.deliveries < limits.deliveries) return deliveries;
      after = chunk.last;
      // Other work (heartbeats, pages) runs between chunks of a long backlog.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const serially = (): Promise<number> => {
    const next = queue.then(runAll);
    queue = next.catch(() => undefined);
    return next;
  };
  const loop = createPeriodic({
    task: serially,
    intervalMs,
    onError: options.onError,
    ...(options.clock && { clock: options.clock }),
  });
  return {
    /** Rolls up everything delivered so far. */
    run: serially,
    /** Runs first if the last run started longer than the interval ago. */
    fresh: async (): Promise<void> => {
      if (options.now().getTime() - lastRunMs < intervalMs) return;
      await serially();
    },
    start: () => loop.start(),
    stop: () => loop.stop(),
  };
}
