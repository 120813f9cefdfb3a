import { err, ok } from '@bianmin/common';
import type { CounterTicket } from '@bianmin/contract';
import {
  changeOf,
  currentIn,
  ticketAt,
  type CounterContext,
  type Step,
} from './counter-context.js';
import type { MeantTicket } from './counter-queue.js';
import type { TicketRow } from './counter-rows.js';

/** The ticket is done: its service time, from serving (or its call) to now, goes with it. */
export function finishRow(ctx: CounterContext, row: TicketRow, counter: number, at: Date): void {
  ctx.s.finish.run('done', at.toISOString(), row.rowid);
  const from = Date.parse(row.serving_at ?? row.called_at ?? row.issued_at);
  ctx.outbox.append({
    type: 'queue.done',
    createdAt: at,
    payload: { ...ticketAt(row, counter), serviceMs: Math.max(0, at.getTime() - from) },
  });
}

/** The resident did not come (过号). */
export function noShowRow(ctx: CounterContext, row: TicketRow, counter: number, at: Date): void {
  ctx.s.finish.run('no-show', at.toISOString(), row.rowid);
  ctx.outbox.append({
    type: 'queue.no-show',
    createdAt: at,
    payload: { ...ticketAt(row, counter), recalls: row.recalls },
  });
}

/** What a counter does with its current ticket besides calling it: serve, finish, hold, send on. */
export function createTicketSteps(ctx: CounterContext) {
  const change = changeOf(ctx);
  return {
    noShow: change((counter, at, meant: MeantTicket): Step<CounterTicket> => {
      const row = currentIn(ctx, counter, meant, ['called']);
      if (!row.ok) return row;
      noShowRow(ctx, row.value, counter.number, at);
      return ok({ value: ctx.reread(row.value) });
    }),

    startServing: change((counter, at, meant: MeantTicket): Step<CounterTicket> => {
      const row = currentIn(ctx, counter, meant, ['called']);
      if (!row.ok) return row;
      ctx.s.serve.run(at.toISOString(), row.value.rowid);
      ctx.outbox.append({
        type: 'queue.serving',
        createdAt: at,
        payload: ticketAt(row.value, counter.number),
      });
      return ok({ value: ctx.reread(row.value) });
    }),

    finish: change((counter, at, meant: MeantTicket): Step<CounterTicket> => {
      const row = currentIn(ctx, counter, meant, ['called', 'serving']);
      if (!row.ok) return row;
      finishRow(ctx, row.value, counter.number, at);
      return ok({ value: ctx.reread(row.value) });
    }),

    /** The resident stepped away: the ticket waits, out of the queue, to be called back. */
    hold: change((counter, at, meant: MeantTicket): Step<CounterTicket> => {
      const row = currentIn(ctx, counter, meant, ['called', 'serving']);
      if (!row.ok) return row;
      ctx.s.setState.run('held', row.value.rowid);
      ctx.outbox.append({
        type: 'queue.held',
        createdAt: at,
        payload: ticketAt(row.value, counter.number),
      });
      return ok({ value: ctx.reread(row.value) });
    }),

    /**
     * Sends the current ticket to another service's queue. It keeps its number and issue
     * time, so it waits there in the place its issue time gives it.
     */
    transfer: change(
      (counter, at, meant: MeantTicket, toServiceId: string): Step<CounterTicket> => {
        if (!ctx.options.queueServiceIds.includes(toServiceId)) {
          return err({ kind: 'unknown-service' });
        }
        const row = currentIn(ctx, counter, meant, ['called', 'serving']);
        if (!row.ok) return row;
        if (row.value.queue_service_id === toServiceId) {
          return err({ kind: 'wrong-state', state: row.value.status });
        }
        ctx.s.requeue.run(toServiceId, row.value.rowid);
        ctx.outbox.append({
          type: 'queue.transferred',
          createdAt: at,
          payload: {
            ticketNumber: row.value.number,
            fromServiceId: row.value.queue_service_id,
            toServiceId,
            counter: counter.number,
          },
        });
        return ok({ value: ctx.reread(row.value) });
      },
    ),
  };
}
