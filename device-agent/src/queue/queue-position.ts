import type { Database } from 'better-sqlite3';
import type { Counter } from '@bianmin/config';

/** A range of minutes, never a promise (docs/architecture.md, "The queue"). */
export interface WaitEstimate {
  fromMinutes: number;
  toMinutes: number;
}

/** Fewer of today's services than this give no estimate: a guess from one is not a range. */
const MIN_SAMPLES = 3;

/** The order counters call a service's waiting tickets in: 绿色通道 first, then issue time. */
export const CALL_ORDER = 'priority DESC, issued_at ASC, rowid ASC';

const MINUTE_MS = 60_000;

/** Nearest-rank quantile of an ascending list. */
const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;

/**
 * "前面还有 N 人" and the estimated wait. N counts the waiting tickets of the same queue that
 * the call order puts before this one, so a later priority ticket counts and a transferred
 * one counts by its original issue time.
 */
export function createQueuePosition(db: Database, counters: readonly Counter[]) {
  const aheadOf = db
    .prepare<[number], number>(
      `
    SELECT COUNT(*) FROM tickets t JOIN tickets o
      ON o.day = t.day AND o.queue_service_id = t.queue_service_id
    WHERE t.rowid = ? AND t.status = 'waiting' AND o.status = 'waiting'
      AND (o.priority > t.priority OR (o.priority = t.priority AND (o.issued_at < t.issued_at
        OR (o.issued_at = t.issued_at AND o.rowid < t.rowid))))`,
    )
    .pluck();
  const served = db.prepare<
    [string, string],
    { called_at: string; serving_at: string | null; finished_at: string }
  >(`SELECT called_at, serving_at, finished_at FROM tickets
     WHERE day = ? AND queue_service_id = ? AND status = 'done' AND finished_at IS NOT NULL`);
  const pausedCounters = db
    .prepare<[], number>('SELECT number FROM counter_states WHERE paused = 1')
    .pluck();

  /** Today's service durations in this queue, ascending. */
  const serviceTimes = (day: string, serviceId: string) =>
    served
      .all(day, serviceId)
      .map((r) => Date.parse(r.finished_at) - Date.parse(r.serving_at ?? r.called_at))
      .filter((ms) => Number.isFinite(ms) && ms >= 0)
      .sort((a, b) => a - b);

  return {
    /** Waiting tickets called before this one (by rowid); 0 for a ticket no longer waiting. */
    ahead: (rowid: number): number => aheadOf.get(rowid) ?? 0,
    /**
     * From the median and upper quartile of today's service times in this queue, shared by
     * the counters calling it that are not paused; undefined until there is data.
     */
    estimate(day: string, serviceId: string, ahead: number): WaitEstimate | undefined {
      const times = serviceTimes(day, serviceId);
      if (times.length < MIN_SAMPLES) return undefined;
      const paused = new Set(pausedCounters.all());
      const open = counters.filter((c) => c.services.includes(serviceId) && !paused.has(c.number));
      const share = Math.max(1, open.length);
      const fromMinutes = Math.floor((ahead * quantile(times, 0.5)) / share / MINUTE_MS);
      const toMinutes = Math.ceil(((ahead + 1) * quantile(times, 0.75)) / share / MINUTE_MS);
      return { fromMinutes, toMinutes: Math.max(fromMinutes + 1, toMinutes) };
    },
  };
}
