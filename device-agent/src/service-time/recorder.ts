import type Database from 'better-sqlite3';
import { createPeriodic, localDate, type Clock } from '@bianmin/common';
import { hoursAt, type Closure, type WeeklyHours } from '@bianmin/config';
import {
  DEVICE_IDS,
  TIMESTAMP_FLOOR,
  stateSpec,
  type ReportedDeviceStates,
  type ServiceState,
} from '@bianmin/contract';
import type { Outbox } from '@bianmin/sync/outbox';

/** How often the recorder notes that the agent is running. */
const CHECKPOINT_MS = 60_000;
/** Intervals are cut at this length, so the centre sees today's hours grow during the day. */
const MAX_INTERVAL_MS = 15 * 60_000;
/** Longer without a checkpoint means the agent was not running (machine suspended, clock stepped). */
const GAP_MS = 3 * CHECKPOINT_MS;
const FLOOR_MS = Date.parse(TIMESTAMP_FLOOR);

export interface ServiceTimeRecorderOptions {
  /** The terminal database, with the service_time_mark table. */
  db: Database.Database;
  outbox: Outbox;
  serviceHours: WeeklyHours;
  /** Declared closed days (停业), from the centre's configuration: closed all day. */
  closures?: readonly Closure[];
  timeZone: string;
  deviceStates: () => ReportedDeviceStates;
  now: () => Date;
  onError: (error: unknown) => void;
  clock?: Clock;
}

interface Interval {
  state: ServiceState;
  from: Date;
  to: Date;
}

interface Mark {
  state: ServiceState;
  since: Date;
  aliveAt: Date;
}

interface MarkRow {
  state: ServiceState;
  since: string;
  alive_at: string;
}

/**
 * The terminal's own record of what it could serve (docs/coverage.md): in service, device
 * fault or closed while running, off while not. Each finished interval goes into the outbox
 * in one transaction with the mark that says where the next one starts, so an interval is
 * sent once even across a crash, and hours served offline reach the centre later.
 */
export function createServiceTimeRecorder(options: ServiceTimeRecorderOptions) {
  const { db, outbox, serviceHours, timeZone, now } = options;
  const readMark = db.prepare('SELECT state, since, alive_at FROM service_time_mark WHERE id = 1');
  const writeMark = db.prepare(`
    INSERT INTO service_time_mark (id, state, since, alive_at) VALUES (1, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET
      state = excluded.state, since = excluded.since, alive_at = excluded.alive_at`);
  const commit = db.transaction((intervals: readonly Interval[], mark: Mark) => {
    for (const { state, from, to } of intervals) {
      // Before the floor the clock was not set: such times mean nothing at the centre.
      if (to <= from || from.getTime() < FLOOR_MS) continue;
      // Stamped by the clock the interval was measured with, so the centre's offset
      // correction moves the interval and its event together.
      outbox.append({
        type: 'service-time.recorded',
        payload: { state, from: from.toISOString(), to: to.toISOString() },
        createdAt: mark.aliveAt,
      });
    }
    writeMark.run(mark.state, mark.since.toISOString(), mark.aliveAt.toISOString());
  });

  // A device that residents need is one whose registry states include faults; the scanner's
  // are only warnings, so a terminal without a working scanner still serves.
  const faulted = () => {
    const states = options.deviceStates();
    return DEVICE_IDS.some((device) => {
      const state = states[device];
      return state !== undefined && (stateSpec(device, state)?.severity ?? 'fault') === 'fault';
    });
  };
  const closures = options.closures ?? [];
  const closedAllDay = (at: Date) => {
    // Asked at every checkpoint: the local date is worked out only when there is a closure.
    if (closures.length === 0) return false;
    const date = localDate(at, timeZone);
    return closures.some((c) => c.from <= date && date <= c.to);
  };
  const stateAt = (at: Date): ServiceState => {
    // hoursAt's edges include local midnight, so a closure's day is entered at its start.
    if (closedAllDay(at) || !hoursAt(at, timeZone, serviceHours).open) return 'closed';
    return faulted() ? 'device-fault' : 'in-service';
  };

  let mark: Mark | undefined;

  /** Cuts [mark.since, to) at window edges, local midnights and the maximum length. */
  function cutUntil(from: Mark, to: Date, out: Interval[]): Mark {
    let { state, since } = from;
    for (;;) {
      const edge = hoursAt(since, timeZone, serviceHours).until.getTime();
      const cut = new Date(Math.min(edge, since.getTime() + MAX_INTERVAL_MS));
      if (cut >= to) break;
      out.push({ state, from: since, to: cut });
      since = cut;
      // Device changes are reported as they happen, so between them only the hours change.
      state = state === 'off' ? state : stateAt(since);
    }
    return { state, since, aliveAt: to };
  }

  /** The recorded state up to the last checkpoint, then off until `at`. */
  function closeAsOff(from: Mark, at: Date, out: Interval[]): Mark {
    const upToGap = cutUntil(from, from.aliveAt, out);
    out.push({ state: upToGap.state, from: upToGap.since, to: from.aliveAt });
    out.push({ state: 'off', from: from.aliveAt, to: at });
    return { state: stateAt(at), since: at, aliveAt: at };
  }

  function checkpoint(at: Date): void {
    if (mark === undefined) return;
    const out: Interval[] = [];
    let next: Mark;
    if (at < mark.aliveAt) {
      // The clock stepped back: what lies between cannot be placed, so start afresh.
      next = { state: stateAt(at), since: at, aliveAt: at };
    } else if (at.getTime() - mark.aliveAt.getTime() > GAP_MS) {
      next = closeAsOff(mark, at, out);
    } else {
      next = cutUntil(mark, at, out);
      const current = stateAt(at);
      if (current !== next.state) {
        out.push({ state: next.state, from: next.since, to: at });
        next = { state: current, since: at, aliveAt: at };
      }
    }
    commit(out, next);
    mark = next;
  }

  /** Reports the time since the last record before a restart as off, then records on. */
  function begin(at: Date): void {
    const row = readMark.get() as MarkRow | undefined;
    const out: Interval[] = [];
    const next =
      row === undefined
        ? { state: stateAt(at), since: at, aliveAt: at }
        : closeAsOff(
            { state: row.state, since: new Date(row.since), aliveAt: new Date(row.alive_at) },
            at,
            out,
          );
    commit(out, next);
    mark = next;
  }

  // Until a first record succeeds (e.g. storage was faulted at start) each run tries again.
  const loop = createPeriodic({
    task: () => (mark === undefined ? begin(now()) : checkpoint(now())),
    intervalMs: CHECKPOINT_MS,
    firstDelayMs: CHECKPOINT_MS,
    onError: options.onError,
    ...(options.clock && { clock: options.clock }),
  });

  return {
    start(): void {
      try {
        begin(now());
      } catch (error) {
        options.onError(error);
      }
      loop.start();
    },
    /** A device's state changed (health has already taken the new state). */
    deviceChanged(): void {
      try {
        checkpoint(now());
      } catch (error) {
        options.onError(error);
      }
    },
    /** Sends the interval up to now; the time until the next start will be off. */
    async stop(): Promise<void> {
      await loop.stop();
      if (mark === undefined) return;
      const at = now();
      checkpoint(at);
      commit([{ state: mark.state, from: mark.since, to: at }], {
        ...mark,
        since: at,
        aliveAt: at,
      });
      mark = undefined;
    },
  };
}
