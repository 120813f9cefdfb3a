import type { HallSnapshot, QueueCall, WaitingCount } from '@bianmin/contract';

/** The calls the display lists besides the current ones. */
export const RECENT_CALLS_SHOWN = 8;

/**
 * A call as the display shows it at once, before any new snapshot: the counter's current
 * ticket, and the call first in the recent list (a recall moves it up again, so the hall
 * sees it called anew).
 */
export function withCall(hall: HallSnapshot, call: QueueCall, at: Date): HallSnapshot {
  const current = { ticketNumber: call.ticketNumber, serviceId: call.serviceId };
  const recent = {
    ticketNumber: call.ticketNumber,
    serviceId: call.serviceId,
    counter: call.counter,
    counterName: call.counterName,
    calledAt: at.toISOString(),
  };
  return {
    ...hall,
    counters: hall.counters.map((c) => (c.number === call.counter ? { ...c, current } : c)),
    recentCalls: [
      recent,
      ...hall.recentCalls.filter(
        (r) => r.ticketNumber !== call.ticketNumber || r.counter !== call.counter,
      ),
    ].slice(0, RECENT_CALLS_SHOWN),
  };
}

export function withWaiting(hall: HallSnapshot, waiting: readonly WaitingCount[]): HallSnapshot {
  const counts = new Map(waiting.map((w) => [w.serviceId, w.waiting]));
  return {
    ...hall,
    services: hall.services.map((s) => ({ ...s, waiting: counts.get(s.serviceId) ?? s.waiting })),
  };
}

/** How a call is said on the display: 请 A003 号 到 2号窗口. */
export const callText = (call: { ticketNumber: string; counterName: string }) =>
  `请 ${call.ticketNumber} 号到 ${call.counterName}`;
