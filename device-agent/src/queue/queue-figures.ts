import type { HallSnapshot, QueueFigures, WaitingCount } from '@bianmin/contract';
import type { CounterContext } from './counter-context.js';
import { view } from './counter-rows.js';
import { createQueuePosition } from './queue-position.js';
import type { TicketState } from './queue-tables.js';

type ServiceFigures = QueueFigures['services'][number];

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = values.sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1]!;
};

/** What the hall, the counters and the centre read of today's queue: counts, calls, figures. */
export function createQueueFigures(ctx: CounterContext) {
  const { s, options, today } = ctx;
  const position = createQueuePosition(ctx.db, options.counters);
  return {
    /** Today's waiting tickets per queue service, counted. */
    waitingCounts(): WaitingCount[] {
      const counts = new Map(
        s.waitingCounts.all(today()).map((r) => [r.queue_service_id, r.waiting]),
      );
      return options.queueServiceIds.map((serviceId) => ({
        serviceId,
        waiting: counts.get(serviceId) ?? 0,
      }));
    },

    /** Today's latest calls, newest first; a recall does not move a ticket up. */
    recentCalls(limit: number): HallSnapshot['recentCalls'] {
      return s.recentCalls.all(today(), limit).map((row) => ({
        ticketNumber: row.number,
        serviceId: row.queue_service_id,
        counter: row.counter!,
        counterName: ctx.counters.get(row.counter!)?.name ?? `${row.counter}`,
        calledAt: row.called_at!,
      }));
    },

    /** Today's waiting tickets per queue service, in call order, and the held ones. */
    waiting() {
      const day = today();
      return {
        services: options.queueServiceIds.map((serviceId) => ({
          serviceId,
          tickets: s.waitingIn.all(day, serviceId).map(view),
        })),
        held: s.held.all(day).map(view),
      };
    },

    /** Today's figures per queue service. */
    figures(): ServiceFigures[] {
      const day = today();
      const rows = s.today.all(day);
      return options.queueServiceIds.map((serviceId) => {
        const issued = rows.filter((r) => r.service_id === serviceId);
        const inQueue = rows.filter((r) => r.queue_service_id === serviceId);
        const count = (state: TicketState) => inQueue.filter((r) => r.status === state).length;
        const waits = issued.flatMap((r) =>
          r.called_at && r.service_id === r.queue_service_id
            ? [Date.parse(r.called_at) - Date.parse(r.issued_at)]
            : [],
        );
        const services = inQueue.flatMap((r) =>
          r.status === 'done' && r.finished_at
            ? [Date.parse(r.finished_at) - Date.parse(r.serving_at ?? r.called_at ?? r.issued_at)]
            : [],
        );
        const waiting = count('waiting');
        return {
          serviceId,
          issued: issued.length,
          waiting,
          held: count('held'),
          done: count('done'),
          noShow: count('no-show'),
          medianWaitMs: median(waits),
          medianServiceMs: median(services),
          estimatedWait: position.estimate(day, serviceId, waiting) ?? null,
        };
      });
    },
  };
}
