import { localDate, localDayRange } from '@bianmin/common';
import type { EventBatch, ServiceTime } from '@bianmin/contract';
import { eventTime } from '../corrected-time.js';
import type { CoverageJudge, CoverageStore, ServiceInterval } from './coverage-store.js';
import type { TerminalCommunities } from './terminal-communities.js';

/** Service time arriving later than this after a day ends revises that day's figures. */
const DAY_CLOSES_AFTER_MS = 3_600_000;

/**
 * Turns the service-time events of a batch into intervals on the centre's clock, split
 * into local days, and stores them. Idempotent, so it runs before the batch is stored: a
 * crash between the two loses nothing, because the terminal resends.
 */
export function createServiceTimeIngest(deps: {
  store: CoverageStore;
  terminals: TerminalCommunities;
  judge: CoverageJudge;
  timeZone: string;
}) {
  const { store, terminals, judge, timeZone } = deps;
  // Terminals whose days all have their community: a terminal seen is registered, and the
  // service time of a registered terminal is stored with its community, so each is asked
  // once per process, not at every heartbeat.
  const assigned = new Set<string>();

  const toInterval = (
    payload: ServiceTime,
    createdAt: string,
    sentAt: Date,
    receivedAt: Date,
  ): ServiceInterval | undefined => {
    const created = new Date(createdAt);
    const time = eventTime(created, sentAt, receivedAt);
    // Before its clock was set the terminal cannot say when it served.
    if (time.uncertain) return undefined;
    const shift = time.at.getTime() - created.getTime();
    const from = Date.parse(payload.from) + shift;
    // Never later than the event itself: an interval is reported once it has ended.
    const to = Math.min(Date.parse(payload.to) + shift, time.at.getTime());
    if (!(to > from)) return undefined;
    const days: { day: string; seconds: number; closesAt: string }[] = [];
    if (payload.state === 'in-service') {
      for (let start = from; start < to;) {
        const day = localDayRange(new Date(start), timeZone);
        const end = Math.min(to, day.end.getTime());
        days.push({
          day: localDate(new Date(start), timeZone),
          seconds: (end - start) / 1000,
          closesAt: new Date(day.end.getTime() + DAY_CLOSES_AFTER_MS).toISOString(),
        });
        start = end;
      }
    }
    return {
      state: payload.state,
      reportedFrom: payload.from,
      reportedTo: payload.to,
      correctedFrom: new Date(from).toISOString(),
      correctedTo: new Date(to).toISOString(),
      days,
    };
  };

  return {
    async record(batch: EventBatch, receivedAt: Date): Promise<void> {
      const sentAt = new Date(batch.sentAt);
      const intervals: ServiceInterval[] = [];
      for (const event of batch.events) {
        if (event.type !== 'service-time.recorded') continue;
        const interval = toInterval(event.payload, event.createdAt, sentAt, receivedAt);
        if (interval !== undefined) intervals.push(interval);
      }
      if (intervals.length === 0) return;
      const communityCode = await terminals.communityOf(batch.terminalId);
      await store.addServiceTime({
        terminalId: batch.terminalId,
        communityCode,
        intervals,
        receivedAt,
        judge,
      });
    },
    /** Days recorded before the terminal's community was known count once it is. */
    async terminalSeen(terminalId: string): Promise<void> {
      if (assigned.has(terminalId)) return;
      if (await store.hasUnassignedDays(terminalId)) {
        const code = await terminals.communityOf(terminalId);
        if (code === null) return;
        await store.assignCommunity(terminalId, code, judge);
      }
      assigned.add(terminalId);
    },
  };
}
