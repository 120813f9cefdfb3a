import { createPeriodic, type Clock } from '@bianmin/common';
import type { ServiceCalendar } from '../coverage/calendar.js';
import { computePresence, offlineFrom } from '../presence.js';
import { createDueIndex } from './due-index.js';
import type {
  PresenceRecord,
  PresenceStore,
  PresenceSubject,
  TerminalPresenceChange,
} from './presence-store.js';

/** Terminals read and decided at a time by a sweep of every terminal. */
const SWEEP_PAGE = 1_000;

const yieldToRequests = () => new Promise((resolve) => setImmediate(resolve));

export interface PresenceSweeperOptions {
  store: PresenceStore;
  calendar: ServiceCalendar;
  /** Heartbeats missed in a row before offline. */
  missedHeartbeats: number;
  timeZone: string;
  now: () => Date;
  /** How often the terminals that are due are looked at; a read finding one due sweeps first. */
  intervalMs: number;
  /**
   * How often every terminal is looked at (default 10 minutes): catches what another centre
   * instance sharing the database saw and then stopped before deciding.
   */
  fullSweepMs?: number;
  onError: (error: unknown) => void;
  clock?: Clock;
}

/**
 * The one writer of presence (docs/coverage.md, Presence). It looks at one terminal when its
 * heartbeat arrives, so recovery shows at once, and on a timer at the terminals whose
 * missed heartbeats have fallen due since (an index of due instants kept in memory), so
 * going offline waits for the missed heartbeats without reading every terminal every time.
 * Every terminal is looked at when service hours open or close somewhere, at the first
 * sweep, and every `fullSweepMs`. It writes only changes, each kept as history. Runs are
 * queued one after another, so two never decide the same terminal; other centre instances
 * sharing a PostgreSQL database run their own sweepers, and the store writes a change only
 * once (PresenceStore.apply).
 */
export function createPresenceSweeper(options: PresenceSweeperOptions) {
  const { store, calendar, now, timeZone } = options;
  const fullSweepMs = options.fullSweepMs ?? 600_000;
  let queue: Promise<unknown> = Promise.resolve();
  let lastSweepMs = -Infinity;
  let lastFullSweepMs = -Infinity;
  // The next instant service hours open or close for some terminal: everyone is looked at.
  let calendarDueMs = Infinity;
  const due = createDueIndex();

  const serially = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run);
    queue = next.catch(() => undefined);
    return next;
  };

  // Decides each subject at `at`, adding the changes to `changes`.
  const judge = (
    subjects: readonly PresenceSubject[],
    current: ReadonlyMap<string, PresenceRecord>,
    at: Date,
    changes: TerminalPresenceChange[],
  ) => {
    for (const { terminalId: id, communityCode, input } of subjects) {
      const hours =
        communityCode === null ? undefined : calendar.closedAt(communityCode, at, timeZone);
      const closed = hours?.closed ?? false;
      const presence = computePresence({ ...input, closed }, at, options.missedHeartbeats);
      if (hours !== undefined) calendarDueMs = Math.min(calendarDueMs, hours.until.getTime());
      // Offline begins just after this instant.
      due.set(
        id,
        presence !== 'offline' && input.lastSeenAt !== null && input.intervalSeconds !== null
          ? offlineFrom(input.lastSeenAt, input.intervalSeconds, options.missedHeartbeats) + 1
          : undefined,
      );
      const previous = current.get(id)?.presence ?? null;
      if (presence === previous) continue;
      // Going offline from online is dated when the last missed heartbeat was due, however
      // late the sweep ran; other changes when the sweep saw them.
      const fromPresent = previous === 'online' || previous === 'degraded';
      const sinceMs = Date.parse(current.get(id)?.since ?? '') || -Infinity;
      const when =
        presence === 'offline' &&
        fromPresent &&
        input.lastSeenAt !== null &&
        input.intervalSeconds !== null
          ? Math.max(
              offlineFrom(input.lastSeenAt, input.intervalSeconds, options.missedHeartbeats),
              sinceMs,
            )
          : at.getTime();
      changes.push({ terminalId: id, at: new Date(when).toISOString(), presence, previous });
    }
  };

  // Every terminal (undefined), page by page, or the ones named, read one by one; the
  // changes are written together, in one transaction. `known`: what heartbeats just stored
  // for the terminals named, so their rows are not read back.
  const decide = async (
    terminalIds?: readonly string[],
    known?: readonly PresenceSubject[],
  ): Promise<number> => {
    const at = now();
    const changes: TerminalPresenceChange[] = [];
    if (terminalIds === undefined) {
      calendarDueMs = Infinity;
      due.clear();
      // Reading and deciding 120,000 terminals at once held every request for a second
      // (docs/benchmarks.md, "Fourth round"): a page at a time, requests in between.
      for (let after: string | null = null; ;) {
        const page = await store.page(after, SWEEP_PAGE);
        judge(page.subjects, page.current, at, changes);
        const last = page.subjects.at(-1);
        if (last === undefined) break;
        after = last.terminalId;
        await yieldToRequests();
      }
    } else if (known !== undefined) {
      judge(known, await store.current(terminalIds), at, changes);
    } else {
      for (const [i, id] of terminalIds.entries()) {
        const [one, its] = await Promise.all([store.subjects(id), store.current([id])]);
        judge(one, its, at, changes);
        // Many terminals fall due together after a regional outage: let requests through.
        if (i % 256 === 255) await yieldToRequests();
      }
    }
    return changes.length > 0 ? store.apply(changes) : 0;
  };

  // Every terminal, or only those due: whichever the instant calls for.
  const sweepAt = async (atMs: number): Promise<number> => {
    lastSweepMs = atMs;
    if (atMs >= calendarDueMs || atMs - lastFullSweepMs >= fullSweepMs) {
      lastFullSweepMs = atMs;
      return decide();
    }
    const dueNow = due.takeDue(atMs);
    if (dueNow.length === 0) return 0;
    try {
      return await decide(dueNow);
    } catch (error) {
      // Still due: the next sweep tries them again.
      for (const id of dueNow) due.set(id, atMs);
      throw error;
    }
  };

  const sweep = () => serially(async () => sweepAt(now().getTime()));

  // Heartbeats observed while the sweeper is busy are decided together, with one read of
  // their current presence: one decision (and one read) per heartbeat, one after another,
  // could not keep up with 2,000 a second on PostgreSQL (docs/benchmarks.md, "Fifth round").
  let observed = new Map<string, PresenceSubject>();
  let observing: Promise<number> | undefined;
  const observe = (stored: PresenceSubject): Promise<number> => {
    observed.set(stored.terminalId, stored);
    observing ??= serially(async () => {
      const known = [...observed.values()];
      observed = new Map();
      observing = undefined;
      return decide(
        known.map((k) => k.terminalId),
        known,
      );
    });
    return observing;
  };

  const loop = createPeriodic({
    task: sweep,
    intervalMs: options.intervalMs,
    onError: options.onError,
    ...(options.clock && { clock: options.clock }),
  });

  return {
    /** Decides the terminals due now (every terminal when that is due); resolves to the number of changes. */
    sweep,
    /**
     * A heartbeat from this terminal was stored (as `stored`): decide it as soon as the
     * sweeper is free; resolves to the number of changes of the decision it was part of.
     */
    observe,
    /**
     * Before a read: waits for decisions under way, and sweeps if some terminal's presence
     * may have changed since, so no read shows a presence the rule has already changed.
     */
    fresh: () =>
      serially(async () => {
        const at = now().getTime();
        const nextDueMs = Math.min(calendarDueMs, due.earliestMs(), lastFullSweepMs + fullSweepMs);
        if (at - lastSweepMs < options.intervalMs && at < nextDueMs) return 0;
        return sweepAt(at);
      }),
    start: () => loop.start(),
    stop: () => loop.stop(),
  };
}

export type PresenceSweeper = ReturnType<typeof createPresenceSweeper>;
