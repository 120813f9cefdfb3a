import { createPeriodic, type Clock } from '@bianmin/common';
import type { ServiceCalendar } from '../coverage/calendar.js';
import { computePresence, offlineFrom } from '../presence.js';
import type { PresenceStore, TerminalPresenceChange } from './presence-store.js';

export interface PresenceSweeperOptions {
  store: PresenceStore;
  calendar: ServiceCalendar;
  /** Heartbeats missed in a row before offline. */
  missedHeartbeats: number;
  timeZone: string;
  now: () => Date;
  /** How often every terminal is looked at; a read finding the last sweep older sweeps first. */
  intervalMs: number;
  onError: (error: unknown) => void;
  clock?: Clock;
}

/**
 * The one writer of presence (docs/coverage.md, Presence). It looks at every terminal on a
 * timer and at one terminal when its heartbeat arrives, so recovery shows at once while
 * going offline waits for the missed heartbeats; it writes only changes, each kept as
 * history. Runs are queued one after another, so two never decide the same terminal; other
 * centre instances sharing a PostgreSQL database run their own sweepers, and the store
 * writes a change only once (PresenceStore.apply).
 */
export function createPresenceSweeper(options: PresenceSweeperOptions) {
  const { store, calendar, now, timeZone } = options;
  let queue: Promise<unknown> = Promise.resolve();
  let lastSweepMs = -Infinity;
  // The earliest instant at which some terminal's presence may change with no new heartbeat
  // (a missed heartbeat falls due, service hours open or close): a read at or after it
  // sweeps first, so no read shows a presence the rule has already changed.
  let nextDueMs = Infinity;

  const serially = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run);
    queue = next.catch(() => undefined);
    return next;
  };

  const decide = async (terminalId?: string): Promise<number> => {
    const at = now();
    const [subjects, current] = await Promise.all([
      store.subjects(terminalId),
      store.current(terminalId),
    ]);
    const changes: TerminalPresenceChange[] = [];
    if (terminalId === undefined) nextDueMs = Infinity;
    for (const { terminalId: id, communityCode, input } of subjects) {
      const hours =
        communityCode === null ? undefined : calendar.closedAt(communityCode, at, timeZone);
      const closed = hours?.closed ?? false;
      const presence = computePresence({ ...input, closed }, at, options.missedHeartbeats);
      if (hours !== undefined) nextDueMs = Math.min(nextDueMs, hours.until.getTime());
      if (presence !== 'offline' && input.lastSeenAt !== null && input.intervalSeconds !== null) {
        const due = offlineFrom(input.lastSeenAt, input.intervalSeconds, options.missedHeartbeats);
        // Offline begins just after this instant.
        nextDueMs = Math.min(nextDueMs, due + 1);
      }
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
    return changes.length > 0 ? store.apply(changes) : 0;
  };

  const sweep = () =>
    serially(async () => {
      lastSweepMs = now().getTime();
      return decide();
    });

  const loop = createPeriodic({
    task: sweep,
    intervalMs: options.intervalMs,
    onError: options.onError,
    ...(options.clock && { clock: options.clock }),
  });

  return {
    /** Decides every terminal now; resolves to the number of changes. */
    sweep,
    /** A heartbeat from this terminal was stored: decide it now. */
    observe: (terminalId: string) => serially(() => decide(terminalId)),
    /** Before a read: waits for decisions under way, and sweeps unless one ran within the interval. */
    fresh: () =>
      serially(async () => {
        const at = now().getTime();
        if (at - lastSweepMs < options.intervalMs && at < nextDueMs) return 0;
        lastSweepMs = now().getTime();
        return decide();
      }),
    start: () => loop.start(),
    stop: () => loop.stop(),
  };
}

export type PresenceSweeper = ReturnType<typeof createPresenceSweeper>;
