import { localDate, localDayRange } from '@bianmin/common';
import type { EventBatch, ServiceTime } from '@bianmin/contract';
import { eventTime } from '../corrected-time.js';
import type { CoverageJudge, CoverageStore, ServiceInterval } from './coverage-store.js';
import type { TerminalCommunities } from './terminal-communities.js';

/** Service time arriving later than this after a day ends revises that day's figures. */
const DAY_CLOSES_AFTER_MS = 3_600_000;
const UNASSIGNED_REREAD_MS = 600_000;

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
  now?: () => number;
}) {
  const { store, terminals, judge, timeZone } = deps;
  const now = deps.now ?? Date.now;
  // Which terminals have days waiting for their community, read in one query (a partial
  // index) rather than asked at every terminal's first heartbeat: a registered terminal's
  // service time is stored with its community, so only terminals from before enrolment add
  // such days, and this process adds those it stores itself. Read again every 10 minutes for
  // the days another centre instance stored.
  let pending: Promise<Set<string>> | undefined;
  let readAt = 0;
  const pendingTerminals = () => {
    if (pending === undefined || now() - readAt > UNASSIGNED_REREAD_MS) {
      readAt = now();
      pending = store.terminalsWithUnassignedDays();
      // A failed read is tried again at the next terminal seen.
      pending.catch(() => {
        pending = undefined;
      });
    }
    return pending;
  };

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
      if (communityCode === null) (await pendingTerminals()).add(batch.terminalId);
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
      const waiting = await pendingTerminals();
      if (!waiting.has(terminalId)) return;
      const code = await terminals.communityOf(terminalId);
      if (code === null) return;
      await store.assignCommunity(terminalId, code, judge);
      waiting.delete(terminalId);
    },
  };
}
