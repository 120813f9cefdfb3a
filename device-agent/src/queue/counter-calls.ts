import { err, ok } from '@bianmin/common';
import type { Counter } from '@bianmin/config';
import type { QueueCall } from '@bianmin/contract';
import {
  changeOf,
  currentIn,
  ticketAt,
  type CounterContext,
  type Step,
} from './counter-context.js';
import type { CallResult, MeantNext, MeantTicket } from './counter-queue.js';
import { view, type TicketRow } from './counter-rows.js';
import { finishRow, noShowRow } from './counter-tickets.js';

/** How a ticket came to be called: the first time, again, or back from hold. */
type CallKind = QueueCall['call'];

/** Calling residents to a counter: the next one, the same one again, a held one back. */
export function createCalls(ctx: CounterContext) {
  const change = changeOf(ctx);
  const { s, options } = ctx;

  /**
   * True while a call of this counter is younger than the guard: a second press is dropped. A
   * call "in the future" is not: the clock was set back (a terminal that ran ahead, then NTP),
   * and the counter must not stay unable to call until real time catches up with it.
   */
  const guarded = (number: number, at: Date) => {
    const last = ctx.stateOf(number).last_call_at;
    if (last === null) return false;
    const since = at.getTime() - Date.parse(last);
    return since >= 0 && since < options.calling.repeatCallGuardSeconds * 1000;
  };

  const ignored = (counter: Counter): Step<CallResult> => {
    const row = ctx.current(counter.number);
    return ok({ value: { ticket: row ? view(row) : null, ignored: true } });
  };

  function markCalled(row: TicketRow, counter: Counter, call: CallKind, at: Date): QueueCall {
    s.markCall.run(counter.number, at.toISOString());
    ctx.outbox.append({
      type: 'queue.called',
      createdAt: at,
      payload: { ...ticketAt(row, counter.number), call, issuedAt: row.issued_at },
    });
    return { ...ticketAt(row, counter.number), counterName: counter.name, call };
  }

  return {
    /**
     * Finishes the counter's current ticket (done) and calls the next: the first of the
     * counter's services, in its order, with a ticket waiting; within it 绿色通道 first, then
     * by issue time. `ticket` is null when no one waits.
     */
    callNext: change((counter, at, meant: MeantNext = 'current'): Step<CallResult> => {
      if (ctx.stateOf(counter.number).paused === 1) return err({ kind: 'counter-paused' });
      if (guarded(counter.number, at)) return ignored(counter);
      const before = ctx.current(counter.number);
      const current = before?.number ?? null;
      if (meant !== 'current' && meant.ticketNumber !== current) {
        return err({ kind: 'ticket-changed', shown: meant.ticketNumber, current });
      }
      if (before) finishRow(ctx, before, counter.number, at);
      const day = ctx.today();
      for (const serviceId of counter.services) {
        const next = s.nextIn.get(day, serviceId);
        if (!next) continue;
        s.call.run(counter.number, at.toISOString(), next.rowid);
        const call = markCalled(next, counter, 'first', at);
        return ok({ value: { ticket: ctx.reread(next), ignored: false }, call });
      }
      return ok({ value: { ticket: null, ignored: false } });
    }),

    /**
     * Calls the current ticket again; past `recallsBeforeNoShow` recalls the resident has
     * not come, and the ticket is marked no-show (过号) instead.
     */
    recall: change((counter, at, meant: MeantTicket): Step<CallResult & { noShow: boolean }> => {
      const row = currentIn(ctx, counter, meant, ['called']);
      if (!row.ok) return row;
      if (guarded(counter.number, at)) {
        return ok({ value: { ticket: view(row.value), ignored: true, noShow: false } });
      }
      if (row.value.recalls >= options.calling.recallsBeforeNoShow) {
        noShowRow(ctx, row.value, counter.number, at);
        return ok({ value: { ticket: ctx.reread(row.value), ignored: false, noShow: true } });
      }
      s.recall.run(row.value.rowid);
      const call = markCalled(row.value, counter, 'recall', at);
      return ok({ value: { ticket: ctx.reread(row.value), ignored: false, noShow: false }, call });
    }),

    /** Calls a held ticket of one of the counter's services to this counter. */
    callBack: change((counter, at, number: string): Step<CallResult> => {
      if (guarded(counter.number, at)) return ignored(counter);
      if (ctx.current(counter.number)) return err({ kind: 'counter-busy' });
      const row = s.byNumber.get(ctx.today(), number);
      if (!row || row.status !== 'held') return err({ kind: 'unknown-ticket' });
      if (!counter.services.includes(row.queue_service_id)) return err({ kind: 'not-served-here' });
      s.call.run(counter.number, at.toISOString(), row.rowid);
      const call = markCalled(row, counter, 'call-back', at);
      return ok({ value: { ticket: ctx.reread(row), ignored: false }, call });
    }),
  };
}
